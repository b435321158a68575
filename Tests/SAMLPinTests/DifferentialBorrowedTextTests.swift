@preconcurrency import CLibXML2
import Foundation
import SAMLPinSupport
import SAMLPinTestSupport
import Testing

/// The lent reads of `BorrowedXMLText` against the libxml2 getters they stand in for: the same
/// attribute found (or none), the same bytes (or NULL), for every element and attribute name of
/// every document, so a value the verifier compares or returns is never one libxml2 (and so
/// libxmlsec1) would read differently.
@Suite("differential: values lent from the tree against libxml2's getters")
struct DifferentialBorrowedTextTests {
    /// What one read gave: nil for NULL, else the bytes.
    private static func copied(_ value: UnsafeMutablePointer<xmlChar>?) -> [UInt8]? {
        guard let value else { return nil }
        defer { samlpin_xml_free(value) }
        return Array(UnsafeBufferPointer(start: value, count: Int(xmlStrlen(value))))
    }

    private static func lent(_ attribute: xmlAttrPtr?) -> [UInt8]? {
        guard let attribute else { return nil }
        return BorrowedXMLText.withValue(of: attribute) { value in
            value.map { Array(UnsafeBufferPointer(start: $0, count: Int(xmlStrlen($0)))) }
        }
    }

    /// Compares every read on every element of `bytes`; returns how many reads were compared.
    @discardableResult
    static func compare(_ name: String, _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) throws
        -> Int
    {
        try LibraryInitialization.ensure()
        let document = try HardenedXMLDocument(parsing: bytes, maximumSize: 1 << 24)
        let root = try #require(document.root, sourceLocation: sourceLocation)
        var elements = [root]
        CanonicalForms.elements(under: root, into: &elements)
        var compared = 0
        func check(_ expected: [UInt8]?, _ actual: [UInt8]?, _ what: String) {
            compared += 1
            guard expected != actual else { return }
            let show = { (bytes: [UInt8]?) in bytes.map { String(decoding: $0, as: UTF8.self) } ?? "NULL" }
            Issue.record(
                "\(name): \(what): libxml2 \(show(expected)), lent \(show(actual))", sourceLocation: sourceLocation)
        }
        for element in elements {
            let elementName = String(cString: element.pointee.name)
            let content = BorrowedXMLText.withContent(of: element) { text in
                text.map { Array(UnsafeBufferPointer(start: $0, count: Int(xmlStrlen($0)))) }
            }
            check(copied(xmlNodeGetContent(element)), content, "text of \(elementName)")
            // Every attribute name on the element, and names it does not carry.
            var names: [[UInt8]] = [Array("Absent".utf8), Array("ID".utf8)]
            var namespaces: [[UInt8]] = [Array("urn:absent".utf8)]
            var property = element.pointee.properties
            while let attribute = property {
                if let attributeName = attribute.pointee.name {
                    names.append(Array(UnsafeBufferPointer(start: attributeName, count: Int(xmlStrlen(attributeName)))))
                }
                if let href = attribute.pointee.ns?.pointee.href {
                    namespaces.append(Array(UnsafeBufferPointer(start: href, count: Int(xmlStrlen(href)))))
                }
                property = attribute.pointee.next
            }
            for attributeBytes in names {
                let attributeName = String(decoding: attributeBytes, as: UTF8.self)
                (attributeBytes + [0]).withUnsafeBufferPointer { cName in
                    guard let pointer = cName.baseAddress else { return }
                    check(
                        copied(xmlGetNoNsProp(element, pointer)),
                        lent(BorrowedXMLText.unqualifiedAttribute(element, pointer)),
                        "\(elementName)/@\(attributeName) in no namespace")
                    check(
                        copied(xmlGetProp(element, pointer)),
                        lent(BorrowedXMLText.attributeInAnyNamespace(element, pointer)),
                        "\(elementName)/@\(attributeName) in any namespace")
                    #expect(
                        (xmlHasNsProp(element, pointer, nil) != nil)
                            == (BorrowedXMLText.unqualifiedAttribute(element, pointer) != nil),
                        "\(name): \(elementName)/@\(attributeName) presence", sourceLocation: sourceLocation)
                    for namespace in namespaces {
                        (namespace + [0]).withUnsafeBufferPointer { cNamespace in
                            guard let href = cNamespace.baseAddress else { return }
                            check(
                                copied(xmlGetNsProp(element, pointer, href)),
                                lent(BorrowedXMLText.qualifiedAttribute(element, pointer, namespace: href)),
                                "\(elementName)/@{\(String(decoding: namespace, as: UTF8.self))}\(attributeName)")
                        }
                    }
                }
            }
        }
        return compared
    }

    @Test("every element and attribute of every corpus response")
    func corpusResponses() throws {
        var compared = 0
        for entry in try Corpus.allResponses() {
            compared += try Self.compare(entry.file, try Corpus.bytes(of: entry))
        }
        #expect(compared > 7_000)
    }

    @Test("responses signed at test time, each signing shape")
    func signedResponses() throws {
        for parts in SignedParts.allCases {
            #expect(try Self.compare("signed \(parts)", try TestResponses.signed(parts: parts).bytes) > 400)
        }
    }

    /// Shapes where a value is not one plain text node: empty values, references, CDATA, markup,
    /// comments and PIs inside text, the same name in several namespaces.
    @Test(
        "values of every shape",
        arguments: [
            """
            <r xmlns:a="urn:a" xmlns:b="urn:b" e="" a:e="" x="&lt;&amp;&#65;&#x10000;" b:x="2" a:x="1" x2='"'>\
            <leaf/><t>plain</t><c>one<!-- cut -->two<?pi data?>three</c><d><![CDATA[<&>]]>after</d>\
            <m>outer<inner>inside</inner>tail</m><s>   </s><n a:ID="i" ID="j" b:ID="k"/></r>
            """,
            """
            <p:R xmlns:p="urn:p" xmlns="urn:d" p:Algorithm="first" Algorithm="second" URI="#x">\
            <p:E Algorithm="only"/><E xmlns:p="urn:other" p:Algorithm="shadow"/></p:R>
            """,
        ]
    )
    func shapes(_ xml: String) throws {
        #expect(try Self.compare("crafted", Array(xml.utf8)) > 40)
    }
}
