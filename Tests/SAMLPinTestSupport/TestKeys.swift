import Foundation

/// The keys every signing test shares, generated once per test process into a temporary directory.
///
/// Generation costs a few hundred milliseconds, so it happens on first use and the result is
/// cached; the directory is left for the OS to clean, as test processes are short-lived.
public struct TestKeys: Sendable {
    /// The identity provider's RSA-2048 signing key; pinned in `TestIdentityProviders`.
    public let identityProvider: TestKeyPair
    /// A second IdP RSA key, as during a certificate rollover.
    public let identityProviderRollover: TestKeyPair
    /// The identity provider's EC P-256 signing key.
    public let identityProviderEC: TestKeyPair
    /// An attacker's RSA key whose self-signed certificate copies the IdP's subject name.
    public let attacker: TestKeyPair
    /// The directory holding the PEM files and scratch files of signing runs.
    public let directory: URL

    /// The shared keys, or the error that stopped their generation.
    public static func shared() throws -> TestKeys {
        try cached.get()
    }

    private static let cached: Result<TestKeys, Error> = Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent(
                "saml-pin-test-keys-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let subject = "/C=US/O=Test IdP/CN=idp.test.example"
        return TestKeys(
            identityProvider: try .generate(name: "idp-rsa", algorithm: .rsa2048, subject: subject, in: directory),
            identityProviderRollover: try .generate(
                name: "idp-rsa-rollover", algorithm: .rsa2048, subject: subject, in: directory
            ),
            identityProviderEC: try .generate(name: "idp-ec", algorithm: .ecP256, subject: subject, in: directory),
            attacker: try .generate(name: "attacker-rsa", algorithm: .rsa2048, subject: subject, in: directory),
            directory: directory
        )
    }
}
