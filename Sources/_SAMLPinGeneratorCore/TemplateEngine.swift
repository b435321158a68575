/// A value a template can insert. The kind decides how it is written, so text from metadata can
/// only ever become an escaped string literal or a sanitised comment, never code.
enum TemplateValue: Sendable, Hashable {
    /// Swift code made by the generator itself (identifiers, numbers, enum cases), inserted as is.
    case code(String)
    /// Untrusted text, inserted as a complete, escaped Swift string literal with its quotes.
    case string(String)
    /// Untrusted text for a `//` comment: line breaks and control characters become spaces.
    case comment(String)
    /// `true` / `false`; as a section, rendered once when true.
    case bool(Bool)
    /// A section repeats once per element; an inverted section renders when the list is empty.
    case list([TemplateContext])
}

/// Names visible to a template at one level of nesting.
typealias TemplateContext = [String: TemplateValue]

/// Why a template could not be rendered.
struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    var template: String
    var line: Int
    var message: String

    var description: String { "template '\(template)', line \(line): \(message)" }
}

/// A small Mustache-like template engine for the generated Swift.
///
/// Tags: `{{name}}` inserts a value (see `TemplateValue` for how each kind is written);
/// `{{#name}}…{{/name}}` repeats over a list or renders when a boolean is true;
/// `{{^name}}…{{/name}}` renders when the list is empty or the boolean false; `{{>name}}`
/// includes another template, indented like the tag; `{{! text }}` is a comment. A tag alone on
/// its line (other than `{{name}}`) removes that line from the output.
struct TemplateEngine {
    /// Partials nest at most this deep, so a template including itself fails instead of hanging.
    static let maximumDepth = 16

    private var templates: [String: String]
    private var parsed: [String: [Node]] = [:]

    init(templates: [String: String]) {
        self.templates = templates
    }

    /// Renders the template called `name` with `context`.
    ///
    /// - Throws: `TemplateError` for a missing template or partial, a missing value, a value of
    ///   the wrong kind, an unclosed or mismatched section, or partials nested too deep.
    mutating func render(_ name: String, context: TemplateContext) throws(TemplateError) -> String {
        var output = ""
        try render(name: name, stack: [context], depth: 0, into: &output)
        return output
    }

    // MARK: Rendering

    private mutating func render(
        name: String, stack: [TemplateContext], depth: Int, into output: inout String
    ) throws(TemplateError) {
        // Self-including partials would otherwise recurse without end.
        guard depth < Self.maximumDepth else {
            throw TemplateError(template: name, line: 0, message: "partials are nested too deep")
        }
        let nodes = try nodes(of: name)
        try render(nodes, template: name, stack: stack, depth: depth, into: &output)
    }

    private mutating func render(
        _ nodes: [Node], template: String, stack: [TemplateContext], depth: Int, into output: inout String
    ) throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                output += text
            case .variable(let name, let line):
                guard let value = Self.lookup(name, in: stack) else {
                    throw TemplateError(template: template, line: line, message: "no value named '\(name)'")
                }
                output += try Self.write(value, name: name, template: template, line: line)
            case .section(let name, let inverted, let children, let line):
                let value = Self.lookup(name, in: stack)
                for context in try Self.contexts(for: value, inverted: inverted, name: name, template: template,
                                                 line: line) {
                    try render(children, template: template, stack: stack + [context], depth: depth, into: &output)
                }
            case .partial(let name, let indentation, _):
                var included = ""
                try render(name: name, stack: stack, depth: depth + 1, into: &included)
                output += Self.indent(included, by: indentation)
            }
        }
    }

    private static func lookup(_ name: String, in stack: [TemplateContext]) -> TemplateValue? {
        for context in stack.reversed() {
            if let value = context[name] { return value }
        }
        return nil
    }

    private static func contexts(
        for value: TemplateValue?, inverted: Bool, name: String, template: String, line: Int
    ) throws(TemplateError) -> [TemplateContext] {
        switch value {
        case .none:
            return inverted ? [[:]] : []
        case .bool(let flag):
            return flag != inverted ? [[:]] : []
        case .list(let items):
            if inverted { return items.isEmpty ? [[:]] : [] }
            return items
        case .code, .string, .comment:
            throw TemplateError(template: template, line: line, message: "'\(name)' is not a list or a boolean")
        }
    }

    private static func write(
        _ value: TemplateValue, name: String, template: String, line: Int
    ) throws(TemplateError) -> String {
        switch value {
        case .code(let code):
            // Generator-made code is single-line by construction; a line break here means a bug upstream.
            guard !Self.spansLines(code) else {
                throw TemplateError(template: template, line: line, message: "'\(name)' spans several lines")
            }
            return code
        case .string(let text):
            return SwiftLiteral.string(text)
        case .comment(let text):
            return SwiftLiteral.commentText(text)
        case .bool(let flag):
            return flag ? "true" : "false"
        case .list:
            throw TemplateError(template: template, line: line, message: "'\(name)' is a list; use a section")
        }
    }

    /// Whether `text` holds a line break; generated code is ASCII, so bytes are checked first.
    private static func spansLines(_ text: String) -> Bool {
        for byte in text.utf8 {
            // Outside ASCII, let Character decide (U+0085, U+2028 and U+2029 are line breaks too).
            if byte >= 0x80 { return text.contains(where: \.isNewline) }
            if byte >= 0x0A && byte <= 0x0D { return true }
        }
        return false
    }

    private static func indent(_ text: String, by indentation: String) -> String {
        guard !indentation.isEmpty else { return text }
        // Line by line rather than character by character: generated files reach tens of megabytes.
        var result = ""
        result.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if number > 0 { result += "\n" }
            if !line.isEmpty { result += indentation + line }
        }
        return result
    }

    // MARK: Parsing

    private indirect enum Node {
        case text(String)
        case variable(String, line: Int)
        case section(String, inverted: Bool, children: [Node], line: Int)
        case partial(String, indentation: String, line: Int)
    }

    private enum TagKind {
        case variable, sectionOpen, invertedOpen, sectionClose, partial, comment

        var canStandAlone: Bool { self != .variable }
    }

    private struct Tag {
        var kind: TagKind
        var name: String
        var line: Int
    }

    private mutating func nodes(of name: String) throws(TemplateError) -> [Node] {
        if let nodes = parsed[name] { return nodes }
        guard let text = templates[name] else {
            throw TemplateError(template: name, line: 0, message: "no template named '\(name)' was provided")
        }
        let nodes = try Self.parse(text, template: name)
        parsed[name] = nodes
        return nodes
    }

    private static func parse(_ source: String, template: String) throws(TemplateError) -> [Node] {
        let characters = Array(source)
        // Each open section keeps its tag and the nodes collected so far.
        var stack: [(tag: Tag?, nodes: [Node])] = [(nil, [])]
        var text = ""
        var index = 0
        var line = 1

        func flushText() {
            if !text.isEmpty {
                stack[stack.count - 1].nodes.append(.text(text))
                text = ""
            }
        }

        while index < characters.count {
            guard characters[index] == "{", index + 1 < characters.count, characters[index + 1] == "{" else {
                if characters[index].isNewline { line += 1 }
                text.append(characters[index])
                index += 1
                continue
            }
            guard let close = findClose(in: characters, from: index + 2) else {
                throw TemplateError(template: template, line: line, message: "'{{' is never closed with '}}'")
            }
            let tag = try makeTag(String(characters[(index + 2)..<close]), line: line, template: template)
            var next = close + 2

            // A block tag alone on its line takes the whole line with it.
            var tagIndentation = ""
            if tag.kind.canStandAlone, let standalone = standaloneRange(characters, tagStart: index, tagEnd: next) {
                tagIndentation = String(characters[standalone.lineStart..<index])
                text.removeLast(index - standalone.lineStart)
                next = standalone.after
                if standalone.consumedNewline { line += 1 }
            }
            flushText()

            switch tag.kind {
            case .variable:
                stack[stack.count - 1].nodes.append(.variable(tag.name, line: tag.line))
            case .comment:
                break
            case .partial:
                stack[stack.count - 1].nodes.append(.partial(tag.name, indentation: tagIndentation, line: tag.line))
            case .sectionOpen, .invertedOpen:
                stack.append((tag, []))
            case .sectionClose:
                guard stack.count > 1, let open = stack.last?.tag else {
                    throw TemplateError(
                        template: template, line: tag.line, message: "'{{/\(tag.name)}}' closes nothing"
                    )
                }
                guard open.name == tag.name else {
                    throw TemplateError(
                        template: template, line: tag.line,
                        message: "'{{/\(tag.name)}}' closes '\(open.name)' opened on line \(open.line)"
                    )
                }
                let children = stack.removeLast().nodes
                stack[stack.count - 1].nodes.append(
                    .section(open.name, inverted: open.kind == .invertedOpen, children: children, line: open.line)
                )
            }
            index = next
        }
        flushText()
        if let open = stack.last?.tag {
            throw TemplateError(template: template, line: open.line, message: "section '\(open.name)' is never closed")
        }
        return stack[0].nodes
    }

    private static func findClose(in characters: [Character], from start: Int) -> Int? {
        var index = start
        while index + 1 < characters.count {
            if characters[index] == "}" && characters[index + 1] == "}" { return index }
            if characters[index].isNewline { return nil }
            index += 1
        }
        return nil
    }

    private static func makeTag(_ body: String, line: Int, template: String) throws(TemplateError) -> Tag {
        let trimmed = body.trimmingSpaces()
        guard let first = trimmed.first else {
            throw TemplateError(template: template, line: line, message: "empty tag '{{}}'")
        }
        let kind: TagKind
        switch first {
        case "#": kind = .sectionOpen
        case "^": kind = .invertedOpen
        case "/": kind = .sectionClose
        case ">": kind = .partial
        case "!": kind = .comment
        default: kind = .variable
        }
        let name = kind == .variable ? trimmed : String(trimmed.dropFirst()).trimmingSpaces()
        guard kind == .comment || !name.isEmpty else {
            throw TemplateError(template: template, line: line, message: "tag '{{\(body)}}' has no name")
        }
        return Tag(kind: kind, name: name, line: line)
    }

    /// When only spaces surround the tag on its line: where the line starts, and where the next
    /// line starts (or the end of the text).
    private static func standaloneRange(
        _ characters: [Character], tagStart: Int, tagEnd: Int
    ) -> (lineStart: Int, after: Int, consumedNewline: Bool)? {
        var lineStart = tagStart
        while lineStart > 0, !characters[lineStart - 1].isNewline {
            guard characters[lineStart - 1] == " " || characters[lineStart - 1] == "\t" else { return nil }
            lineStart -= 1
        }
        var after = tagEnd
        while after < characters.count, !characters[after].isNewline {
            guard characters[after] == " " || characters[after] == "\t" else { return nil }
            after += 1
        }
        if after < characters.count { return (lineStart, after + 1, true) }
        return (lineStart, after, false)
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " { slice.removeFirst() }
        while let last = slice.last, last == " " { slice.removeLast() }
        return String(slice)
    }
}

/// Writing untrusted text into Swift source.
enum SwiftLiteral {
    /// A complete, double-quoted Swift string literal whose value is exactly `text`.
    ///
    /// Quotes and backslashes are escaped (so `"`, `"""`, `\(` and `#` stay inert), and line breaks,
    /// control, format and bidirectional-override characters become `\u{…}` escapes, so that text from
    /// metadata can neither end the literal nor hide code from a reviewer.
    static func string(_ text: String) -> String {
        // Most values (base64, URLs, entity IDs) are plain printable ASCII and need no escaping.
        if text.utf8.allSatisfy(isPlainASCII) { return "\"" + text + "\"" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if needsEscape(scalar) {
                    result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// Text safe inside a `//` comment: one line, without control or invisible format characters.
    static func commentText(_ text: String) -> String {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var result = ""
        for scalar in text.unicodeScalars {
            result.unicodeScalars.append(needsEscape(scalar) || scalar == "\t" ? " " : scalar)
        }
        return result
    }

    /// Printable ASCII other than the two characters a string literal must escape.
    private static func isPlainASCII(_ byte: UInt8) -> Bool {
        byte >= 0x20 && byte < 0x7F && byte != UInt8(ascii: "\"") && byte != UInt8(ascii: "\\")
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return true
        default:
            return false
        }
    }
}
