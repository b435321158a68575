/// Textual edits on a serialised XML document, for building attacks after signing.
///
/// Edits work on the exact bytes `xmlsec1` wrote, so nothing is re-serialised: whatever the
/// edit does not touch keeps its signature. Elements are found by their qualified name as
/// written (`saml2:Assertion`), which is enough for documents this test support produced.
///
/// An edit whose target is missing stops the test process with a message naming the target:
/// an attack whose edit silently did nothing would test less than its name says.
public struct XMLText: Sendable, Hashable, CustomStringConvertible {
    /// The current text.
    public private(set) var text: String

    public init(_ text: String) {
        self.text = text
    }

    public var description: String { text }

    /// The range of the `occurrence`-th element named `qualifiedName` (0-based, document order
    /// of start tags), from `<` of its start tag to `>` of its end tag, nesting included.
    public func range(of qualifiedName: String, occurrence: Int = 0) -> Range<String.Index>? {
        var searchStart = text.startIndex
        var found = 0
        while let start = nextStartTag(qualifiedName, from: searchStart) {
            if found == occurrence { return elementRange(qualifiedName, startingAt: start) }
            found += 1
            searchStart = text.index(after: start)
        }
        return nil
    }

    /// The text of the `occurrence`-th element named `qualifiedName`, tags included.
    public func element(_ qualifiedName: String, occurrence: Int = 0) -> String? {
        range(of: qualifiedName, occurrence: occurrence).map { String(text[$0]) }
    }

    /// The number of start tags named `qualifiedName`.
    public func count(of qualifiedName: String) -> Int {
        var searchStart = text.startIndex
        var found = 0
        while let start = nextStartTag(qualifiedName, from: searchStart) {
            found += 1
            searchStart = text.index(after: start)
        }
        return found
    }

    /// Removes the `occurrence`-th element named `qualifiedName`; returns what was removed.
    @discardableResult
    public mutating func remove(_ qualifiedName: String, occurrence: Int = 0) -> String {
        let range = required(qualifiedName, occurrence)
        let removed = String(text[range])
        text.removeSubrange(range)
        return removed
    }

    /// Replaces the `occurrence`-th element named `qualifiedName` with `replacement`.
    public mutating func replaceElement(_ qualifiedName: String, occurrence: Int = 0, with replacement: String) {
        let range = required(qualifiedName, occurrence)
        text.replaceSubrange(range, with: replacement)
    }

    /// Inserts `fragment` right after the end tag of the `occurrence`-th `qualifiedName`.
    public mutating func insert(_ fragment: String, after qualifiedName: String, occurrence: Int = 0) {
        let range = required(qualifiedName, occurrence)
        text.insert(contentsOf: fragment, at: range.upperBound)
    }

    /// Inserts `fragment` right before the start tag of the `occurrence`-th `qualifiedName`.
    public mutating func insert(_ fragment: String, before qualifiedName: String, occurrence: Int = 0) {
        let range = required(qualifiedName, occurrence)
        text.insert(contentsOf: fragment, at: range.lowerBound)
    }

    /// Inserts `fragment` as the first child of the `occurrence`-th `qualifiedName`.
    public mutating func insert(_ fragment: String, asFirstChildOf qualifiedName: String, occurrence: Int = 0) {
        let range = required(qualifiedName, occurrence)
        guard let close = text[range].firstIndex(of: ">") else { Self.missing("the start tag of '\(qualifiedName)'") }
        text.insert(contentsOf: fragment, at: text.index(after: close))
    }

    /// Inserts `fragment` as the last child of the `occurrence`-th `qualifiedName`.
    public mutating func insert(_ fragment: String, asLastChildOf qualifiedName: String, occurrence: Int = 0) {
        let range = required(qualifiedName, occurrence)
        guard let endTag = text[range].range(of: "</\(qualifiedName)>", options: .backwards) else {
            Self.missing("the end tag of '\(qualifiedName)'")
        }
        text.insert(contentsOf: fragment, at: endTag.lowerBound)
    }

    /// Replaces the first occurrence of `target` (at or after the start of the `occurrence`-th
    /// `qualifiedName`, when given).
    public mutating func replaceFirst(
        _ target: String,
        with replacement: String,
        inside qualifiedName: String? = nil,
        occurrence: Int = 0
    ) {
        var searchRange = text.startIndex..<text.endIndex
        if let qualifiedName {
            searchRange = required(qualifiedName, occurrence)
        }
        guard let found = text.range(of: target, range: searchRange) else { Self.missing("the text '\(target)'") }
        text.replaceSubrange(found, with: replacement)
    }

    /// Replaces every occurrence of `target`.
    public mutating func replaceAll(_ target: String, with replacement: String) {
        guard text.contains(target) else { Self.missing("the text '\(target)'") }
        text = text.replacingOccurrences(of: target, with: replacement)
    }

    /// Sets the text content of the `occurrence`-th `qualifiedName` (which must hold only text).
    public mutating func setContent(of qualifiedName: String, occurrence: Int = 0, to content: String) {
        let range = required(qualifiedName, occurrence)
        guard let close = text[range].firstIndex(of: ">"),
            let endTag = text[range].range(of: "</\(qualifiedName)>", options: .backwards)
        else {
            Self.missing("the content of '\(qualifiedName)' (it is empty-element or unterminated)")
        }
        text.replaceSubrange(text.index(after: close)..<endTag.lowerBound, with: content)
    }

    // MARK: Scanning

    /// The range of the element an edit targets; its absence ends the test process.
    private func required(_ qualifiedName: String, _ occurrence: Int) -> Range<String.Index> {
        guard let range = range(of: qualifiedName, occurrence: occurrence) else {
            Self.missing("element '\(qualifiedName)' #\(occurrence)")
        }
        return range
    }

    private static func missing(_ target: String) -> Never {
        preconditionFailure("XMLText: the edit's target is missing: \(target)")
    }

    private func nextStartTag(_ name: String, from start: String.Index) -> String.Index? {
        var cursor = start
        while let found = text.range(of: "<\(name)", range: cursor..<text.endIndex) {
            if found.upperBound == text.endIndex { return nil }
            let next = text[found.upperBound]
            if next == " " || next == ">" || next == "/" || next == "\n" || next == "\t" {
                return found.lowerBound
            }
            cursor = found.upperBound
        }
        return nil
    }

    private func elementRange(_ name: String, startingAt start: String.Index) -> Range<String.Index>? {
        guard let firstClose = text[start...].firstIndex(of: ">") else { return nil }
        if text[text.index(before: firstClose)] == "/" { return start..<text.index(after: firstClose) }
        var depth = 1
        var cursor = text.index(after: firstClose)
        let endTag = "</\(name)>"
        while depth > 0 {
            let nextEnd = text.range(of: endTag, range: cursor..<text.endIndex)
            let nextStart = nextStartTag(name, from: cursor)
            guard let end = nextEnd else { return nil }
            if let open = nextStart, open < end.lowerBound {
                if let close = text[open...].firstIndex(of: ">"), text[text.index(before: close)] != "/" {
                    depth += 1
                }
                cursor = text.index(after: open)
            } else {
                depth -= 1
                cursor = end.upperBound
            }
        }
        return start..<cursor
    }
}
