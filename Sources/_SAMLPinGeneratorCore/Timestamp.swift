import Foundation

/// Dates written into diagnostics and generated code, always in UTC so output never depends on
/// the machine's time zone.
enum Timestamp {
    /// `2027-01-01T00:00:00Z`, with milliseconds when the date has a fraction of a second.
    static func iso8601(_ date: Date) -> String {
        // gmtime_r rather than Calendar: it is called for every certificate date of every IdP, and
        // a Calendar computation costs tens of thousands of instructions each time.
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let wholeSeconds = (milliseconds / 1000).rounded(.down)
        var seconds = time_t(wholeSeconds)
        var parts = tm()
        guard gmtime_r(&seconds, &parts) != nil else { return "\(wholeSeconds)Z" }
        var text = padded(Int(parts.tm_year) + 1900, 4) + "-" + padded(Int(parts.tm_mon) + 1, 2) + "-"
            + padded(Int(parts.tm_mday), 2) + "T" + padded(Int(parts.tm_hour), 2) + ":" + padded(Int(parts.tm_min), 2)
            + ":" + padded(Int(parts.tm_sec), 2)
        let fraction = Int(milliseconds - wholeSeconds * 1000)
        if fraction != 0 { text += "." + padded(fraction, 3) }
        return text + "Z"
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// The Swift expression for `timeIntervalSince1970`: whole seconds, or seconds with milliseconds.
    static func secondsLiteral(_ date: Date) -> String {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded()
        let whole = (milliseconds / 1000).rounded(.down)
        let fraction = Int(milliseconds - whole * 1000)
        if fraction == 0 { return String(Int64(whole)) }
        return String(Int64(whole)) + String(format: ".%03d", fraction)
    }
}
