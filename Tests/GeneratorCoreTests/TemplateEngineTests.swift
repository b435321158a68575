import Testing
@testable import _SAMLPinGeneratorCore

@Suite("Template engine")
struct TemplateEngineTests {
    private func render(_ templates: [String: String], _ context: TemplateContext) throws -> String {
        var engine = TemplateEngine(templates: templates)
        return try engine.render("main", context: context)
    }

    @Test func substitutesEachKindOfValue() throws {
        let output = try render(
            ["main": "let {{name}} = {{value}} // {{note}}; {{flag}}\n"],
            ["name": .code("answer"), "value": .string("forty-two"), "note": .comment("a\nb"), "flag": .bool(true)]
        )
        #expect(output == "let answer = \"forty-two\" // a b; true\n")
    }

    @Test func sectionsRepeatAndStandaloneTagLinesDisappear() throws {
        let template = """
            [
            {{#items}}
                {{value}},
            {{/items}}
            ]
            {{^items}}
            empty
            {{/items}}

            """
        let full = try render(["main": template], ["items": .list([["value": .code("1")], ["value": .code("2")]])])
        #expect(full == "[\n    1,\n    2,\n]\n")
        let empty = try render(["main": template], ["items": .list([])])
        #expect(empty == "[\n]\nempty\n")
    }

    @Test func booleanSectionsAndInlineSections() throws {
        let template = "a{{#on}}-on{{/on}}{{^on}}-off{{/on}}{{#missing}}!{{/missing}}\n"
        #expect(try render(["main": template], ["on": .bool(true)]) == "a-on\n")
        #expect(try render(["main": template], ["on": .bool(false)]) == "a-off\n")
    }

    @Test func partialsAreIndentedLikeTheirTagAndSeeTheOuterContext() throws {
        let templates = [
            "main": "enum E {\n{{#cases}}\n    {{>case}}\n{{/cases}}\n}\n",
            "case": "// {{prefix}}\ncase {{name}}\n",
        ]
        let output = try render(templates, [
            "prefix": .comment("from outside"),
            "cases": .list([["name": .code("a")], ["name": .code("b")]]),
        ])
        #expect(output == "enum E {\n    // from outside\n    case a\n    // from outside\n    case b\n}\n")
    }

    @Test func commentsAreDropped() throws {
        #expect(try render(["main": "{{! a note }}\nx{{! inline }}y\n"], [:]) == "xy\n")
    }

    @Test(arguments: [
        ("{{#a}}x", "never closed"),
        ("{{#a}}x{{/b}}", "closes 'a'"),
        ("x{{/a}}", "closes nothing"),
        ("{{a", "never closed"),
        ("{{missing}}", "no value named 'missing'"),
        ("{{list}}", "is a list"),
        ("{{#text}}x{{/text}}", "not a list or a boolean"),
        ("{{>nowhere}}", "no template named 'nowhere'"),
        ("{{>main}}", "nested too deep"),
        ("{{multi}}", "spans several lines"),
    ])
    func brokenTemplatesGiveTypedErrors(template: String, expected: String) throws {
        let context: TemplateContext = ["list": .list([]), "text": .string("t"), "multi": .code("a\nb")]
        let error = try #require(throws: TemplateError.self) { try render(["main": template], context) }
        #expect(error.message.contains(expected), "\(error)")
    }

    @Test func stringLiteralsEscapeEverythingThatCouldEndThemOrHideCode() {
        #expect(SwiftLiteral.string(#"a"b"#) == #""a\"b""#)
        #expect(SwiftLiteral.string(#"back\slash"#) == #""back\\slash""#)
        #expect(SwiftLiteral.string(#"\(evil())"#) == #""\\(evil())""#)
        #expect(SwiftLiteral.string("line\nbreak\r\ttab") == #""line\nbreak\r\ttab""#)
        let tripleQuote = String(repeating: "\"", count: 3)
        #expect(SwiftLiteral.string(tripleQuote) == "\"" + String(repeating: "\\\"", count: 3) + "\"")
        #expect(SwiftLiteral.string("#\"raw\"#") == ##""#\"raw\"#""##)
        // Bidirectional overrides and other invisible characters become visible escapes.
        #expect(SwiftLiteral.string("a\u{202E}b\u{0}c\u{2028}") == #""a\u{202E}b\u{0}c\u{2028}""#)
        // Ordinary non-ASCII text stays readable.
        #expect(SwiftLiteral.string("Göteborgs universitet") == "\"Göteborgs universitet\"")
    }

    @Test func commentTextStaysOnOneLine() {
        #expect(SwiftLiteral.commentText("a\nimport Evil\r\u{2029}b\u{202E}") == "a import Evil  b ")
    }
}
