import Foundation
import SAMLPin
import SAMLPinTestSupport

/// One response of the vendored corpus, with the facts `index.json` records for it.
struct CorpusResponse: Decodable {
    let file: String
    let issuer: String
    let idpCert: String
    let freezeAt: String
    let expectedAudience: String?
    let acs: String
    let inResponseTo: String?
    let encryptedAssertion: Bool
    let expected: String
    let signatures: [CorpusSignature]

    /// The request ID the SP expects, or nil for an IdP-initiated response.
    var expectedRequestID: String? {
        guard let inResponseTo, !inResponseTo.hasPrefix("(") else { return nil }
        return inResponseTo
    }
}

/// One signature of a corpus response, as `index.json` records it.
struct CorpusSignature: Decodable {
    let alg: String?
    let digest: String?
}

/// A pinned certificate of the corpus, with its fingerprint as `index.json` records it.
struct CorpusKey: Decodable {
    let file: String
    let sha256: String?
}

/// Reads `Tests/Fixtures/corpus/index.json` and builds verifiers for its responses.
enum Corpus {
    private struct Index: Decodable {
        let responses: [CorpusResponse]
        let keys: [CorpusKey]
    }

    private static let index: Result<Index, any Error> = Result {
        let data = try Data(contentsOf: Fixtures.corpus.appendingPathComponent("index.json"))
        return try JSONDecoder().decode(Index.self, from: data)
    }

    /// The index entry for `name` (a file name under `responses/`).
    static func response(_ name: String) throws -> CorpusResponse {
        guard let entry = try index.get().responses.first(where: { $0.file == "responses/" + name }) else {
            throw CorpusError.missing(name)
        }
        return entry
    }

    /// Every response entry.
    static func allResponses() throws -> [CorpusResponse] {
        try index.get().responses
    }

    /// The raw bytes of a corpus response.
    static func bytes(of entry: CorpusResponse) throws -> [UInt8] {
        try Fixtures.bytes(Fixtures.corpus.appendingPathComponent(entry.file))
    }

    /// The entry's IdP certificate, pinned with the fingerprint `index.json` records.
    static func pinnedCertificate(for entry: CorpusResponse) throws -> PinnedCertificate {
        let pem = try String(contentsOf: Fixtures.corpus.appendingPathComponent(entry.idpCert), encoding: .utf8)
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        guard let fingerprint = try index.get().keys.first(where: { $0.file == entry.idpCert })?.sha256 else {
            throw CorpusError.missing(entry.idpCert)
        }
        return PinnedCertificate(
            base64DER: body, sha256Fingerprint: fingerprint, subject: entry.idpCert,
            notBefore: .distantPast, notAfter: .distantFuture
        )
    }

    /// The instant `index.json` says to freeze the clock at.
    static func freezeInstant(of entry: CorpusResponse) throws -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: entry.freezeAt) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: entry.freezeAt) else { throw CorpusError.missing(entry.freezeAt) }
        return date
    }

    /// The IdP policy an SP of this entry's IdP has to set, as `MANIFEST.md` describes the file:
    /// SHA-1 allowed where one of its signatures uses an RSA-SHA1 method or a SHA-1 digest, and
    /// unsolicited responses allowed where the manifest records no request (IdP-initiated).
    static func manifestPolicy(for entry: CorpusResponse) -> IdentityProviderPolicy {
        let usesSHA1 = entry.signatures.contains { signature in
            signature.alg?.hasSuffix("sha1") == true || signature.digest == "sha1"
        }
        return IdentityProviderPolicy(allowsSHA1: usesSHA1, allowsUnsolicitedResponses: entry.expectedRequestID == nil)
    }

    /// A verifier for the entry's IdP and SP, with the clock frozen where `index.json` says.
    static func verifier(
        for entry: CorpusResponse,
        policy: IdentityProviderPolicy = IdentityProviderPolicy(),
        serviceProviderEntityID: String? = nil,
        replayCache: any ReplayCache = InMemoryReplayCache()
    ) throws -> ResponseVerifier {
        let identityProvider = IdentityProvider(
            slug: "corpus",
            entityID: entry.issuer,
            singleSignOnServices: [],
            signingCertificates: [try pinnedCertificate(for: entry)],
            policy: policy,
            provenance: Provenance(sourceFile: entry.file, sourceSHA256: "", generatorVersion: "test")
        )
        return try ResponseVerifier(
            serviceProvider: ServiceProvider(
                entityID: serviceProviderEntityID ?? entry.expectedAudience ?? "urn:test:no-audience-recorded",
                assertionConsumerServiceURL: entry.acs
            ),
            identityProviders: [identityProvider],
            clock: FixedClock(try freezeInstant(of: entry)),
            replayCache: replayCache
        ).crossChecked
    }

    /// Verifies the entry's raw XML with the SP's expected request ID.
    static func verify(
        _ entry: CorpusResponse,
        policy: IdentityProviderPolicy = IdentityProviderPolicy()
    ) throws -> VerifiedAssertion {
        try verifier(for: entry, policy: policy).verify(
            responseXML: try bytes(of: entry), expectedRequestID: entry.expectedRequestID
        )
    }
}

enum CorpusError: Error {
    case missing(String)
}
