import Foundation

/// Everything that varies between the test responses built from `okta-response.xml`.
///
/// The defaults describe a valid SP-initiated login to `TestIdentityProviders.serviceProvider`
/// from `TestIdentityProviders.okta`, issued at `TestClock.issueInstant`.
public struct ResponseParameters: Sendable, Hashable {
    public var responseID: String
    public var assertionID: String
    public var responseIssuer: String
    public var assertionIssuer: String
    public var destination: String
    public var recipient: String
    public var audience: String
    /// `InResponseTo` on the Response; nil leaves the attribute out (IdP-initiated).
    public var inResponseTo: String?
    /// `InResponseTo` on the bearer `SubjectConfirmationData`; nil leaves it out.
    public var confirmationInResponseTo: String?
    public var issueInstant: Date
    public var notBefore: Date
    public var notOnOrAfter: Date
    public var confirmationNotOnOrAfter: Date
    public var statusCode: String
    public var nameID: String
    public var nameIDFormat: String
    public var sessionIndex: String
    public var authnContextClassRef: String
    public var attributes: [TestAttribute]

    /// The attributes of the default response, in this order.
    public static let defaultAttributes: [TestAttribute] = [
        .string("email", ["jane.doe@example.com"]),
        .string("firstName", ["Jane"]),
        .string("lastName", ["Doe"]),
        .string("groups", ["Everyone", "Engineering", "Admins"]),
    ]

    /// A valid response with fresh random IDs.
    public init(requestID: String? = TestIdentityProviders.requestID) {
        let issueInstant = TestClock.issueInstant
        self.responseID = "id" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        self.assertionID = "id" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        self.responseIssuer = TestIdentityProviders.oktaEntityID
        self.assertionIssuer = TestIdentityProviders.oktaEntityID
        self.destination = TestIdentityProviders.assertionConsumerServiceURL
        self.recipient = TestIdentityProviders.assertionConsumerServiceURL
        self.audience = TestIdentityProviders.serviceProviderEntityID
        self.inResponseTo = requestID
        self.confirmationInResponseTo = requestID
        self.issueInstant = issueInstant
        self.notBefore = issueInstant.addingTimeInterval(-300)
        self.notOnOrAfter = issueInstant.addingTimeInterval(300)
        self.confirmationNotOnOrAfter = issueInstant.addingTimeInterval(300)
        self.statusCode = "urn:oasis:names:tc:SAML:2.0:status:Success"
        self.nameID = "jane.doe@example.com"
        self.nameIDFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress"
        self.sessionIndex = "_session-" + UUID().uuidString.prefix(8).lowercased()
        self.authnContextClassRef = "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
        self.attributes = Self.defaultAttributes
    }

    /// Renders the template with the given signature skeletons (empty strings for none).
    public func render(responseSignature: String, assertionSignature: String) throws -> String {
        let template = try String(
            contentsOf: Fixtures.directory.appendingPathComponent("templates/okta-response.xml"),
            encoding: .utf8
        )
        let inResponseToAttribute = inResponseTo.map { " InResponseTo=\"\(XMLEscaping.attribute($0))\"" } ?? ""
        let confirmationAttribute =
            confirmationInResponseTo.map {
                " InResponseTo=\"\(XMLEscaping.attribute($0))\""
            } ?? ""
        let values: [String: String] = [
            "DESTINATION": XMLEscaping.attribute(destination),
            "RESPONSE_ID": XMLEscaping.attribute(responseID),
            "RESPONSE_IN_RESPONSE_TO": inResponseToAttribute,
            "ISSUE_INSTANT": TestClock.format(issueInstant),
            "RESPONSE_ISSUER": XMLEscaping.text(responseIssuer),
            "RESPONSE_SIGNATURE": responseSignature,
            "STATUS_CODE": XMLEscaping.attribute(statusCode),
            "ASSERTION_ID": XMLEscaping.attribute(assertionID),
            "ASSERTION_ISSUER": XMLEscaping.text(assertionIssuer),
            "ASSERTION_SIGNATURE": assertionSignature,
            "NAMEID_FORMAT": XMLEscaping.attribute(nameIDFormat),
            "NAMEID": XMLEscaping.text(nameID),
            "CONFIRMATION_IN_RESPONSE_TO": confirmationAttribute,
            "CONFIRMATION_NOT_ON_OR_AFTER": TestClock.format(confirmationNotOnOrAfter),
            "RECIPIENT": XMLEscaping.attribute(recipient),
            "NOT_BEFORE": TestClock.format(notBefore),
            "NOT_ON_OR_AFTER": TestClock.format(notOnOrAfter),
            "AUDIENCE": XMLEscaping.text(audience),
            "SESSION_INDEX": XMLEscaping.attribute(sessionIndex),
            "AUTHN_CONTEXT_CLASS_REF": XMLEscaping.text(authnContextClassRef),
            "ATTRIBUTES": attributes.map(\.xml).joined(),
        ]
        var rendered = template
        for (name, value) in values {
            rendered = rendered.replacingOccurrences(of: "{{\(name)}}", with: value)
        }
        return rendered
    }
}
