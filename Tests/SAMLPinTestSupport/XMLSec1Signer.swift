import Foundation

/// Signs XML templates with the `xmlsec1` command-line tool, the way an independent IdP would.
public enum XMLSec1Signer {
    /// The key `xmlsec1` signs with.
    public enum SigningKey: Sendable {
        /// A private key with its certificate (RSA or EC).
        case keyPair(TestKeyPair)
        /// An HMAC secret: these exact bytes.
        case hmac([UInt8])
    }

    /// Signs the first `ds:Signature` skeleton (in document order) of `template`.
    ///
    /// `ID` attributes of `saml2:Assertion` and `saml2p:Response` are registered as XML IDs so
    /// that `#ID` references resolve.
    ///
    /// - Returns: the signed document as xmlsec1 wrote it.
    /// - Throws: `CommandLineToolError` carrying xmlsec1's stderr.
    public static func sign(_ template: String, with key: SigningKey) throws -> String {
        let keys = try TestKeys.shared()
        let stem = keys.directory.appendingPathComponent("sign-\(UUID().uuidString)")
        let templatePath = stem.path + ".template.xml"
        let outputPath = stem.path + ".signed.xml"
        let secretPath = stem.path + ".hmac"
        defer {
            for path in [templatePath, outputPath, secretPath] { try? FileManager.default.removeItem(atPath: path) }
        }
        try Data(template.utf8).write(to: URL(fileURLWithPath: templatePath))

        var arguments = ["--sign"]
        switch key {
        case .keyPair(let pair):
            arguments += ["--privkey-pem", "\(pair.privateKeyPath),\(pair.certificatePath)"]
        case .hmac(let secret):
            try Data(secret).write(to: URL(fileURLWithPath: secretPath))
            arguments += ["--hmackey", secretPath]
        }
        arguments += [
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion",
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:protocol:Response",
            "--output", outputPath, templatePath,
        ]
        try CommandLineTool.run("xmlsec1", arguments)
        return try String(contentsOfFile: outputPath, encoding: .utf8)
    }
}
