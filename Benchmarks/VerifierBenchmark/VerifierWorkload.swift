import Foundation
import Synchronization
import SAMLPin
import SAMLPinSupport
import SAMLPinTestSupport

/// The response under test and a verifier that accepts it.
struct VerifierWorkload: Sendable {
    let xml: String
    /// The form value as a browser posts it.
    let formValue: String
    let verifier: ResponseVerifier
    let certificatePEM: String
    /// The instant the verifier's clock is frozen at.
    let instant: Date

    /// Signs a fresh response with the xmlsec1 CLI, or loads one written by `write(to:)`.
    ///
    /// - Parameters:
    ///   - fixture: a folder with `response.xml` and `idp-cert.pem`; nil signs a new response.
    ///   - replayCache: the verifier's replay cache.
    static func make(fixture: URL? = nil, replayCache: any ReplayCache = CountingReplayCache()) throws
        -> VerifierWorkload
    {
        let xml: String
        let pem: String
        var instant = TestClock.verificationInstant
        if let fixture {
            xml = try String(contentsOf: fixture.appendingPathComponent("response.xml"), encoding: .utf8)
            pem = try String(contentsOf: fixture.appendingPathComponent("idp-cert.pem"), encoding: .utf8)
            // The response's conditions hold around the instant it was signed for, not today.
            let seconds = try String(contentsOf: fixture.appendingPathComponent("instant.txt"), encoding: .utf8)
            guard let value = TimeInterval(seconds.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                throw BenchmarkError("instant.txt does not hold a number of seconds")
            }
            instant = Date(timeIntervalSince1970: value)
        } else {
            // Okta's default: the assertion carries the signature; the response is unsigned.
            xml = try TestResponses.signed(ResponseParameters(), parts: .assertion).xml
            pem = try String(contentsOfFile: TestKeys.shared().identityProvider.certificatePath, encoding: .utf8)
        }
        let verifier = try ResponseVerifier(
            serviceProvider: TestIdentityProviders.serviceProvider,
            identityProviders: [try identityProvider(pinningPEM: pem)],
            clock: FixedClock(instant),
            replayCache: replayCache
        )
        let formValue = Data(xml.utf8).base64EncodedString(options: [.lineLength76Characters])
        return VerifierWorkload(
            xml: xml, formValue: formValue, verifier: verifier, certificatePEM: pem, instant: instant
        )
    }

    /// The test IdP pinned to one PEM certificate, read without spawning a process (callgrind
    /// cannot follow `posix_spawn` here).
    private static func identityProvider(pinningPEM pem: String) throws -> IdentityProvider {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let der = Data(base64Encoded: body) else { throw BenchmarkError("idp-cert.pem is not PEM") }
        let certificate = try X509Certificate(der: [UInt8](der))
        let pinned = PinnedCertificate(
            der: certificate.der, sha256Fingerprint: certificate.sha256Fingerprint, subject: certificate.subject,
            notBefore: certificate.notBefore ?? .distantPast, notAfter: certificate.notAfter ?? .distantFuture
        )
        return IdentityProvider(
            slug: TestIdentityProviders.oktaSlug,
            entityID: TestIdentityProviders.oktaEntityID,
            singleSignOnServices: [Endpoint(binding: .httpPOST, location: "https://idp.test.example/app/test/sso/saml")],
            signingCertificates: [pinned],
            provenance: Provenance(sourceFile: "benchmark", sourceSHA256: "", generatorVersion: "benchmark")
        )
    }

    /// Verifies once and throws if the verdict is not an acceptance.
    func verifyOnce() throws {
        _ = try verifier.verify(samlResponse: formValue, expectedRequestID: TestIdentityProviders.requestID)
    }

    func write(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(xml.utf8).write(to: folder.appendingPathComponent("response.xml"))
        try Data(formValue.utf8).write(to: folder.appendingPathComponent("response.b64"))
        try Data(certificatePEM.utf8).write(to: folder.appendingPathComponent("idp-cert.pem"))
        try Data("\(instant.timeIntervalSince1970)\n".utf8).write(to: folder.appendingPathComponent("instant.txt"))
    }
}

/// A replay cache that records every insert in a sharded in-memory cache under a unique key.
///
/// The benchmark verifies one response many times; a real cache would (rightly) refuse every
/// repeat. Suffixing a counter keeps the real cache's cost (hashing, locking, expiry bookkeeping)
/// in the measurement without turning repeats into rejections.
final class CountingReplayCache: ReplayCache, @unchecked Sendable {
    private let inner = InMemoryReplayCache(capacity: 1 << 20)
    private let counter = Counter()

    func insertIfAbsent(assertionID: String, issuer: String, expiresAt: Date, now: Date) -> ReplayCacheOutcome {
        inner.insertIfAbsent(
            assertionID: assertionID + "#\(counter.next())", issuer: issuer, expiresAt: expiresAt, now: now
        )
    }
}

/// A replay cache that accepts every assertion and keeps nothing, so that memory figures show
/// the verifier alone.
struct ForgetfulReplayCache: ReplayCache {
    func insertIfAbsent(assertionID: String, issuer: String, expiresAt: Date, now: Date) -> ReplayCacheOutcome {
        .inserted
    }
}

final class Counter: Sendable {
    private let value = Atomic<Int>(0)
    func next() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
}
