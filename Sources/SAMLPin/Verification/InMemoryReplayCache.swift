import Foundation
import Synchronization

/// A bounded, process-local `ReplayCache`.
///
/// Entries live until their expiry (the assertion's last valid instant plus clock skew). When
/// the cache is full, expired entries are dropped first; if every entry is still live, the
/// insert is refused with `.unavailable`, and the verifier rejects the message with
/// `replayCacheFull`. Dropping a live entry would let that assertion be replayed, so a full
/// cache fails closed instead. Size `capacity` for the logins expected within one assertion
/// lifetime. Use a shared store (for example Redis) when several instances serve one SP.
public final class InMemoryReplayCache: ReplayCache {
    private struct Key: Hashable {
        let issuer: String
        let assertionID: String
    }

    private struct State {
        var expiries: [Key: Date] = [:]
        /// The earliest expiry in `expiries`, so a sweep only runs when something can go.
        var earliestExpiry: Date = .distantFuture
    }

    /// The most entries held at once.
    public let capacity: Int
    private let state = Mutex(State())

    /// Creates an empty cache.
    ///
    /// - Parameter capacity: the most unexpired assertion IDs kept at once (at least 1).
    public init(capacity: Int = 100_000) {
        self.capacity = max(capacity, 1)
    }

    /// The number of entries currently held, expired or not.
    public var count: Int {
        state.withLock { $0.expiries.count }
    }

    /// Records the ID unless a live entry exists; see `ReplayCache` and the type's documentation
    /// for what happens when the cache is full.
    public func insertIfAbsent(assertionID: String, issuer: String, expiresAt: Date, now: Date) -> ReplayCacheOutcome {
        let key = Key(issuer: issuer, assertionID: assertionID)
        let capacity = self.capacity
        return state.withLock { state in
            // A recorded, unexpired ID is a replay; an expired one may be reused.
            if let expiry = state.expiries[key], expiry > now {
                return .alreadyPresent
            }
            if state.expiries.count >= capacity, state.expiries[key] == nil {
                Self.sweep(&state, now: now)
            }
            // Refuse rather than evict a live entry: eviction would re-open a replay window.
            if state.expiries.count >= capacity, state.expiries[key] == nil {
                return .unavailable(reason: "the replay cache holds \(capacity) unexpired entries")
            }
            state.expiries[key] = expiresAt
            state.earliestExpiry = min(state.earliestExpiry, expiresAt)
            return .inserted
        }
    }

    private static func sweep(_ state: inout State, now: Date) {
        guard state.earliestExpiry <= now else { return }
        state.expiries = state.expiries.filter { $0.value > now }
        state.earliestExpiry = state.expiries.values.min() ?? .distantFuture
    }
}
