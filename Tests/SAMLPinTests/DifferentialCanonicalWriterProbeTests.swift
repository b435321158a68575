@preconcurrency import CLibXML2
import Foundation
import SAMLPin
import SAMLPinSupport
import SAMLPinTestSupport
import Testing

/// Probes of the attack review against `ExclusiveCanonicalWriter` (the production c14n of the narrow
/// verifier): seeded random namespace trees, the writer's buffer boundaries, crafted namespace and
/// escaping cases and other input encodings, each compared byte for byte with libxml2's
/// `xmlC14NExecute` with every element as the root and every descendant left out in turn.
@Suite("differential: canonical writer probes from the attack review")
struct DifferentialCanonicalWriterProbeTests {
    static func show(_ bytes: [UInt8]?) -> String {
        bytes.map { String(decoding: $0, as: UTF8.self) } ?? "refused"
    }

    struct Difference: CustomStringConvertible {
        let root: String
        let list: String?
        let excluded: String?
        let libxml2: [UInt8]?
        let writer: [UInt8]?
        var description: String {
            "root '\(root)' prefixes \(list.map { "\"\($0)\"" } ?? "none") excluded \(excluded ?? "none")\n"
                + "  libxml2: \(show(libxml2))\n  writer:  \(show(writer))"
        }
    }

    /// Every element as root, with no exclusion and each descendant excluded in turn, under each list.
    static func differences(_ bytes: [UInt8], lists: [String?], excludeAll: Bool = true) throws -> [Difference] {
        try LibraryInitialization.ensure()
        let document = try HardenedXMLDocument(parsing: bytes, maximumSize: 1 << 24)
        let top = try #require(document.root)
        var roots = [top]
        CanonicalForms.elements(under: top, into: &roots)
        var found: [Difference] = []
        for list in lists {
            let prefixes = list.flatMap(CanonicalForms.prefixList)
            for root in roots {
                var exclusions: [xmlNodePtr?] = [nil]
                if excludeAll {
                    var below: [xmlNodePtr] = []
                    CanonicalForms.elements(under: root, into: &below)
                    exclusions += below.map { Optional($0) }
                }
                for excluded in exclusions {
                    let expected = CanonicalForms.libxml2(root, excluding: excluded, prefixes: prefixes)
                    let actual = CanonicalForms.written(
                        root, excluding: excluded, prefixes: prefixes, document: document.pointer)
                    if expected != actual {
                        found.append(
                            Difference(
                                root: String(cString: root.pointee.name), list: list,
                                excluded: excluded.map { String(cString: $0.pointee.name) }, libxml2: expected,
                                writer: actual))
                    }
                }
            }
        }
        return found
    }

    static let lists: [String?] = [
        nil, "", "#default", "a", "b", "a b", " a", "a ", "a  b", "#default a b c", "xml", "a a #default #default",
        "xmlns", "c #default", "  ", "d",
    ]

    // MARK: - Seeded random documents

    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 33
        }
        mutating func pick<T>(_ items: [T]) -> T { items[Int(next() % UInt64(items.count))] }
        mutating func chance(_ percent: UInt64) -> Bool { next() % 100 < percent }

        static let prefixes = ["a", "b", "c", "d"]
        static let uris = ["urn:1", "urn:2", "http://e/3", "urn:1", "dav:4"]
        static let texts = [
            "t", "&amp;", "&lt;", "&gt;", "&#13;", "&#xD;&#xA;", "&#9;", "\"", "'", " ", "\n", "]]&gt;", "é☃",
            "&#x10FFFF;", "a&#13;&#10;b",
        ]
        static let values = ["v", "&amp;&lt;&gt;", "&quot;", "'", "&#9;", "&#10;", "&#13;", " x  y ", "\t\n", "é", ""]

        var counter = 0

        /// One element: `scope` maps prefixes (nil for default) to URIs ("" for undeclared default).
        mutating func element(depth: Int, scope: [String?: String]) -> String {
            var scope = scope
            var declarations: [String] = []
            var declared: Set<String?> = []
            let count = Int(next() % 3)
            for _ in 0..<count {
                let prefix: String? = chance(35) ? nil : pick(Self.prefixes)
                guard !declared.contains(prefix) else { continue }
                declared.insert(prefix)
                if prefix == nil, chance(35) {
                    declarations.append(" xmlns=\"\"")
                    scope[nil] = ""
                } else {
                    let uri = pick(Self.uris)
                    declarations.append(prefix.map { " xmlns:\($0)=\"\(uri)\"" } ?? " xmlns=\"\(uri)\"")
                    scope[prefix] = uri
                }
            }
            let boundPrefixes = Self.prefixes.filter { scope[$0] != nil }
            let elementPrefix: String? = (!boundPrefixes.isEmpty && chance(55)) ? pick(boundPrefixes) : nil
            counter += 1
            let local = "e\(counter)"
            let name = elementPrefix.map { "\($0):\(local)" } ?? local
            var attributes: [String] = []
            var used: Set<String> = []
            for _ in 0..<Int(next() % 4) {
                let local = pick(["x", "y", "z", "Z", "aa"])
                if !boundPrefixes.isEmpty, chance(50) {
                    let prefix = pick(boundPrefixes)
                    let key = "\(scope[prefix]!)|\(local)"
                    guard !used.contains(key) else { continue }
                    used.insert(key)
                    attributes.append(" \(prefix):\(local)=\"\(pick(Self.values))\"")
                } else if chance(15) {
                    let local = pick(["lang", "space", "base", "id"])
                    let key = "xml|\(local)"
                    guard !used.contains(key) else { continue }
                    used.insert(key)
                    attributes.append(" xml:\(local)=\"\(pick(Self.values))\"")
                } else {
                    let key = "|\(local)"
                    guard !used.contains(key) else { continue }
                    used.insert(key)
                    attributes.append(" \(local)=\"\(pick(Self.values))\"")
                }
            }
            var body = ""
            if depth < 5 {
                for _ in 0..<Int(next() % 4) {
                    switch next() % 6 {
                    case 0, 1: body += element(depth: depth + 1, scope: scope)
                    case 2: body += pick(Self.texts)
                    case 3: body += "<?p\(next() % 3) \(pick(["", "d", "a&#13;b", "x y", "&amp;", "<>"]))?>"
                    case 4: body += "<!--c\(pick(Self.texts.filter { !$0.contains("&") && !$0.contains("-") }))-->"
                    default: body += "<![CDATA[\(pick(["<&>", "\r", "x]]y", ""]))]]>"
                    }
                }
            }
            // Shuffle the order of declarations and attributes a little.
            var start = declarations + attributes
            if start.count > 1, chance(50) { start.swapAt(0, start.count - 1) }
            return "<\(name)\(start.joined())>\(body)</\(name)>"
        }
    }

    @Test("seeded random namespace trees: writer against libxml2")
    func randomTrees() throws {
        var generator = Generator(state: 0x5EED_0001)
        let count = 1_500
        var all: [Difference] = []
        var documents = 0
        var seen: Set<String> = []
        for _ in 0..<count {
            generator.counter = 0
            let xml = generator.element(depth: 0, scope: [:])
            guard (try? HardenedXMLDocument(parsing: Array(xml.utf8), maximumSize: 1 << 22)) != nil else { continue }
            documents += 1
            let found = try Self.differences(Array(xml.utf8), lists: Self.lists)
            if let first = found.first {
                let key = first.description
                if !seen.contains(key) {
                    seen.insert(key)
                    all.append(first)
                    Issue.record("\(xml)\n\(first)")
                }
            }
        }
        #expect(documents > count * 2 / 3)
        #expect(all.isEmpty, "\(all.count) documents differ; first: \(all.first.map(String.init(describing:)) ?? "")")
    }

    // MARK: - Buffer boundaries and big values

    @Test("escapes and names across the writer's 16 KiB buffer boundary")
    func bufferBoundaries() throws {
        var all: [Difference] = []
        for shift in [16380, 16381, 16382, 16383, 16384, 16385, 32760, 32767, 32768] {
            let filler = String(repeating: "a", count: shift)
            let cases = [
                "<r xmlns=\"urn:r\">\(filler)&amp;&lt;&gt;&#13;é☃</r>",
                "<r a=\"\(filler)&amp;&quot;&#9;&#10;&#13;\"/>",
                "<r><?pi \(filler)&#13;\(filler)?></r>",
                "<p:r xmlns:p=\"urn:\(filler)\" xmlns:q=\"urn:\(filler)'x\"><q:s/></p:r>",
                "<\(String(repeating: "n", count: shift - 1)) xmlns=\"urn:x\">x</\(String(repeating: "n", count: shift - 1))>",
            ]
            for xml in cases {
                all += try Self.differences(Array(xml.utf8), lists: [nil, "#default q"], excludeAll: false)
            }
        }
        #expect(all.isEmpty, "\(all.first.map { String($0.description.prefix(400)) } ?? "")")
    }

    @Test("crafted namespace and escaping games")
    func crafted() throws {
        let cases = [
            // Default namespace undeclared on the root itself, and on an attribute-only element.
            "<r xmlns=\"\"><a:s xmlns:a=\"urn:a\" xmlns=\"urn:d\"><t xmlns=\"\" a:x=\"1\"/></a:s></r>",
            // The same URI under two prefixes, attributes in both (ordering by URI then name).
            "<a:r xmlns:a=\"urn:x\" xmlns:b=\"urn:x\" b:z=\"1\" a:y=\"2\" z=\"3\"/>",
            // A prefix redeclared to the same URI below (not rendered again) and to another (rendered).
            "<a:r xmlns:a=\"urn:x\"><a:s xmlns:a=\"urn:x\"><a:t xmlns:a=\"urn:y\"/></a:s></a:r>",
            // xml: attributes and an element in the XML namespace.
            "<r xml:lang=\"en\" xml:space=\"preserve\"><xml:e xml:base=\"http://x/\"/></r>",
            // A declared but unused prefix only in attribute values (QName in content).
            "<r xmlns:xs=\"urn:xs\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><v xsi:type=\"xs:string\">x</v></r>",
            // Namespace URIs with characters that quoting or parsing might treat specially.
            "<r xmlns:a=\"urn:a'b\" xmlns:b=\"http://h/p?q=1&amp;r=%22\" xmlns:c=\"urn:%00\"><a:x b:y=\"1\" c:z=\"2\"/></r>",
            // Non-ASCII prefixes sort by bytes.
            "<é:r xmlns:é=\"urn:1\" xmlns:z=\"urn:2\" xmlns:Z=\"urn:3\" z:a=\"1\" Z:a=\"1\" é:a=\"1\"/>",
            // Empty text after character references, whitespace-only and CR-only text.
            "<r>&#13;<s>&#13;&#10;</s>\n<t> </t></r>",
            // PI with CR, with no data, and with a target that starts like xml.
            "<r><?x &#13;?><?y?><?xml-stylesheet a?></r>",
            // xmlns="" directly under an element whose default namespace was not rendered.
            "<a:r xmlns:a=\"urn:a\" xmlns=\"urn:d\"><s xmlns=\"\"/><t/></a:r>",
        ]
        var all: [Difference] = []
        for xml in cases {
            guard (try? HardenedXMLDocument(parsing: Array(xml.utf8), maximumSize: 1 << 22)) != nil else {
                Issue.record("the hardened parser refuses a crafted case: \(xml)")
                continue
            }
            let found = try Self.differences(Array(xml.utf8), lists: Self.lists)
            if let first = found.first { Issue.record("\(xml)\n\(first)") }
            all += found
        }
        #expect(all.isEmpty)
    }

    // MARK: - Encodings

    @Test("documents in other encodings: both canonicalize the same UTF-8 tree")
    func encodings() throws {
        var all: [Difference] = []
        let latin1: [UInt8] =
            Array("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r a=\"".utf8) + [0xE9] + Array("\">".utf8) + [0xE8]
            + Array("</r>".utf8)
        let utf16: [UInt8] =
            [0xFF, 0xFE] + "<r xmlns=\"urn:x\" a=\"é\">☃&#13;</r>".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("<r>x</r>".utf8)
        for bytes in [latin1, utf16, bom] {
            // UTF-16 holds NUL bytes, which the pre-scan refuses before libxml2 runs.
            guard (try? HardenedXMLDocument(parsing: bytes, maximumSize: 1 << 22)) != nil else { continue }
            all += try Self.differences(bytes, lists: [nil, "#default"])
        }
        #expect(all.isEmpty, "\(all.first.map(String.init(describing:)) ?? "")")
    }

}
