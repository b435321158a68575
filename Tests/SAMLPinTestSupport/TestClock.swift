import Foundation

/// The instants test responses are issued at and verified at.
///
/// The issue instant is the test process's start, to the second, so a response is valid both
/// for a verifier with a frozen clock at `verificationInstant` and for real IdP software that
/// stamps the current time.
public enum TestClock {
    /// When the default test response was issued.
    public static let issueInstant = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))

    /// A moment shortly after issue, inside every default validity window.
    public static var verificationInstant: Date { issueInstant.addingTimeInterval(20) }

    /// `xs:dateTime` in UTC with a `Z`, as IdPs write it.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
