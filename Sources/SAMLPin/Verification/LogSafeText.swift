/// Text copied from a message into an error, made safe to write to a log line.
///
/// Error reasons quote values from messages that may not be verified yet (an Issuer, a status
/// message). A line break in one would let a sender forge log entries, and 100 KB of it would
/// flood the log; control, line-separator and bidirectional-override characters are escaped and
/// the text is cut at a fixed size.
enum LogSafeText {
    /// The most UTF-8 bytes a reason keeps.
    static let maximumReasonBytes = 512

    /// `text` with unsafe characters escaped as `\u{…}`, cut to `limit` UTF-8 bytes with `…`.
    static func clean(_ text: String, limit: Int = maximumReasonBytes) -> String {
        var result = ""
        var bytes = 0
        for scalar in text.unicodeScalars {
            let piece = needsEscape(scalar) ? "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}" : nil
            let size = piece?.utf8.count ?? scalar.utf8.count
            guard bytes + size <= limit else {
                result += "…"
                break
            }
            if let piece { result += piece } else { result.unicodeScalars.append(scalar) }
            bytes += size
        }
        return result
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:
            return true
        default:
            return false
        }
    }
}
