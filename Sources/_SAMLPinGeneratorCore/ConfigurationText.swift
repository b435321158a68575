/// The configuration file's bytes, for pointing diagnostics at a line. Without bytes no line is given.
///
/// Every JSON string token is indexed once by its raw text (quotes included) so that looking up
/// the line of a key or slug costs a dictionary probe: a configuration that pins thousands of
/// IdPs would otherwise be rescanned once per IdP.
struct ConfigurationText {
    var bytes: [UInt8]?
    private var firstLineOfToken: [String: Int] = [:]
    /// The line of each `"slug"` value, in file order: entry N belongs to `identityProviders[N]`.
    private var slugValueLines: [Int] = []

    init(bytes: [UInt8]?) {
        self.bytes = bytes
        if let bytes { (firstLineOfToken, slugValueLines) = Self.indexStringTokens(bytes) }
    }

    /// The 1-based line where `needle` first appears.
    func line(of needle: String) -> Int? {
        if let line = firstLineOfToken[needle] { return line }
        return bytes.flatMap { ConfigurationLoader.line(of: needle, in: $0) }
    }

    /// The 1-based line of the slug of `identityProviders[index]`.
    ///
    /// Two entries may share a slug (an error reported at the second), so the slug's text alone cannot
    /// tell them apart: the `index`-th `"slug"` key of the file can, because the strict decoder allows
    /// that key only inside `identityProviders`.
    ///
    /// - Parameters:
    ///   - index: the position in `identityProviders`.
    ///   - slug: the entry's slug, looked up by text when the file has fewer `"slug"` keys than expected.
    func line(ofSlugAt index: Int, slug: String) -> Int? {
        if index >= 0, index < slugValueLines.count { return slugValueLines[index] }
        return line(of: "\"\(slug)\"")
    }

    private static func indexStringTokens(_ bytes: [UInt8]) -> (firstLines: [String: Int], slugLines: [Int]) {
        var index: [String: Int] = [:]
        var slugLines: [Int] = []
        var pendingKey: String?
        var line = 1
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                line += 1
            } else if byte == UInt8(ascii: "\"") {
                let start = position
                let startLine = line
                position += 1
                while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                    if bytes[position] == UInt8(ascii: "\\") { position += 1 }
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { line += 1 }
                    position += 1
                }
                guard position < bytes.count else { break }
                let token = String(decoding: bytes[start...position], as: UTF8.self)
                if index[token] == nil { index[token] = startLine }

                // A token followed by ':' is a key; the next token is then its value.
                if isFollowedByColon(bytes, after: position) {
                    pendingKey = token
                } else {
                    if pendingKey == "\"slug\"" { slugLines.append(startLine) }
                    pendingKey = nil
                }
            }
            position += 1
        }
        return (index, slugLines)
    }

    /// Whether the first byte after `position` that is not JSON whitespace is `:`.
    private static func isFollowedByColon(_ bytes: [UInt8], after position: Int) -> Bool {
        var next = position + 1
        while next < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[next]) { next += 1 }
        return next < bytes.count && bytes[next] == UInt8(ascii: ":")
    }
}
