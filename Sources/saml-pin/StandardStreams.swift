import Foundation

/// Writes whole lines to stdout.
///
/// Output goes straight to the file descriptor, so lines from stdout and stderr keep their order
/// and nothing is lost when the process exits.
enum StandardOutput {
    /// Writes `text` followed by a newline, unless it already ends with one.
    static func write(_ text: String) {
        FileHandle.standardOutput.write(Data(StandardStreams.line(text).utf8))
    }
}

/// Writes whole lines to stderr: diagnostics and errors.
enum StandardError {
    /// Writes `text` followed by a newline, unless it already ends with one.
    static func write(_ text: String) {
        FileHandle.standardError.write(Data(StandardStreams.line(text).utf8))
    }
}

/// What stdout and stderr share.
enum StandardStreams {
    /// `text` with exactly one trailing newline added when it has none.
    static func line(_ text: String) -> String {
        text.hasSuffix("\n") ? text : text + "\n"
    }
}
