import Foundation
import SAMLPin

/// Builds `ResponseVerifier`s for the test IdP and SP.
public enum TestVerifiers {
    /// A verifier for `TestIdentityProviders.okta(...)` with a clock frozen at
    /// `TestClock.verificationInstant` and a fresh replay cache, checking every signature with
    /// both engines (see `ResponseVerifier.crossChecked`).
    ///
    /// - Parameters:
    ///   - policy: the IdP policy.
    ///   - pinning: the IdP certificates to pin; nil pins the IdP RSA certificate.
    ///   - extraIdentityProviders: more pinned IdPs.
    ///   - now: the frozen time.
    ///   - replayCache: where accepted assertions are recorded; nil gives a fresh in-memory cache.
    public static func okta(
        policy: IdentityProviderPolicy = IdentityProviderPolicy(),
        pinning: [TestKeyPair]? = nil,
        extraIdentityProviders: [IdentityProvider] = [],
        now: Date = TestClock.verificationInstant,
        replayCache: (any ReplayCache)? = nil
    ) throws -> ResponseVerifier {
        try ResponseVerifier(
            serviceProvider: TestIdentityProviders.serviceProvider,
            identityProviders: [TestIdentityProviders.okta(pinning: pinning, policy: policy)] + extraIdentityProviders,
            clock: FixedClock(now),
            replayCache: replayCache ?? InMemoryReplayCache()
        ).crossChecked
    }
}
