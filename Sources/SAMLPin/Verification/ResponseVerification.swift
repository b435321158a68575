@preconcurrency import CLibXML2
import Foundation
import SAMLPinSupport

/// One run of the verification pipeline over one message.
///
/// The steps run in a fixed order: parse once, check the shape, pick the IdP from the
/// unverified Issuer, check each signature's profile, verify the signatures with pinned keys
/// only, then read and check values from the verified elements, and record the assertion ID
/// last. Each step throws the `SAMLError` code of the check that failed.
struct ResponseVerification {
    let verifier: ResponseVerifier
    let expectedRequestID: String?
    let relayState: String?
    /// The ACS URLs Destination and Recipient may name: the one the POST arrived at, or all of them.
    let acceptedEndpoints: [String]

    func run(_ bytes: [UInt8]) throws(SAMLError) -> VerifiedAssertion {
        let document = try parse(bytes)
        guard let rootNode = document.root else { throw SAMLError(.malformedXML, "the document has no root element") }
        let response = SAMLElement(node: rootNode)

        // A message that is not a SAML 2.0 Response must not reach any later step.
        guard response.is(SAMLNamespace.protocol_, "Response") else {
            throw SAMLError(.unexpectedRoot, "the root element is '\(response.qualifiedName)', not a SAML 2.0 Response")
        }
        guard response.attribute("Version", equals: SAMLValue.version) else {
            throw SAMLError(.versionMismatch, "the Response Version is not '2.0'")
        }

        let survey = DocumentSurvey(root: response)
        // Two assertions (or an encrypted one beside a plain one) invite reading one and verifying the other.
        guard survey.assertions.count + survey.encryptedAssertions.count <= 1 else {
            throw SAMLError(.multipleAssertions, "the document holds more than one assertion")
        }

        // A failed login grants nothing, so its status can be reported even when unsigned.
        try checkStatus(response)

        guard survey.encryptedAssertions.isEmpty else {
            throw SAMLError(
                .encryptedAssertionUnsupported, "the assertion is encrypted; decryption is not supported yet"
            )
        }
        guard let assertion = survey.assertions.first else {
            throw SAMLError(.noAssertion, "the Response carries no assertion")
        }
        // Assertions only where SAML puts them: as a direct child of the Response.
        guard assertion.parent?.node == response.node else {
            throw SAMLError(.schemaViolation, "the assertion is not a direct child of the Response")
        }

        let responseID = try registerID(of: response, role: "Response", document: document, survey: survey)
        let assertionID = try registerID(of: assertion, role: "Assertion", document: document, survey: survey)

        let issuer = try selectIssuer(response: response, assertion: assertion)
        let policy = issuer.identityProvider.policy
        // Each IdP may allow less than the largest limit that was applied before its identity was known.
        guard bytes.count <= policy.maximumMessageSize else {
            throw SAMLError(
                .messageTooLarge,
                "the message has \(bytes.count) bytes; "
                    + "'\(issuer.identityProvider.slug)' allows \(policy.maximumMessageSize)"
            )
        }

        let signatures = try SignatureVerification(
            document: document, survey: survey, issuer: issuer, engine: verifier.signatureEngine,
            response: (response, responseID), assertion: (assertion, assertionID)
        ).run()

        return try AssertionChecks(
            verifier: verifier, issuer: issuer, response: response, responseID: responseID,
            assertion: assertion, assertionID: assertionID, signatures: signatures,
            expectedRequestID: expectedRequestID, relayState: relayState, acceptedEndpoints: acceptedEndpoints
        ).run()
    }

    /// Parses the message once with hardened libxml2.
    private func parse(_ bytes: [UInt8]) throws(SAMLError) -> HardenedXMLDocument {
        do {
            try LibraryInitialization.ensure()
        } catch {
            throw SAMLError(.internalError, error.description)
        }
        do {
            return try HardenedXMLDocument(parsing: bytes, maximumSize: verifier.largestMessageSize)
        } catch {
            switch error {
            case .tooLarge(let size, let limit):
                throw SAMLError(.messageTooLarge, "the message has \(size) bytes; the limit is \(limit)")
            case .empty:
                throw SAMLError(.malformedXML, "the message is empty")
            case .documentTypeDeclaration:
                throw SAMLError(.documentTypeDeclaration, "the message declares a DTD, which is never allowed")
            case .malformed(let line, let message):
                throw SAMLError(.malformedXML, "line \(line): \(message)")
            }
        }
    }

    /// Throws `statusNotSuccess` unless the top-level StatusCode is Success.
    private func checkStatus(_ response: SAMLElement) throws(SAMLError) {
        guard let status = response.firstChild(SAMLNamespace.protocol_, "Status"),
            let code = status.firstChild(SAMLNamespace.protocol_, "StatusCode")
        else {
            throw SAMLError(.schemaViolation, "the Response has no Status/StatusCode")
        }
        guard !code.attribute("Value", equals: SAMLValue.statusSuccess) else { return }
        let value = code.attribute("Value") ?? ""
        let subCode = code.firstChild(SAMLNamespace.protocol_, "StatusCode")?.attribute("Value")
        let message = status.firstChild(SAMLNamespace.protocol_, "StatusMessage")?.text
        var reason = "the IdP answered with status '\(value)'"
        if let subCode { reason += " / '\(subCode)'" }
        let reported = SAMLError.Status(code: value, subCode: subCode, message: message)
        throw SAMLError(.statusNotSuccess, reason, status: reported)
    }

    /// Checks the element's `ID` and registers it as the only thing a Reference can resolve to.
    private func registerID(
        of element: SAMLElement,
        role: String,
        document: HardenedXMLDocument,
        survey: DocumentSurvey
    ) throws(SAMLError) -> String {
        guard let attribute = xmlHasNsProp(element.node, "ID", nil), let id = element.attribute("ID") else {
            throw SAMLError(.invalidID, "the \(role) has no ID")
        }
        // IDs must be NCNames; anything else could not be referenced by a well-formed URI fragment.
        guard isNCName(id) else {
            throw SAMLError(.invalidID, "the \(role) ID is not an NCName")
        }
        // A second element carrying the same ID value is how signature wrapping hides a decoy.
        guard survey.occurrences(ofID: id) == 1, id.withXMLChars({ xmlGetID(document.pointer, $0) }) == nil else {
            throw SAMLError(.duplicateID, "the \(role) ID '\(id)' appears more than once in the document")
        }
        // A table for the two IDs a message registers: xmlAddID's own default has 256 buckets.
        if document.pointer.pointee.ids == nil {
            document.pointer.pointee.ids = UnsafeMutableRawPointer(xmlHashCreateDict(4, document.pointer.pointee.dict))
        }
        guard id.withXMLChars({ xmlAddID(nil, document.pointer, $0, attribute) }) != nil else {
            throw SAMLError(.internalError, "could not register the \(role) ID")
        }
        return id
    }

    /// Picks the pinned IdP named by the (still unverified) Issuer; only used to choose keys.
    private func selectIssuer(response: SAMLElement, assertion: SAMLElement) throws(SAMLError) -> TrustedIssuer {
        let responseIssuer = response.firstChild(SAMLNamespace.assertion, "Issuer")?.trimmedText
        let assertionIssuer = assertion.firstChild(SAMLNamespace.assertion, "Issuer")?.trimmedText
        guard let name = responseIssuer ?? assertionIssuer else {
            throw SAMLError(.unknownIssuer, "the Response names no Issuer")
        }
        // One message, one issuer: a Response from one IdP cannot carry another IdP's assertion.
        if let responseIssuer, let assertionIssuer, responseIssuer != assertionIssuer {
            throw SAMLError(
                .issuerMismatch, "the Response Issuer '\(responseIssuer)' differs from the Assertion Issuer"
            )
        }
        guard let issuer = verifier.trustedIssuers[name] else {
            throw SAMLError(.unknownIssuer, "the Issuer '\(name)' is not a pinned identity provider")
        }
        return issuer
    }
}
