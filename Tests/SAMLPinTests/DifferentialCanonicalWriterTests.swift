@preconcurrency import CLibXML2
import Foundation
import SAMLPinSupport
import SAMLPinTestSupport
import Testing

/// The production canonicalizer (`ExclusiveCanonicalWriter`, which walks the tree itself) against
/// libxml2's `xmlC14NExecute` (`ExclusiveCanonicalizer`): the same bytes, or the same refusal,
/// with every element of every document as the root, with and without each enveloped signature
/// left out, and under several InclusiveNamespaces lists.
@Suite("differential: exclusive c14n written by walking the tree against libxml2's")
struct DifferentialCanonicalWriterTests {
    /// InclusiveNamespaces lists that the comparisons run under, as PrefixList attribute values.
    static let prefixLists: [String?] = [nil, "xs", "#default ds saml samlp xsi", " saml2", "xs xs p q #default"]

    private static func isSignature(_ node: xmlNodePtr) -> Bool {
        guard let href = node.pointee.ns?.pointee.href else { return false }
        return String(cString: node.pointee.name) == "Signature"
            && String(cString: href) == "http://www.w3.org/2000/09/xmldsig#"
    }

    /// Compares both canonicalizers on up to `limit` elements of `bytes` as roots.
    ///
    /// - Returns: the number of comparisons, and how many of them libxml2 produced bytes for.
    @discardableResult
    static func compare(
        _ name: String,
        _ bytes: [UInt8],
        limit: Int = 400,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (compared: Int, rendered: Int) {
        try LibraryInitialization.ensure()
        let document = try HardenedXMLDocument(parsing: bytes, maximumSize: 1 << 24)
        let root = try #require(document.root, sourceLocation: sourceLocation)
        var roots = [root]
        CanonicalForms.elements(under: root, into: &roots, limit: limit)
        var compared = 0
        var rendered = 0
        for list in prefixLists {
            let prefixes = list.flatMap(CanonicalForms.prefixList)
            for element in roots {
                // Left out: nothing, and each enveloped signature (a direct child) in turn.
                var exclusions: [xmlNodePtr?] = [nil]
                var child = element.pointee.children
                while let current = child {
                    if current.pointee.type == XML_ELEMENT_NODE, isSignature(current) { exclusions.append(current) }
                    child = current.pointee.next
                }
                for excluded in exclusions {
                    let expected = CanonicalForms.libxml2(element, excluding: excluded, prefixes: prefixes)
                    let actual = CanonicalForms.written(
                        element, excluding: excluded, prefixes: prefixes, document: document.pointer)
                    if expected != actual {
                        let elementName = String(cString: element.pointee.name)
                        let show = { (bytes: [UInt8]?) in bytes.map { String(decoding: $0, as: UTF8.self) } ?? "refused"
                        }
                        Issue.record(
                            """
                            \(name): '\(elementName)' (prefixes \(list ?? "none"), \
                            signature \(excluded == nil ? "kept" : "left out")) differs:
                            libxml2: \(show(expected))
                            written: \(show(actual))
                            """,
                            sourceLocation: sourceLocation
                        )
                        return (compared, rendered)
                    }
                    compared += 1
                    if expected != nil { rendered += 1 }
                }
            }
        }
        return (compared, rendered)
    }

    @Test("every element of every corpus response")
    func corpusResponses() throws {
        var rendered = 0
        for entry in try Corpus.allResponses() {
            rendered += try Self.compare(entry.file, try Corpus.bytes(of: entry)).rendered
        }
        #expect(rendered > 3_000)
    }

    @Test("the first elements of every corpus metadata file")
    func corpusMetadata() throws {
        let folder = Fixtures.corpus.appendingPathComponent("metadata")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        var rendered = 0
        for file in files where file.hasSuffix(".xml") {
            let bytes = try Fixtures.bytes(folder.appendingPathComponent(file))
            // The corrupted file is not well-formed and never reaches a canonicalizer.
            guard (try? HardenedXMLDocument(parsing: bytes, maximumSize: 1 << 24)) != nil else { continue }
            rendered += try Self.compare(file, bytes, limit: 60).rendered
        }
        #expect(rendered > 1_000)
    }

    @Test("responses signed at test time, each signing shape")
    func signedResponses() throws {
        for parts in SignedParts.allCases {
            let response = try TestResponses.signed(parts: parts)
            let (_, rendered) = try Self.compare("signed \(parts)", response.bytes)
            #expect(rendered > 100)
        }
    }

    /// Namespace declarations and values that exercise each rendering rule.
    @Test(
        "namespace, escaping and node-type games",
        arguments: [
            // Prefixes declared far above and redeclared, used by names and by attributes only.
            """
            <a:Root xmlns:a="urn:a" xmlns:b="urn:b" xmlns:c="urn:c" xmlns="urn:default"><a:B b:x="1" \
            xmlns:b="urn:b2"><Plain y="2"><c:D xmlns:c="urn:c"><E xmlns="" z="3"><F xmlns="urn:f"/>\
            <G/></E></c:D></Plain></a:B><b:H a:q="4" b:r="5" c:s="6" t="7"/></a:Root>
            """,
            // Escaping in text, attribute values, CR from character references, PIs and comments.
            """
            <r xmlns="urn:r" a="&lt;&amp;&gt;&quot;'&#9;&#10;&#13;" b='x"y'>t &amp; &lt; &gt; &#13; " ' \
            <![CDATA[<cdata & more>]]><?pi  with &amp; data&#13;?><?empty?><!-- gone -->\
            <x:y xmlns:x="urn:x" x:a="1" x:b="2" b="3" a="4"/></r>
            """,
            // The XML namespace on attributes, default namespaces undeclared and redeclared.
            """
            <p:Root xmlns:p="urn:p" xml:lang="en"><Child xml:space="preserve" xmlns="urn:one">\
            <Grand xmlns="urn:one"><Great xmlns=""><Deep xmlns="urn:two"/></Great></Grand></Child></p:Root>
            """,
            // Namespace URIs libxml2 accepts and those it refuses as relative (the whole document fails).
            """
            <ok xmlns="urn:x" xmlns:h="http://example.com/a?b=c&amp;d" xmlns:d="dav:x" xmlns:q="URN:Q">\
            <h:a q:b="1"/></ok>
            """,
            "<bad xmlns=\"relative/path\"><child/></bad>",
            "<fine xmlns:m=\"mailto:someone@example.com\"><m:child/></fine>",
            "<fine2><inner xmlns:h=\"http:no-authority\"><h:x/></inner></fine2>",
            "<bad2><inner xmlns:h=\"no-scheme\"><h:x/></inner></bad2>",
            // A signature to leave out, with namespaces declared only on it and on its parent.
            """
            <s:Signed xmlns:s="urn:s" ID="a"><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\
            <ds:SignedInfo><ds:Reference URI="#a"/></ds:SignedInfo></ds:Signature><s:Body xmlns:ds="urn:other">\
            <ds:Thing/></s:Body></s:Signed>
            """,
            // Attribute order: by namespace URI first (not prefix, not local name), then local name.
            """
            <x:y xmlns:x="urn:z" xmlns:w="urn:a" xmlns:v="http://www.w3.org/XML/1998/namespacf" x:a="1" \
            w:b="2" v:c="3" xml:d="4" e="5" A="6"><w:k x:z="1" x:y="2"/></x:y>
            """,
            // Non-ASCII names and text.
            "<ü:Größe xmlns:ü=\"urn:u\" ü:ä=\"ö\">naïve — ☃<ü:Ł/></ü:Größe>",
        ]
    )
    func games(_ xml: String) throws {
        let (compared, _) = try Self.compare("crafted", Array(xml.utf8))
        #expect(compared > 5)
    }

    @Test("seeded byte-level damage to a signed response")
    func mutations() throws {
        let original = try TestResponses.signed(parts: .both).bytes
        var parsed = 0
        for variant in SeededMutations.variants(of: original, count: 300) {
            guard (try? HardenedXMLDocument(parsing: variant, maximumSize: 1 << 22)) != nil else { continue }
            parsed += 1
            try Self.compare("mutation", variant, limit: 40)
        }
        #expect(parsed > 50)
    }
}

/// The fast path of the relative-namespace check only ever says "absolute" where libxml2's URI
/// parser finds a scheme too.
@Suite("namespace URI fast path agrees with libxml2's parser")
struct NamespaceURIFastPathTests {
    private static func libxml2FindsAScheme(_ uri: String) -> Bool {
        guard let parsed = xmlParseURI(uri) else { return false }
        defer { xmlFreeURI(parsed) }
        return parsed.pointee.scheme.map { $0.pointee != 0 } ?? false
    }

    @Test(
        "every URI the fast path accepts has a scheme for libxml2",
        arguments: [
            "urn:oasis:names:tc:SAML:2.0:assertion", "urn:oasis:names:tc:SAML:2.0:protocol",
            "http://www.w3.org/2000/09/xmldsig#", "http://www.w3.org/2001/10/xml-exc-c14n#",
            "http://www.w3.org/2001/XMLSchema-instance", "http://www.w3.org/2001/XMLSchema",
            "https://example.com", "http://a", "http://a/", "http://a#", "http://a/b#c", "urn:x-y.z_1",
            "http://a/b~c/d", "https://idp.example.org/path/to-thing_v2.0/",
        ]
    )
    func accepted(_ uri: String) {
        #expect(
            uri.withCString {
                ExclusiveCanonicalWriter.isPlainAbsolute(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self))
            })
        #expect(Self.libxml2FindsAScheme(uri))
    }

    @Test(
        "URIs outside the fast path are left to libxml2",
        arguments: [
            "urn:", "http://", "http:///x", "http://a:80/", "http://a?b", "http://a/b c", "http://a/#b#c",
            "http://user@a/", "http://a/%20", "mailto:x@example.com", "HTTP://A/", "urn:a/b", "relative/path",
            "", "dav:x", "http:x", "https://a/é",
        ]
    )
    func leftToLibxml2(_ uri: String) {
        let fast = uri.withCString {
            ExclusiveCanonicalWriter.isPlainAbsolute(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self))
        }
        #expect(!fast)
        // The full check still answers as libxml2 does.
        let full = uri.withCString {
            ExclusiveCanonicalWriter.isAbsolute(UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self))
        }
        #expect(full == Self.libxml2FindsAScheme(uri))
    }
}
