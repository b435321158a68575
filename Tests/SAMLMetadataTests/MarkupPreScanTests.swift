import Foundation
import SAMLPinSupport
import Testing

@Suite("hardened parse: the pre-scan before libxml2")
struct MarkupPreScanTests {
    private func parse(_ text: String) throws(XMLParseFailure) -> HardenedXMLDocument {
        try HardenedXMLDocument(parsing: Array(text.utf8), maximumSize: 16 << 20)
    }

    private func element(attributes count: Int) -> String {
        "<root " + (0..<count).map { "a\($0)=\"v\"" }.joined(separator: " ") + "/>"
    }

    @Test("an element with more attributes than the limit is refused before libxml2 parses it")
    func tooManyAttributes() throws {
        let limit = 256
        _ = try parse(element(attributes: limit))
        let refused = #expect(throws: XMLParseFailure.self) { try parse(element(attributes: limit + 1)) }
        guard case .malformed(let line, let message) = refused else {
            Issue.record("expected a malformed-document failure, got \(String(describing: refused))")
            return
        }
        #expect(line == 1)
        #expect(message.contains("more than \(limit) attributes"))

        // Sixty thousand attributes would cost libxml2 2.9 quadratic time; the scan answers at once.
        #expect(throws: XMLParseFailure.self) { try parse(element(attributes: 60_000)) }
    }

    @Test("namespace declarations count as attributes")
    func namespaceDeclarationsCount() {
        let declarations = (0..<300).map { "xmlns:n\($0)=\"urn:n:\($0)\"" }.joined(separator: " ")
        #expect(throws: XMLParseFailure.self) { try parse("<root \(declarations)/>") }
    }

    @Test("'=' and quotes inside values, comments, CDATA and processing instructions are not counted")
    func onlyRealAttributesCount() throws {
        let equalsSigns = String(repeating: "=", count: 400)
        let document = """
            <?xml version="1.0" encoding="UTF-8"?>
            <?note \(equalsSigns) "unbalanced ?>
            <root a="\(equalsSigns)" b='x"y\(equalsSigns)'>
              <!-- \(equalsSigns) ' " -->
              <![CDATA[\(equalsSigns) <fake a="1"> ]]>
              text with \(equalsSigns) and > characters
            </root>
            """
        let parsed = try parse(document)
        #expect(parsed.root != nil)
    }

    @Test("a NUL byte anywhere is refused, with its line", arguments: [
        "<root>\u{0}</root>",
        "<root/>\u{0}<root/>",
        "<root>\n<!-- a\u{0} -->\n</root>",
        "<root a=\"\u{0}\"/>",
    ])
    func nulBytes(document: String) {
        let refused = #expect(throws: XMLParseFailure.self) { try parse(document) }
        guard case .malformed(_, let message) = refused else {
            Issue.record("expected a malformed-document failure, got \(String(describing: refused))")
            return
        }
        #expect(message.contains("NUL"))
    }

    @Test("line numbers of pre-scan refusals are the element's line")
    func lineOfRefusal() {
        let document = "<root>\n\n" + element(attributes: 257) + "\n</root>"
        let refused = #expect(throws: XMLParseFailure.self) { try parse(document) }
        guard case .malformed(let line, _) = refused else {
            Issue.record("expected a malformed-document failure")
            return
        }
        #expect(line == 3)
    }

    @Test("namespace declarations piled up over nested elements are bounded; siblings do not add up")
    func namespaceDeclarationsInScope() throws {
        let declarations = (0..<100).map { " xmlns:p\($0)=\"urn:p:\($0)\"" }.joined()
        // Six levels of 100 declarations: 600 in scope at the innermost element.
        let nested = String(repeating: "<x\(declarations)>", count: 6) + "<p0:e/>"
            + String(repeating: "</x>", count: 6)
        let refused = #expect(throws: XMLParseFailure.self) { try parse("<root>\(nested)</root>") }
        guard case .malformed(_, let message) = refused else {
            Issue.record("expected a malformed-document failure, got \(String(describing: refused))")
            return
        }
        #expect(message.contains("namespace declarations are in scope"))

        // Five levels (500) pass, and a thousand siblings with 100 declarations each never have
        // more than 100 in scope at once; self-closing elements leave nothing behind.
        let five = String(repeating: "<x\(declarations)>", count: 5) + String(repeating: "</x>", count: 5)
        _ = try parse("<root>\(five)</root>")
        let siblings = String(repeating: "<x\(declarations)><p1:e/></x><y\(declarations)/>", count: 1_000)
        _ = try parse("<root>\(siblings)</root>")
    }
}
