@preconcurrency import CLibXML2
import COpenSSL
import SAMLPinSupport
import SAMLPinTestSupport
import Testing

/// The SignedInfo canonicalization starts libxml2's walk at SignedInfo instead of the document
/// node. These tests canonicalize every SignedInfo (and every signed element) both ways and
/// require the same bytes, on the corpus and on documents that play namespace games in the
/// ancestors the shorter walk skips.
@Suite("differential: exclusive c14n walked from the root against the whole document")
struct DifferentialCanonicalizationWalkTests {
    /// The SHA-256 and length of the canonical form of `root`, or nil when canonicalization failed.
    private static func canonicalDigest(
        _ root: xmlNodePtr,
        excluding excluded: xmlNodePtr?,
        prefixes: InclusivePrefixList?,
        walk: ExclusiveCanonicalizer.Walk
    ) -> (count: Int, digest: [UInt8])? {
        guard let context = EVP_MD_CTX_new() else { return nil }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1 else { return nil }
        let count = ExclusiveCanonicalizer.canonicalize(
            root, excluding: excluded, prefixes: prefixes, into: .digest(context), walk: walk
        )
        guard let count else { return nil }
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard EVP_DigestFinal_ex(context, &digest, &length) == 1 else { return nil }
        return (count, Array(digest.prefix(Int(length))))
    }

    /// Every element named `name` in the XML-DSig namespace, in document order.
    private static func signatureElements(_ name: String, in node: xmlNodePtr) -> [xmlNodePtr] {
        var found: [xmlNodePtr] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                if let href = current.pointee.ns?.pointee.href,
                    String(cString: href) == "http://www.w3.org/2000/09/xmldsig#",
                    String(cString: current.pointee.name) == name
                {
                    found.append(current)
                }
                found += signatureElements(name, in: current)
            }
            child = current.pointee.next
        }
        return found
    }

    /// Compares both walks for every SignedInfo and every signed element of `bytes`.
    ///
    /// - Returns: how many canonicalizations were compared.
    @discardableResult
    private static func compareWalks(
        _ name: String,
        _ bytes: [UInt8],
        prefixLists: [[String]] = [[]],
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> Int {
        try LibraryInitialization.ensure()
        let document = try HardenedXMLDocument(parsing: bytes, maximumSize: 1 << 22)
        let root = try #require(document.root, sourceLocation: sourceLocation)
        var compared = 0
        for prefixes in prefixLists {
            let list = prefixes.isEmpty ? nil : CanonicalForms.prefixList(prefixes.joined(separator: " "))
            for signedInfo in signatureElements("SignedInfo", in: root) {
                let whole = canonicalDigest(signedInfo, excluding: nil, prefixes: list, walk: .wholeDocument)
                let fromRoot = canonicalDigest(signedInfo, excluding: nil, prefixes: list, walk: .fromRoot)
                #expect(whole != nil, "\(name): SignedInfo", sourceLocation: sourceLocation)
                #expect(whole?.count == fromRoot?.count, "\(name): SignedInfo", sourceLocation: sourceLocation)
                #expect(whole?.digest == fromRoot?.digest, "\(name): SignedInfo", sourceLocation: sourceLocation)
                compared += 1
            }
            for signature in signatureElements("Signature", in: root) {
                guard let signed = signature.pointee.parent, signed.pointee.type == XML_ELEMENT_NODE else { continue }
                let whole = canonicalDigest(signed, excluding: signature, prefixes: list, walk: .wholeDocument)
                let fromRoot = canonicalDigest(signed, excluding: signature, prefixes: list, walk: .fromRoot)
                #expect(whole?.count == fromRoot?.count, "\(name): signed element", sourceLocation: sourceLocation)
                #expect(whole?.digest == fromRoot?.digest, "\(name): signed element", sourceLocation: sourceLocation)
                compared += 1
            }
        }
        return compared
    }

    @Test("every vendored corpus response gives the same canonical SignedInfo and signed element both ways")
    func corpus() throws {
        var compared = 0
        for entry in try Corpus.allResponses() {
            compared += try Self.compareWalks(entry.file, try Corpus.bytes(of: entry), prefixLists: [[], ["xs", "ds"]])
        }
        #expect(compared >= 20)
    }

    /// Namespace declarations, xml: attributes and default namespaces on the skipped ancestors.
    @Test(
        "namespace games in the skipped ancestors give the same bytes both ways",
        arguments: [
            // The ds prefix declared only on the root, used by SignedInfo.
            """
            <r:Root xmlns:r="urn:r" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" xmlns:xs="urn:xs" \
            xml:lang="en"><r:A ID="a"><ds:Signature><ds:SignedInfo Id="s"><ds:X a="1" r:b="2"/> \
            text &amp; &lt;more&gt;<!-- c --><?pi data?></ds:SignedInfo></ds:Signature></r:A></r:Root>
            """,
            // A default namespace on an ancestor, undeclared and redeclared inside SignedInfo.
            """
            <Root xmlns="urn:default" xmlns:p="urn:p"><Mid xmlns:q="urn:q" xml:space="preserve">\
            <Signature xmlns="http://www.w3.org/2000/09/xmldsig#"><SignedInfo><Inner xmlns=""><p:x q:y="1"/>\
            </Inner><Other xmlns="urn:other"/></SignedInfo></Signature></Mid></Root>
            """,
            // Prefixes that only the InclusiveNamespaces list makes visible, declared far above.
            """
            <a:Root xmlns:a="urn:a" xmlns:xs="urn:xs"><a:B xmlns:ds="urn:wrong"><a:C \
            xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Signature><ds:SignedInfo>\
            <ds:V xmlns:xs="urn:xs-inner">xs:string</ds:V></ds:SignedInfo></ds:Signature></a:C></a:B></a:Root>
            """,
            // A processing instruction and a comment before the document element.
            """
            <?before here?><!-- first --><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">\
            <ds:SignedInfo><ds:Y/></ds:SignedInfo><ds:SignatureValue>AA==</ds:SignatureValue></ds:Signature>\
            <?after there?>
            """,
        ]
    )
    func namespaceGames(_ xml: String) throws {
        let compared = try Self.compareWalks("crafted", Array(xml.utf8), prefixLists: [[], ["xs"], ["#default", "ds"]])
        #expect(compared >= 3)
    }
}
