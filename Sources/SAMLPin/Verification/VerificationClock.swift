import Foundation

/// Where the verifier gets the current time from.
///
/// Time conditions (NotBefore, NotOnOrAfter, IssueInstant) and replay-cache expiry are
/// evaluated against this clock. Production code uses `SystemClock`; tests freeze time with
/// `FixedClock`.
public protocol VerificationClock: Sendable {
    /// The current instant.
    func now() -> Date
}

/// The system's wall clock.
public struct SystemClock: VerificationClock {
    /// Creates the system clock.
    public init() {}

    /// The current wall-clock time.
    public func now() -> Date { Date() }
}

/// A clock stopped at one instant.
public struct FixedClock: VerificationClock {
    /// The instant this clock always reports.
    public let instant: Date

    /// Creates a clock that always reports `instant`.
    public init(_ instant: Date) {
        self.instant = instant
    }

    /// `instant`, every time.
    public func now() -> Date { instant }
}
