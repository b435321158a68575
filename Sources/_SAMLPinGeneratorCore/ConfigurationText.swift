/// The configuration file's bytes, for pointing diagnostics at a line. Without bytes no line is given.
///
/// Every JSON string token is indexed once by its raw text (quotes included) so that looking up
/// the line of a key or slug costs a dictionary probe: a configuration that pins thousands of
/// IdPs would otherwise be rescanned once per IdP.
struct ConfigurationText {
    var bytes: [UInt8]?
    private var firstLineOfToken: [String: Int] = [:]

    init(bytes: [UInt8]?) {
        self.bytes = bytes
        if let bytes { firstLineOfToken = Self.indexStringTokens(bytes) }
    }

    /// The 1-based line where `needle` first appears.
    func line(of needle: String) -> Int? {
        if let line = firstLineOfToken[needle] { return line }
        return bytes.flatMap { ConfigurationLoader.line(of: needle, in: $0) }
    }

    private static func indexStringTokens(_ bytes: [UInt8]) -> [String: Int] {
        var index: [String: Int] = [:]
        var line = 1
        var position = 0
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\n") {
                line += 1
            } else if byte == UInt8(ascii: "\"") {
                let start = position
                position += 1
                while position < bytes.count, bytes[position] != UInt8(ascii: "\"") {
                    if bytes[position] == UInt8(ascii: "\\") { position += 1 }
                    if position < bytes.count, bytes[position] == UInt8(ascii: "\n") { line += 1 }
                    position += 1
                }
                guard position < bytes.count else { break }
                let token = String(decoding: bytes[start...position], as: UTF8.self)
                if index[token] == nil { index[token] = line }
            }
            position += 1
        }
        return index
    }
}
