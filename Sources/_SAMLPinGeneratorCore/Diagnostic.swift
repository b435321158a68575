/// A problem or remark about an input file, printed compiler-style so editors and CI can link to it.
///
/// `description` is `path:line: severity: message`, or `path: severity: message` when no line applies.
public struct Diagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// How serious a diagnostic is. Any `error` stops generation.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The input cannot be pinned as it is; nothing is generated.
        case error
        /// Generation goes on, but the input deserves attention (plain HTTP, a certificate about to expire).
        case warning
        /// Information, such as an endpoint left out because its binding is unsupported.
        case note

        private var rank: Int {
            switch self {
            case .error: return 0
            case .warning: return 1
            case .note: return 2
            }
        }

        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
    }

    /// How serious the diagnostic is.
    public var severity: Severity
    /// What happened and what to do next, quoting names in '…'.
    public var message: String
    /// The file the diagnostic is about, as the caller named it.
    public var file: String
    /// The 1-based line in `file`, when one applies.
    public var line: Int?

    /// Creates a diagnostic; a line of 0 or less means "no line".
    public init(_ severity: Severity, _ message: String, file: String, line: Int? = nil) {
        self.severity = severity
        self.message = Self.singleLine(message)
        self.file = file
        self.line = line.flatMap { $0 > 0 ? $0 : nil }
    }

    /// `text` with line breaks and other control characters escaped: a value quoted from metadata
    /// (an entity ID with a line break) must not start a second, forged `path:line:` diagnostic.
    private static func singleLine(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029: return true
        default: return false
        }
    }

    public var description: String {
        if let line {
            return "\(file):\(line): \(severity.rawValue): \(message)"
        }
        return "\(file): \(severity.rawValue): \(message)"
    }

    /// Orders diagnostics by file, then line (file-level ones first), then message, then severity.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        diagnostics.sorted { lhs, rhs in
            if lhs.file != rhs.file { return lhs.file < rhs.file }
            let leftLine = lhs.line ?? 0
            let rightLine = rhs.line ?? 0
            if leftLine != rightLine { return leftLine < rightLine }
            if lhs.message != rhs.message { return lhs.message < rhs.message }
            return lhs.severity < rhs.severity
        }
    }
}
