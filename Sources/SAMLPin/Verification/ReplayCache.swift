import Foundation

/// What happened when the verifier tried to record an assertion ID.
public enum ReplayCacheOutcome: Sendable, Hashable {
    /// The ID was not known and is now recorded until its expiry.
    case inserted
    /// The ID is already recorded and has not expired: this is a replay.
    case alreadyPresent
    /// The cache could not record the ID (full, or its store is unreachable); the
    /// verifier refuses the message, because a replay cannot be ruled out.
    case unavailable(reason: String)
}

/// Remembers accepted assertion IDs until they expire, so each assertion is accepted once.
///
/// Implementations must make `insertIfAbsent` atomic: when two tasks insert the same key at
/// the same time, exactly one gets `.inserted`. The verifier calls it last, after every other
/// check passed.
public protocol ReplayCache: Sendable {
    /// Records `assertionID` from `issuer` unless it is already recorded and unexpired.
    ///
    /// - Parameters:
    ///   - assertionID: the verified Assertion's `ID`.
    ///   - issuer: the verified issuer's entity ID (IDs are unique per issuer).
    ///   - expiresAt: when the entry may be forgotten: the assertion's last valid instant plus skew.
    ///   - now: the verifier's current time.
    /// - Returns: whether the ID was new, a replay, or could not be recorded.
    func insertIfAbsent(assertionID: String, issuer: String, expiresAt: Date, now: Date) -> ReplayCacheOutcome
}
