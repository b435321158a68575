import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

/// One `ResponseVerifier` shared by thousands of concurrent verifications: every verdict must be
/// the one the same input gets alone, and the replay cache must let each assertion in exactly once.
@Suite("Concurrency")
struct ConcurrencyVerificationTests {
    /// A message and the verdict it must get; nil means accepted.
    struct Submission: Sendable {
        let xml: [UInt8]
        let expected: SAMLError.Code?
        /// For a valid message: the assertion the same message gets from a verifier of its own.
        let alone: VerifiedAssertion?
    }

    static let distinctValidResponses = 40
    static let totalVerifications = 10_000

    /// Signs the distinct valid responses and builds the invalid ones (once per process).
    static func inputs() throws -> (valid: [SignedResponse], invalid: [(bytes: [UInt8], code: SAMLError.Code)]) {
        let parts = SignedParts.allCases
        let valid = try (0..<distinctValidResponses).map { index in
            try TestResponses.cached("concurrency-valid-\(index)") {
                try TestResponses.signed(parts: parts[index % parts.count])
            }
        }
        let base = try AttackFixtures.assertionSigned()
        var tampered = XMLText(base.xml)
        tampered.setContent(of: "saml2:NameID", to: "admin@example.com")
        let attacker = try TestResponses.cached("concurrency-attacker") {
            try TestResponses.signed(parts: .assertion, key: .keyPair(TestKeys.shared().attacker))
        }
        let otherAudience = try TestResponses.cached("concurrency-audience") {
            var parameters = ResponseParameters()
            parameters.audience = "https://other-sp.example/metadata"
            return try TestResponses.signed(parameters, parts: .both)
        }
        var wrapped = XMLText(base.xml)
        wrapped.insert(
            AttackFixtures.unsignedAssertionCopy(of: base, id: "_evil-concurrent", nameID: "admin@example.com"),
            before: "saml2:Assertion"
        )
        let doctype = base.xml.replacingOccurrences(
            of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            with: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE r [<!ENTITY a \"b\">]>\n"
        )
        let invalid: [(bytes: [UInt8], code: SAMLError.Code)] = [
            (Array(tampered.text.utf8), .digestMismatch),
            (attacker.bytes, .signatureInvalid),
            (otherAudience.bytes, .audienceMismatch),
            (Array(wrapped.text.utf8), .multipleAssertions),
            (Array(doctype.utf8), .documentTypeDeclaration),
        ]
        return (valid, invalid)
    }

    @Test("10,000 mixed verifications on one verifier: every verdict right, each assertion accepted once")
    func sharedVerifier() async throws {
        let (valid, invalid) = try Self.inputs()
        let verifier = try TestVerifiers.okta()
        // Each valid response verified once, serially, by a verifier of its own: the reference values.
        let alone = try valid.map { response in
            try TestVerifiers.okta().verify(
                responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID
            )
        }

        // Half the submissions repeat the valid responses; the other half cycle through the invalid ones.
        var submissions: [Submission] = []
        submissions.reserveCapacity(Self.totalVerifications)
        for index in 0..<Self.totalVerifications {
            if index.isMultiple(of: 2) {
                let which = (index / 2) % valid.count
                submissions.append(Submission(xml: valid[which].bytes, expected: nil, alone: alone[which]))
            } else {
                let (bytes, code) = invalid[(index / 2) % invalid.count]
                submissions.append(Submission(xml: bytes, expected: code, alone: nil))
            }
        }

        let verdicts = await withTaskGroup(of: (Int, Result<VerifiedAssertion, SAMLError>).self) { group in
            for (index, submission) in submissions.enumerated() {
                group.addTask {
                    let result = Result { () throws(SAMLError) in
                        try verifier.verify(
                            responseXML: submission.xml, expectedRequestID: TestIdentityProviders.requestID
                        )
                    }
                    return (index, result)
                }
            }
            var collected: [(Int, Result<VerifiedAssertion, SAMLError>)] = []
            collected.reserveCapacity(submissions.count)
            for await verdict in group { collected.append(verdict) }
            return collected
        }

        #expect(verdicts.count == Self.totalVerifications)
        var acceptedIDs: [String: Int] = [:]
        var replays = 0
        var wrong: [String] = []
        var invalidCounts: [SAMLError.Code: Int] = [:]
        for (index, result) in verdicts {
            let submission = submissions[index]
            switch (submission.expected, result) {
            case (nil, .success(let verified)):
                // Every value, not only the ID: a value read from another task's document would differ.
                if verified != submission.alone {
                    wrong.append("#\(index): read \(verified), alone it reads \(String(describing: submission.alone))")
                }
                acceptedIDs[verified.assertionID, default: 0] += 1
            case (nil, .failure(let error)) where error.code == .replayDetected:
                replays += 1
            case (.some(let code), .failure(let error)) where error.code == code:
                invalidCounts[code, default: 0] += 1
            case (let expected, let result):
                wrong.append("#\(index): expected \(expected?.rawValue ?? "acceptance"), got \(result)")
            }
        }
        #expect(wrong.isEmpty, "\(wrong.count) wrong verdicts, first: \(wrong.prefix(3))")
        #expect(acceptedIDs.count == Self.distinctValidResponses)
        #expect(acceptedIDs.values.allSatisfy { $0 == 1 }, "an assertion was accepted more than once")
        #expect(replays == Self.totalVerifications / 2 - Self.distinctValidResponses)
        #expect(invalidCounts[.digestMismatch] == 1_000)
        #expect(invalidCounts[.signatureInvalid] == 1_000)
        #expect(invalidCounts[.audienceMismatch] == 1_000)
        #expect(invalidCounts[.multipleAssertions] == 1_000)
        #expect(invalidCounts[.documentTypeDeclaration] == 1_000)
    }
}
