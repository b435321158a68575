import Foundation
import SAMLPinSupport

/// Verifies SAML 2.0 Responses (HTTP-POST binding) against identity providers pinned at build time.
///
/// A verifier is a value: build one at start-up and share it across tasks. Each pinned
/// certificate's key is loaded once, here; every call to `verify` parses its message once with
/// hardened libxml2, enforces the SAML signature profile itself, verifies the exclusive canonical
/// form with OpenSSL using only pinned keys, and reads values only from the elements the signature
/// covers.
public struct ResponseVerifier: Sendable {
    /// This service provider.
    public let serviceProvider: ServiceProvider
    /// The identity providers whose responses are accepted, each chosen by its entity ID.
    public let identityProviders: [IdentityProvider]
    /// The time source for every time condition.
    public let clock: any VerificationClock
    /// Where accepted assertion IDs are remembered.
    public let replayCache: any ReplayCache

    let trustedIssuers: [String: TrustedIssuer]
    /// The size limit applied before any IdP is known: the largest any pinned IdP allows.
    let largestMessageSize: Int
    /// Which implementation checks signatures: the narrow verifier, or libxmlsec1 as its reference.
    let signatureEngine: SignatureEngine

    /// Creates a verifier and loads every pinned signing key.
    ///
    /// - Parameters:
    ///   - serviceProvider: this SP's entity ID and ACS URLs.
    ///   - identityProviders: the pinned IdPs; entity IDs and slugs must be unique.
    ///   - clock: the time source (`SystemClock` in production).
    ///   - replayCache: where accepted assertion IDs are recorded (a fresh `InMemoryReplayCache` by default).
    /// - Throws: `SAMLError` with `invalidConfiguration` when the list is empty, has duplicates, or an IdP
    ///   has no signing certificate or the SP has no ACS URL; `pinnedCertificateInvalid` when a pinned
    ///   certificate does not load or its DER does not hash to its declared fingerprint; `internalError`
    ///   when the XML security libraries cannot be initialised.
    public init(
        serviceProvider: ServiceProvider,
        identityProviders: [IdentityProvider],
        clock: any VerificationClock = SystemClock(),
        replayCache: any ReplayCache = InMemoryReplayCache()
    ) throws(SAMLError) {
        self.serviceProvider = serviceProvider
        self.identityProviders = identityProviders
        self.clock = clock
        self.replayCache = replayCache
        self.trustedIssuers = try TrustedIssuer.load(identityProviders, serviceProvider: serviceProvider)
        self.largestMessageSize = identityProviders.map(\.policy.maximumMessageSize).max() ?? 0
        self.signatureEngine = .narrow
    }

    /// A verifier with the configuration and keys of `other`, checking signatures with `engine`
    /// and recording assertions in `replayCache`; for comparing the two signature engines.
    package init(copying other: ResponseVerifier, signatureEngine: SignatureEngine, replayCache: any ReplayCache) {
        self.serviceProvider = other.serviceProvider
        self.identityProviders = other.identityProviders
        self.clock = other.clock
        self.replayCache = replayCache
        self.trustedIssuers = other.trustedIssuers
        self.largestMessageSize = other.largestMessageSize
        self.signatureEngine = signatureEngine
    }

    /// The largest `RelayState` accepted, in UTF-8 bytes.
    ///
    /// SAML bindings 3.5.3 limits RelayState to 80 bytes, but SPs and IdPs in the field send
    /// longer values (whole return URLs), so refusing above 80 would break real logins. The cap
    /// is lenient and exists so that a hostile form cannot make the verifier carry, and the
    /// caller log or store, an arbitrarily large value it never checks.
    public static let maximumRelayStateSize = 4_096

    /// Verifies a `SAMLResponse` form value as posted to the ACS (HTTP-POST binding).
    ///
    /// - Parameters:
    ///   - samlResponse: the base64 form value; whitespace and line breaks are ignored.
    ///   - relayState: the `RelayState` form value, passed through to the result with only its size
    ///     checked; it is not signed, so never redirect to it unvalidated.
    ///   - expectedRequestID: the ID of the AuthnRequest this SP sent, or nil when none is pending
    ///     (then only an IdP whose policy allows unsolicited responses is accepted).
    ///   - assertionConsumerServiceURL: the ACS URL this POST arrived at. When given, the Response
    ///     Destination and the bearer Recipient must name exactly it, so that an SP with several ACS
    ///     URLs (one per IdP or tenant) cannot be handed a response meant for another of them; when
    ///     nil, any of the SP's ACS URLs is accepted.
    /// - Returns: the verified assertion.
    /// - Throws: `SAMLError` naming the first check that failed; `invalidConfiguration` when
    ///   `assertionConsumerServiceURL` is not one of the SP's ACS URLs; `relayStateTooLarge` when
    ///   `relayState` exceeds `maximumRelayStateSize`, before anything is decoded.
    public func verify(
        samlResponse: String,
        relayState: String? = nil,
        expectedRequestID: String?,
        assertionConsumerServiceURL: String? = nil
    ) throws(SAMLError) -> VerifiedAssertion {
        try Self.checkRelayState(relayState)
        let bytes = try FormValueDecoder.decode(samlResponse, maximumSize: largestMessageSize)
        return try verify(
            responseXML: bytes, relayState: relayState, expectedRequestID: expectedRequestID,
            assertionConsumerServiceURL: assertionConsumerServiceURL
        )
    }

    /// Verifies a Response given as raw XML bytes.
    ///
    /// - Parameters:
    ///   - responseXML: the XML document.
    ///   - relayState: passed through to the result with only its size checked.
    ///   - expectedRequestID: as for `verify(samlResponse:relayState:expectedRequestID:assertionConsumerServiceURL:)`.
    ///   - assertionConsumerServiceURL: as for
    ///     `verify(samlResponse:relayState:expectedRequestID:assertionConsumerServiceURL:)`.
    /// - Returns: the verified assertion.
    /// - Throws: `SAMLError` naming the first check that failed.
    public func verify(
        responseXML: [UInt8],
        relayState: String? = nil,
        expectedRequestID: String?,
        assertionConsumerServiceURL: String? = nil
    ) throws(SAMLError) -> VerifiedAssertion {
        try Self.checkRelayState(relayState)
        let endpoints = serviceProvider.assertionConsumerServiceURLs
        if let assertionConsumerServiceURL, !endpoints.contains(assertionConsumerServiceURL) {
            throw SAMLError(
                .invalidConfiguration, "'\(assertionConsumerServiceURL)' is not an ACS URL of this service provider"
            )
        }
        return try ResponseVerification(
            verifier: self, expectedRequestID: expectedRequestID, relayState: relayState,
            acceptedEndpoints: assertionConsumerServiceURL.map { [$0] } ?? endpoints
        ).run(responseXML)
    }

    /// Refuses a RelayState above `maximumRelayStateSize`: it is unsigned browser input that
    /// the result would otherwise carry to the caller at any size.
    private static func checkRelayState(_ relayState: String?) throws(SAMLError) {
        guard let relayState, relayState.utf8.count > maximumRelayStateSize else { return }
        throw SAMLError(
            .relayStateTooLarge,
            "the RelayState has \(relayState.utf8.count) bytes; at most \(maximumRelayStateSize) are accepted"
        )
    }
}
