import Foundation
import SAMLPinSupport

/// The protocol checks on the verified Response and Assertion, and the reading of their values.
///
/// Every value comes from `response` or `assertion`, the elements the verified references
/// resolved to (the Response is the document root, which no wrapping can duplicate).
struct AssertionChecks {
    let verifier: ResponseVerifier
    let issuer: TrustedIssuer
    let response: SAMLElement
    let responseID: String
    let assertion: SAMLElement
    let assertionID: String
    let signatures: VerifiedSignatures
    let expectedRequestID: String?
    let relayState: String?
    /// The ACS URLs Destination and Recipient may name.
    let acceptedEndpoints: [String]

    private var policy: IdentityProviderPolicy { issuer.identityProvider.policy }
    private var skew: TimeInterval { TimeInterval(policy.clockSkewSeconds) }
    private var acsURLs: [String] { acceptedEndpoints }

    func run() throws(SAMLError) -> VerifiedAssertion {
        let now = verifier.clock.now()
        let entityID = issuer.identityProvider.entityID

        // Re-read the issuers from the verified elements: the pick made before verification must still hold.
        if let responseIssuer = response.firstChild(SAMLNamespace.assertion, "Issuer") {
            guard responseIssuer.trimmedText == entityID else {
                throw SAMLError(.issuerMismatch, "the Response Issuer is not '\(entityID)'")
            }
            try checkIssuerFormat(responseIssuer, role: "Response")
        }
        // Elements the schema allows once must appear once: readers that take the first copy and
        // readers that take the last would otherwise see different issuers or users.
        guard response.count(SAMLNamespace.assertion, "Issuer") <= 1,
            assertion.count(SAMLNamespace.assertion, "Issuer") <= 1
        else {
            throw SAMLError(.schemaViolation, "the Response or the Assertion has more than one Issuer")
        }
        guard let assertionIssuer = assertion.firstChild(SAMLNamespace.assertion, "Issuer") else {
            throw SAMLError(.issuerMismatch, "the Assertion has no Issuer")
        }
        guard assertionIssuer.trimmedText == entityID else {
            throw SAMLError(.issuerMismatch, "the Assertion Issuer is not '\(entityID)'")
        }
        try checkIssuerFormat(assertionIssuer, role: "Assertion")

        try checkDestination()
        let inResponseTo = try checkInResponseTo()
        guard assertion.attribute("Version", equals: SAMLValue.version) else {
            throw SAMLError(.versionMismatch, "the Assertion Version is not '2.0'")
        }
        // An instant from the future means a forged or badly clocked message.
        _ = try instant(of: response, "IssueInstant", role: "Response", required: true, notAfter: now)
        let issueInstant = try instant(of: assertion, "IssueInstant", role: "Assertion", required: true, notAfter: now)

        guard assertion.count(SAMLNamespace.assertion, "Subject") <= 1 else {
            throw SAMLError(.schemaViolation, "the Assertion has more than one Subject")
        }
        guard let subject = assertion.firstChild(SAMLNamespace.assertion, "Subject") else {
            throw SAMLError(.subjectConfirmationMissing, "the Assertion has no Subject")
        }
        var identifiers = 0
        for child in subject.children where child.isIn(SAMLNamespace.assertion) {
            if child.hasLocalName("BaseID") || child.hasLocalName("NameID") || child.hasLocalName("EncryptedID") {
                identifiers += 1
            }
        }
        guard identifiers <= 1 else {
            throw SAMLError(.schemaViolation, "the Subject has more than one identifier (NameID, BaseID, EncryptedID)")
        }
        guard let nameIDElement = subject.firstChild(SAMLNamespace.assertion, "NameID") else {
            let encrypted = subject.firstChild(SAMLNamespace.assertion, "EncryptedID") != nil
            throw SAMLError(
                .nameIDMissing,
                encrypted ? "the NameID is encrypted; decryption is not supported yet" : "the Subject has no NameID"
            )
        }
        let conditionsExpiry = try checkConditions(now: now)
        let confirmationExpiry = try checkSubjectConfirmation(subject, now: now)

        // Web SSO needs an AuthnStatement (SAML profiles 4.1.4.2): without one, nobody signed in.
        guard let authnStatement = assertion.firstChild(SAMLNamespace.assertion, "AuthnStatement") else {
            throw SAMLError(.schemaViolation, "the Assertion has no AuthnStatement, so it records no sign-in")
        }
        // The IdP ends the session at SessionNotOnOrAfter; once it has passed there is no session to start.
        if let sessionEnd = try instant(of: authnStatement, "SessionNotOnOrAfter", role: "AuthnStatement"),
            now >= sessionEnd.addingTimeInterval(skew)
        {
            throw SAMLError(
                .conditionsExpired,
                "the AuthnStatement's SessionNotOnOrAfter \(sessionEnd.instantText) has passed (now \(now.instantText))"
            )
        }
        let result = VerifiedAssertion(
            identityProviderSlug: issuer.identityProvider.slug,
            issuer: entityID,
            responseID: responseID,
            assertionID: assertionID,
            inResponseTo: inResponseTo,
            issueInstant: issueInstant,
            nameID: AttributeReader.nameID(nameIDElement),
            sessionIndex: authnStatement.attribute("SessionIndex"),
            authnInstant: try instant(of: authnStatement, "AuthnInstant", role: "AuthnStatement"),
            authnContextClassRef: authnStatement.firstChild(SAMLNamespace.assertion, "AuthnContext")?
                .firstChild(SAMLNamespace.assertion, "AuthnContextClassRef")?.trimmedText,
            sessionNotOnOrAfter: try instant(of: authnStatement, "SessionNotOnOrAfter", role: "AuthnStatement"),
            notOnOrAfter: conditionsExpiry,
            attributes: AttributeReader(inclusivePrefixes: signatures.inclusivePrefixes).attributes(of: assertion),
            signingCertificateFingerprint: signatures.fingerprint,
            signedElements: .init(response: signatures.responseSigned, assertion: signatures.assertionSigned),
            relayState: relayState
        )

        // Replay is checked last, so a message that fails any other check never occupies the cache.
        let lastValidInstant = min(confirmationExpiry, conditionsExpiry ?? .distantFuture)
        let outcome = verifier.replayCache.insertIfAbsent(
            assertionID: assertionID, issuer: entityID, expiresAt: lastValidInstant.addingTimeInterval(skew), now: now
        )
        switch outcome {
        case .inserted:
            return result
        case .alreadyPresent:
            throw SAMLError(.replayDetected, "the assertion '\(assertionID)' was already accepted")
        case .unavailable(let reason):
            throw SAMLError(.replayCacheFull, "a replay cannot be ruled out: \(reason)")
        }
    }

    /// An Issuer names an entity: its Format is absent or `entity` (SAML profiles 4.1.4.2), so an
    /// IdP-issued user identifier that happens to equal the entity ID is not taken for the IdP.
    private func checkIssuerFormat(_ issuer: SAMLElement, role: String) throws(SAMLError) {
        guard issuer.hasAttribute("Format"), !issuer.attribute("Format", equals: SAMLValue.entityFormat) else { return }
        let format = issuer.attribute("Format") ?? ""
        throw SAMLError(.issuerMismatch, "the \(role) Issuer has Format '\(format)', not an entity ID")
    }

    /// Destination must name one of our ACS URLs; it is required when the Response is signed.
    private func checkDestination() throws(SAMLError) {
        guard response.hasAttribute("Destination") else {
            // A signed Response without Destination could be replayed to any SP that trusts this IdP.
            if signatures.responseSigned {
                throw SAMLError(.destinationMissing, "the signed Response has no Destination")
            }
            return
        }
        // A response addressed to another endpoint was not meant for this SP.
        guard response.attribute("Destination", matchingOneOf: acsURLs) != nil else {
            let destination = response.attribute("Destination") ?? ""
            throw SAMLError(.destinationMismatch, "the Destination '\(destination)' is not an ACS URL of this SP")
        }
    }

    /// Binds the Response to the request this SP sent, or applies the unsolicited-response policy.
    private func checkInResponseTo() throws(SAMLError) -> String? {
        let inResponseTo = response.attribute("InResponseTo")
        if let expectedRequestID {
            // A response to another request (or to none) must not complete this login.
            guard inResponseTo == expectedRequestID else {
                throw SAMLError(
                    .inResponseToMismatch,
                    inResponseTo == nil
                        ? "the Response answers no request; '\(expectedRequestID)' was expected"
                        : "the Response answers '\(inResponseTo ?? "")', not '\(expectedRequestID)'"
                )
            }
            return inResponseTo
        }
        // A response naming a request this SP is not waiting for is stale or stolen.
        if let inResponseTo {
            throw SAMLError(.unsolicitedResponse, "the Response answers request '\(inResponseTo)', but none is pending")
        }
        // IdP-initiated login is open to login CSRF, so it is an explicit per-IdP opt-in.
        guard policy.allowsUnsolicitedResponses else {
            throw SAMLError(
                .unsolicitedResponse,
                "'\(issuer.identityProvider.slug)' does not allow unsolicited (IdP-initiated) responses"
            )
        }
        return nil
    }

    /// Finds a bearer confirmation that holds; returns its NotOnOrAfter.
    private func checkSubjectConfirmation(_ subject: SAMLElement, now: Date) throws(SAMLError) -> Date {
        var firstFailure: SAMLError?
        for confirmation in subject.children
        where confirmation.is(SAMLNamespace.assertion, "SubjectConfirmation")
            && confirmation.attribute("Method", equals: SAMLValue.bearer)
        {
            do {
                return try checkBearer(confirmation, now: now)
            } catch {
                if firstFailure == nil { firstFailure = error }
            }
        }
        // Web SSO needs a bearer confirmation; holder-of-key or sender-vouches prove nothing here.
        guard let firstFailure else {
            throw SAMLError(.subjectConfirmationMissing, "the Subject has no bearer SubjectConfirmation")
        }
        throw firstFailure
    }

    private func checkBearer(_ bearer: SAMLElement, now: Date) throws(SAMLError) -> Date {
        guard let data = bearer.firstChild(SAMLNamespace.assertion, "SubjectConfirmationData") else {
            throw SAMLError(.subjectConfirmationInvalid, "the bearer confirmation has no SubjectConfirmationData")
        }
        // The bearer may only be presented at our ACS.
        guard let recipient = data.attribute("Recipient", matchingOneOf: acsURLs) else {
            throw SAMLError(.subjectConfirmationInvalid, "the bearer Recipient is not an ACS URL of this SP")
        }
        // A bearer assertion with a delayed start is not how Web SSO works (SAML profiles 4.1.4.2).
        guard !data.hasAttribute("NotBefore") else {
            throw SAMLError(.subjectConfirmationInvalid, "the bearer confirmation carries NotBefore")
        }
        // A bearer token without an end could be replayed forever once the cache forgets it.
        guard let notOnOrAfter = try instant(of: data, "NotOnOrAfter", role: "SubjectConfirmationData") else {
            throw SAMLError(.subjectConfirmationInvalid, "the bearer confirmation has no NotOnOrAfter")
        }
        guard now < notOnOrAfter.addingTimeInterval(skew) else {
            throw SAMLError(
                .subjectConfirmationInvalid,
                "the bearer confirmation expired at \(notOnOrAfter.instantText) (now \(now.instantText))"
            )
        }
        // The Recipient and the Destination name the one endpoint the message was sent to; two
        // different ACS URLs of this SP would let a response meant for one be used at the other.
        if response.hasAttribute("Destination"), !response.attribute("Destination", equalsString: recipient) {
            throw SAMLError(.subjectConfirmationInvalid, "the bearer Recipient differs from the Response Destination")
        }
        // The confirmation must answer the same request as the Response.
        let confirmationAnswer = data.attribute("InResponseTo")
        if let confirmationAnswer, confirmationAnswer != expectedRequestID {
            throw SAMLError(
                .inResponseToMismatch,
                "the bearer confirmation answers '\(confirmationAnswer)', not the expected request"
            )
        }
        // When the Response is not signed its InResponseTo is anyone's to write: only the signed
        // confirmation can show that the assertion answers this SP's request (profiles 4.1.4.2).
        if expectedRequestID != nil, !signatures.responseSigned, confirmationAnswer == nil {
            throw SAMLError(
                .inResponseToMismatch, "the signed bearer confirmation answers no request, and the Response is unsigned"
            )
        }
        return notOnOrAfter
    }

    /// Checks the validity window and audience; returns Conditions/@NotOnOrAfter, if any.
    private func checkConditions(now: Date) throws(SAMLError) -> Date? {
        guard assertion.count(SAMLNamespace.assertion, "Conditions") <= 1 else {
            throw SAMLError(.schemaViolation, "the Assertion has more than one Conditions")
        }
        // An assertion without an audience is not addressed to this SP.
        guard let conditions = assertion.firstChild(SAMLNamespace.assertion, "Conditions") else {
            throw SAMLError(.audienceRestrictionMissing, "the Assertion has no Conditions, so no AudienceRestriction")
        }
        let notBefore = try instant(of: conditions, "NotBefore", role: "Conditions")
        if let notBefore {
            // Not valid yet: refuse rather than accept early.
            guard now.addingTimeInterval(skew) >= notBefore else {
                throw SAMLError(
                    .conditionsNotYetValid,
                    "the Assertion is not valid before its Conditions NotBefore \(notBefore.instantText) "
                        + "(now \(now.instantText))"
                )
            }
        }
        let notOnOrAfter = try instant(of: conditions, "NotOnOrAfter", role: "Conditions")
        // An empty or inverted window is no window (core 2.5.1.2), even if the skew lets each bound pass.
        if let notBefore, let notOnOrAfter, notBefore >= notOnOrAfter {
            throw SAMLError(.schemaViolation, "the Conditions NotBefore is not earlier than NotOnOrAfter")
        }
        if let notOnOrAfter {
            // Expired: a captured assertion must not work later.
            guard now < notOnOrAfter.addingTimeInterval(skew) else {
                throw SAMLError(
                    .conditionsExpired,
                    "the Assertion expired at its Conditions NotOnOrAfter \(notOnOrAfter.instantText) "
                        + "(now \(now.instantText))"
                )
            }
        }
        // A condition this SP does not understand leaves the assertion's validity Indeterminate
        // (SAML core 2.5.1.1): the IdP may be restricting it in a way nothing here checks.
        for condition in conditions.children {
            let understood =
                condition.isIn(SAMLNamespace.assertion)
                && (condition.hasLocalName("AudienceRestriction") || condition.hasLocalName("OneTimeUse")
                    || condition.hasLocalName("ProxyRestriction"))
            guard understood else {
                throw SAMLError(
                    .schemaViolation, "the Conditions hold '\(condition.qualifiedName)', which is not understood"
                )
            }
        }
        guard conditions.firstChild(SAMLNamespace.assertion, "AudienceRestriction") != nil else {
            throw SAMLError(.audienceRestrictionMissing, "the Assertion has no AudienceRestriction")
        }
        // Every restriction must name us: an assertion for another SP must not log in here.
        let entityID = verifier.serviceProvider.entityID
        for restriction in conditions.children where restriction.is(SAMLNamespace.assertion, "AudienceRestriction") {
            let namesUs = restriction.children.contains { audience in
                audience.is(SAMLNamespace.assertion, "Audience") && audience.trimmedText == entityID
            }
            guard namesUs else {
                throw SAMLError(.audienceMismatch, "an AudienceRestriction does not name '\(entityID)'")
            }
        }
        return notOnOrAfter
    }

    /// Reads an `xs:dateTime` attribute; with `notAfter`, refuses instants beyond it plus skew.
    private func instant(
        of element: SAMLElement,
        _ name: StaticString,
        role: String,
        required: Bool = false,
        notAfter: Date? = nil
    ) throws(SAMLError) -> Date? {
        // Parsed from the lent bytes: no String is made for a value that is only read as a Date.
        guard let parsed = element.withAttribute(name, SchemaDateTime.parse) else {
            guard !required else { throw SAMLError(.schemaViolation, "the \(role) has no \(name)") }
            return nil
        }
        guard let date = parsed else {
            throw SAMLError(.schemaViolation, "the \(role) \(name) is not an xs:dateTime")
        }
        if let notAfter, date > notAfter.addingTimeInterval(skew) {
            throw SAMLError(.issueInstantInFuture, "the \(role) \(name) lies in the future")
        }
        return date
    }

    private func instant(
        of element: SAMLElement,
        _ name: StaticString,
        role: String,
        required: Bool,
        notAfter: Date
    ) throws(SAMLError) -> Date {
        let date: Date? = try instant(of: element, name, role: role, required: required, notAfter: Optional(notAfter))
        guard let date else { throw SAMLError(.schemaViolation, "the \(role) has no \(name)") }
        return date
    }
}

extension Date {
    /// The instant as `2025-02-05T13:56:08Z`, for the reason of a time check that failed.
    var instantText: String {
        formatted(.iso8601)
    }
}
