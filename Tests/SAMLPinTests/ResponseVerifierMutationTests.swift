import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// Seeded random damage to a real signed response: every variant is either refused with a
/// typed error or, when the damage missed everything signed and checked, yields exactly the
/// values of the original assertion.
@Suite struct ResponseVerifierMutationTests {
    @Test func damagedResponsesAreRefusedOrUnchanged() throws {
        let entry = try Corpus.response("keycloak-signed-assertion.xml")
        let original = try Corpus.bytes(of: entry)
        let expected = try Corpus.verify(entry)
        var refused = 0
        for (round, bytes) in SeededMutations.variants(of: original).enumerated() {
            // A fresh cache each time, so only the damage decides.
            let verifier = try Corpus.verifier(for: entry)
            do {
                let assertion = try verifier.verify(responseXML: bytes, expectedRequestID: entry.expectedRequestID)
                #expect(assertion.assertionID == expected.assertionID, "round \(round)")
                #expect(assertion.nameID == expected.nameID, "round \(round)")
                #expect(assertion.attributes == expected.attributes, "round \(round)")
                #expect(assertion.sessionIndex == expected.sessionIndex, "round \(round)")
            } catch {
                // A refusal names a failed check: never a library failure, never an engine split.
                #expect(!error.reason.isEmpty)
                #expect(error.code != .internalError, "round \(round): \(error)")
                #expect(error.code != .signatureEnginesDisagree, "round \(round): \(error)")
                refused += 1
            }
        }
        // Most damage lands in signed or checked content; a run that refuses nothing is broken.
        #expect(refused > 200)
    }
}

/// The concrete case the damage test above found: exclusive c14n does not sign a namespace
/// binding used only inside an attribute value.
@Suite struct ResponseVerifierUnsignedBindingTests {
    @Test func aRebindableTypePrefixIsLeftUnresolved() throws {
        let entry = try Corpus.response("keycloak-signed-assertion.xml")
        let original = String(decoding: try Corpus.bytes(of: entry), as: UTF8.self)
        let schema = "xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
        #expect(original.contains(schema))
        let rebound = original.replacingOccurrences(of: schema, with: "xmlns:xs=\"urn:attacker:types\"")

        // The signature still verifies after the rebinding...
        let assertion = try Corpus.verifier(for: entry).verify(
            responseXML: Array(rebound.utf8), expectedRequestID: entry.expectedRequestID
        )
        // ...so the type's namespace is not taken from it; the lexical form is kept for display.
        let value = try #require(assertion.attribute(named: "Role")?.values.first)
        #expect(value.type == QualifiedName(namespaceURI: nil, localName: "string"))
        #expect(value.lexicalType == "xs:string")
        #expect(value.text == "manager")
    }
}
