import Foundation

/// An assertion whose signature was verified against a pinned key and whose every protocol
/// check passed. Every value was read from the verified element.
public struct VerifiedAssertion: Sendable, Hashable, Encodable {
    /// The slug of the pinned identity provider that issued it.
    public let identityProviderSlug: String
    /// The issuer's entity ID (equal to the pinned entity ID).
    public let issuer: String
    /// The Response's `ID`.
    public let responseID: String
    /// The Assertion's `ID` (recorded in the replay cache).
    public let assertionID: String
    /// The request this answers, or nil for an unsolicited (IdP-initiated) response.
    public let inResponseTo: String?
    /// The Assertion's `IssueInstant`.
    public let issueInstant: Date
    /// The subject's name identifier.
    public let nameID: NameID
    /// `AuthnStatement/@SessionIndex`, needed for single logout.
    public let sessionIndex: String?
    /// `AuthnStatement/@AuthnInstant`: when the user authenticated at the IdP.
    public let authnInstant: Date?
    /// `AuthnStatement/AuthnContext/AuthnContextClassRef`.
    public let authnContextClassRef: String?
    /// `AuthnStatement/@SessionNotOnOrAfter`: when the IdP wants the SP session to end.
    public let sessionNotOnOrAfter: Date?
    /// `Conditions/@NotOnOrAfter`, if present.
    public let notOnOrAfter: Date?
    /// Every attribute of every `AttributeStatement`, in document order.
    public let attributes: [Attribute]
    /// The SHA-256 fingerprint (`AB:CD:…`) of the pinned certificate whose key verified it.
    public let signingCertificateFingerprint: String
    /// Which elements carried a verified signature.
    public let signedElements: SignedElements
    /// The RelayState passed to `verify`, unchanged: browser input that no signature covers, so
    /// never a redirect target as it stands.
    public let relayState: String?

    /// The first attribute with `name` (and, when given, `nameFormat`), if any.
    ///
    /// A missing NameFormat is treated as `…:attrname-format:unspecified`.
    public func attribute(named name: String, nameFormat: String? = nil) -> Attribute? {
        attributes.first { attribute in
            guard attribute.name == name else { return false }
            guard let nameFormat else { return true }
            return (attribute.nameFormat ?? Attribute.unspecifiedNameFormat) == nameFormat
        }
    }

    /// Every value of every attribute named `name`, as strings, in document order.
    public func values(of name: String) -> [String] {
        attributes.filter { $0.name == name }.flatMap { $0.values.map(\.text) }
    }

    package init(
        identityProviderSlug: String,
        issuer: String,
        responseID: String,
        assertionID: String,
        inResponseTo: String?,
        issueInstant: Date,
        nameID: NameID,
        sessionIndex: String?,
        authnInstant: Date?,
        authnContextClassRef: String?,
        sessionNotOnOrAfter: Date?,
        notOnOrAfter: Date?,
        attributes: [Attribute],
        signingCertificateFingerprint: String,
        signedElements: SignedElements,
        relayState: String?
    ) {
        self.identityProviderSlug = identityProviderSlug
        self.issuer = issuer
        self.responseID = responseID
        self.assertionID = assertionID
        self.inResponseTo = inResponseTo
        self.issueInstant = issueInstant
        self.nameID = nameID
        self.sessionIndex = sessionIndex
        self.authnInstant = authnInstant
        self.authnContextClassRef = authnContextClassRef
        self.sessionNotOnOrAfter = sessionNotOnOrAfter
        self.notOnOrAfter = notOnOrAfter
        self.attributes = attributes
        self.signingCertificateFingerprint = signingCertificateFingerprint
        self.signedElements = signedElements
        self.relayState = relayState
    }
}

extension VerifiedAssertion {
    /// Which elements of the message carried a signature that verified with a pinned key.
    public struct SignedElements: Sendable, Hashable, Encodable {
        /// The `samlp:Response` was signed.
        public let response: Bool
        /// The `saml:Assertion` was signed.
        public let assertion: Bool

        /// Creates the record of which elements were signed.
        public init(response: Bool, assertion: Bool) {
            self.response = response
            self.assertion = assertion
        }
    }
}
