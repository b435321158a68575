#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A linear pass over the raw bytes before libxml2 sees them, refusing what libxml2 would
/// either read differently from other parsers or take quadratic time on.
///
/// libxml2 2.9 compares every attribute of a start tag with every earlier one, so one element
/// with 100,000 attributes (a 1 MB message) costs minutes of CPU before any check can run; the
/// same holds for namespace declarations, which are attributes to this scan, and for namespace
/// declarations piled up over nested elements, which every prefixed name is looked up through.
/// A NUL byte ends
/// libxml2's view of the document, so bytes after it would be invisible to the verifier yet
/// visible to any other component that reads the message.
enum MarkupPreScan {
    /// The most attributes (namespace declarations included) one start tag may carry. Real SAML
    /// and metadata elements carry fewer than twenty.
    static let maximumAttributesPerElement = 256

    /// The most namespace declarations in scope at any element, summed over its ancestors.
    /// libxml2 resolves a prefix by scanning the declarations in scope, so declarations spread over
    /// nested elements (each under the per-element limit) make every prefixed name below them cost
    /// thousands of comparisons: 1 MB of that shape took 12 s to parse.
    static let maximumNamespaceDeclarationsInScope = 512

    /// - Returns: nil when the bytes pass, or why they do not, with the 1-based line.
    static func problem(in bytes: UnsafeRawBufferPointer) -> (line: Int, message: String)? {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
        // A NUL anywhere takes the byte-by-byte pass, which reports the first problem in order.
        guard memchr(base, 0, bytes.count) == nil else { return problemByteByByte(in: bytes) }
        return problemWithoutNUL(in: bytes)
    }

    /// The same verdict as `problemByteByByte` for bytes known to hold no NUL, jumping with
    /// `memchr` over text and quoted values; the line is counted only when a problem is found.
    private static func problemWithoutNUL(in bytes: UnsafeRawBufferPointer) -> (line: Int, message: String)? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        var scope = NamespaceScope()
        while index < count {
            // Text between tags holds nothing this scan counts: jump to the next '<'.
            guard let found = memchr(base + index, Int32(UInt8(ascii: "<")), count - index) else { return nil }
            index = base.distance(to: UnsafeRawPointer(found))
            guard index + 1 < count else { return nil }

            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                // Comments, processing instructions, CDATA and declarations hold no attributes.
                let terminator: StaticString
                if Self.matches(bytes, at: index, "<!--") {
                    terminator = "-->"
                } else if Self.matches(bytes, at: index, "<![CDATA[") {
                    terminator = "]]>"
                } else if next == UInt8(ascii: "?") {
                    terminator = "?>"
                } else {
                    terminator = ">"
                }
                guard let end = Self.find(terminator, in: bytes, from: index + 2) else {
                    return nil  // Unterminated: libxml2 reports it with its own message.
                }
                index = end + terminator.utf8CodeUnitCount
                continue
            }

            // A start or end tag: count '=' outside quoted values until the closing '>'.
            let isEndTag = bytes[index + 1] == UInt8(ascii: "/")
            var attributes = 0
            var declarations = 0
            index += 1
            while index < count {
                // Names and spaces make up most of a tag and need no decision: step over them.
                if !Self.isTagDelimiter(bytes[index]) {
                    index += 1
                    continue
                }
                let current = bytes[index]
                if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    // A quoted value ends at the same quote; an unterminated one ends the scan.
                    guard let close = memchr(base + index + 1, Int32(current), count - index - 1) else { return nil }
                    index = base.distance(to: UnsafeRawPointer(close))
                } else if current == UInt8(ascii: "=") {
                    attributes += 1
                    if attributes > maximumAttributesPerElement {
                        return (
                            lineNumber(at: index, in: bytes),
                            "an element has more than \(maximumAttributesPerElement) attributes and namespace "
                                + "declarations"
                        )
                    }
                    if Self.namesNamespaceDeclaration(bytes, equalsSign: index) { declarations += 1 }
                } else if current == UInt8(ascii: ">") {
                    break
                }
                index += 1
            }

            // Track the declarations in scope: an end tag closes its element's, a self-closing tag
            // opens and closes at once.
            if isEndTag {
                scope.closeElement()
            } else {
                if scope.inScope + declarations > maximumNamespaceDeclarationsInScope {
                    return (
                        lineNumber(at: min(index, count - 1), in: bytes),
                        "more than \(maximumNamespaceDeclarationsInScope) namespace declarations are in scope"
                    )
                }
                let selfClosing = index < count && index > 0 && bytes[index - 1] == UInt8(ascii: "/")
                if !selfClosing { scope.openElement(declaring: declarations) }
            }
            index += 1
        }
        return nil
    }

    /// Whether the attribute name before the `=` at `equalsSign` is `xmlns` or `xmlns:…`.
    private static func namesNamespaceDeclaration(_ bytes: UnsafeRawBufferPointer, equalsSign: Int) -> Bool {
        var end = equalsSign
        while end > 0, Self.isXMLSpace(bytes[end - 1]) { end -= 1 }
        var start = end
        while start > 0, !Self.isXMLSpace(bytes[start - 1]), bytes[start - 1] != UInt8(ascii: "<") { start -= 1 }
        let length = end - start
        guard length >= 5, Self.matches(bytes, at: start, "xmlns") else { return false }
        return length == 5 || bytes[start + 5] == UInt8(ascii: ":")
    }

    /// Whether the byte is one the tag loop acts on: a quote, `=` or `>`, all below 64.
    @inline(__always)
    private static func isTagDelimiter(_ byte: UInt8) -> Bool {
        let delimiters: UInt64 = 1 << 0x22 | 1 << 0x27 | 1 << 0x3D | 1 << 0x3E
        return byte < 64 && delimiters & (1 << UInt64(byte)) != 0
    }

    private static func isXMLSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// Namespace declarations per open element, and their sum.
    private struct NamespaceScope {
        private var declarationsPerElement: [Int] = []
        private(set) var inScope = 0

        mutating func openElement(declaring declarations: Int) {
            declarationsPerElement.append(declarations)
            inScope += declarations
        }

        mutating func closeElement() {
            // An unmatched end tag is libxml2's to report; the scan only keeps its sums right.
            guard let last = declarationsPerElement.popLast() else { return }
            inScope -= last
        }
    }

    /// The 1-based line of the byte at `index`.
    private static func lineNumber(at index: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var line = 1
        for offset in 0..<index where bytes[offset] == UInt8(ascii: "\n") { line += 1 }
        return line
    }

    /// The index where `terminator` first starts at or after `start`, if it does.
    private static func find(_ terminator: StaticString, in bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let length = terminator.utf8CodeUnitCount
        let first = Int32(terminator.utf8Start.pointee)
        var index = start
        while index + length <= bytes.count {
            guard let found = memchr(base + index, first, bytes.count - index - length + 1) else { return nil }
            index = base.distance(to: UnsafeRawPointer(found))
            if Self.matches(bytes, at: index, terminator) { return index }
            index += 1
        }
        return nil
    }

    /// The reference pass, one byte at a time, used when the bytes hold a NUL.
    private static func problemByteByByte(in bytes: UnsafeRawBufferPointer) -> (line: Int, message: String)? {
        var line = 1
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte == 0 {
                return (line, "the document contains a NUL byte at offset \(index); only UTF-8 without NUL is read")
            }
            if byte == UInt8(ascii: "\n") { line += 1 }
            guard byte == UInt8(ascii: "<"), index + 1 < count else {
                index += 1
                continue
            }

            let next = bytes[index + 1]
            if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
                // Comments, processing instructions, CDATA and declarations hold no attributes;
                // skip to their end so that quotes or '=' inside them are not counted.
                let terminator: [UInt8]
                if Self.matches(bytes, at: index, "<!--") {
                    terminator = Array("-->".utf8)
                } else if Self.matches(bytes, at: index, "<![CDATA[") {
                    terminator = Array("]]>".utf8)
                } else if next == UInt8(ascii: "?") {
                    terminator = Array("?>".utf8)
                } else {
                    terminator = Array(">".utf8)
                }
                guard let end = Self.skip(bytes, from: index + 2, past: terminator, line: &line) else {
                    return nil  // Unterminated: libxml2 reports it with its own message.
                }
                if let nul = end.nul { return (line, "the document contains a NUL byte at offset \(nul)") }
                index = end.index
                continue
            }

            // A start or end tag: count '=' outside quoted values until the closing '>'.
            var attributes = 0
            var quote: UInt8 = 0
            index += 1
            while index < count {
                let current = bytes[index]
                if current == 0 { return (line, "the document contains a NUL byte at offset \(index)") }
                if current == UInt8(ascii: "\n") { line += 1 }
                if quote != 0 {
                    if current == quote { quote = 0 }
                } else if current == UInt8(ascii: "\"") || current == UInt8(ascii: "'") {
                    quote = current
                } else if current == UInt8(ascii: "=") {
                    attributes += 1
                    if attributes > maximumAttributesPerElement {
                        return (
                            line,
                            "an element has more than \(maximumAttributesPerElement) attributes and namespace "
                                + "declarations"
                        )
                    }
                } else if current == UInt8(ascii: ">") {
                    break
                }
                index += 1
            }
            index += 1
        }
        return nil
    }

    private static func matches(_ bytes: UnsafeRawBufferPointer, at index: Int, _ text: StaticString) -> Bool {
        let length = text.utf8CodeUnitCount
        guard index + length <= bytes.count else { return false }
        let pattern = UnsafeRawBufferPointer(start: text.utf8Start, count: length)
        for offset in 0..<length where bytes[index + offset] != pattern[offset] { return false }
        return true
    }

    /// The index after `terminator`, counting lines and noting the first NUL on the way.
    private static func skip(
        _ bytes: UnsafeRawBufferPointer, from start: Int, past terminator: [UInt8], line: inout Int
    ) -> (index: Int, nul: Int?)? {
        var index = start
        while index + terminator.count <= bytes.count {
            let byte = bytes[index]
            if byte == 0 { return (index, index) }
            if byte == UInt8(ascii: "\n") { line += 1 }
            if byte == terminator[0] {
                var matched = true
                for offset in 1..<terminator.count where bytes[index + offset] != terminator[offset] {
                    matched = false
                    break
                }
                if matched { return (index + terminator.count, nil) }
            }
            index += 1
        }
        return nil
    }
}
