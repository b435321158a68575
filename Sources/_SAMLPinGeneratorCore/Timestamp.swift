import Foundation

/// Dates written into diagnostics and generated code, always in UTC so output never depends on
/// the machine's time zone.
enum Timestamp {
    /// `2027-01-01T00:00:00Z`, with milliseconds when the date has a fraction of a second.
    static func iso8601(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let milliseconds = millisecondsPart(of: date)
        var text = String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d",
            parts.year ?? 0, parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0
        )
        if milliseconds != 0 { text += String(format: ".%03d", milliseconds) }
        return text + "Z"
    }

    /// The Swift expression for `timeIntervalSince1970`: whole seconds, or seconds with milliseconds.
    static func secondsLiteral(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let whole = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - whole * 1000)
        if fraction == 0 { return String(Int64(whole)) }
        return String(Int64(whole)) + String(format: ".%03d", fraction)
    }

    private static func millisecondsPart(of date: Date) -> Int {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let whole = (milliseconds / 1000).rounded(.down)
        return Int(milliseconds - whole * 1000)
    }
}
