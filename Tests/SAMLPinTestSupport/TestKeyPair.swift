import Foundation

/// A private key and its self-signed certificate, made with the `openssl` CLI for tests.
public struct TestKeyPair: Sendable {
    /// The kind of key.
    public enum Algorithm: String, Sendable {
        case rsa2048
        case ecP256
    }

    /// A short name used in file names and test output.
    public let name: String
    /// The key type.
    public let algorithm: Algorithm
    /// The unencrypted private key (PKCS#8 PEM).
    public let privateKeyPath: String
    /// The self-signed certificate (PEM).
    public let certificatePath: String
    /// The certificate in DER form.
    public let certificateDER: [UInt8]
    /// The SHA-256 fingerprint of the DER certificate, uppercase hex pairs joined by colons.
    public let sha256Fingerprint: String
    /// The subject distinguished name (RFC 2253 form).
    public let subject: String
    /// The certificate's validity period.
    public let notBefore: Date
    public let notAfter: Date

    /// The certificate's DER bytes in base64 without line breaks, as in `ds:X509Certificate`.
    public var certificateBase64: String { Data(certificateDER).base64EncodedString() }

    /// Generates a key and certificate into `directory`.
    ///
    /// - Parameters:
    ///   - name: the file name stem.
    ///   - algorithm: RSA-2048 or EC P-256.
    ///   - subject: the `-subj` value, for example `/CN=idp.example.com`.
    ///   - directory: where the PEM files go.
    /// - Throws: `CommandLineToolError` with openssl's stderr.
    public static func generate(
        name: String,
        algorithm: Algorithm,
        subject: String,
        in directory: URL
    ) throws -> TestKeyPair {
        let keyPath = directory.appendingPathComponent("\(name).key.pem").path
        let certificatePath = directory.appendingPathComponent("\(name).cert.pem").path
        let keyOptions: [String]
        switch algorithm {
        case .rsa2048: keyOptions = ["-newkey", "rsa:2048"]
        case .ecP256: keyOptions = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        }
        try CommandLineTool.run(
            "openssl",
            ["req", "-x509"] + keyOptions + [
                "-nodes", "-sha256", "-days", "3650", "-subj", subject,
                "-keyout", keyPath, "-out", certificatePath,
            ]
        )
        return try load(name: name, algorithm: algorithm, privateKeyPath: keyPath, certificatePath: certificatePath)
    }

    /// Reads an existing key pair, asking `openssl` for the DER form, fingerprint, subject and dates.
    public static func load(
        name: String,
        algorithm: Algorithm,
        privateKeyPath: String,
        certificatePath: String
    ) throws -> TestKeyPair {
        let der = try CommandLineTool.run("openssl", ["x509", "-in", certificatePath, "-outform", "DER"])
        let details = String(
            decoding: try CommandLineTool.run(
                "openssl",
                [
                    "x509", "-in", certificatePath, "-noout", "-fingerprint", "-sha256", "-subject",
                    "-startdate", "-enddate", "-dateopt", "iso_8601", "-nameopt", "RFC2253",
                ]
            ),
            as: UTF8.self
        )
        var fields: [String: String] = [:]
        for line in details.split(separator: "\n") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            fields[String(line[..<equals]).lowercased()] = String(line[line.index(after: equals)...])
        }
        let dates = ISO8601DateFormatter()
        dates.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        guard
            let fingerprint = fields["sha256 fingerprint"],
            let subject = fields["subject"],
            let notBefore = fields["notbefore"].flatMap({ dates.date(from: $0.replacingOccurrences(of: "Z", with: "")) }
            ),
            let notAfter = fields["notafter"].flatMap({ dates.date(from: $0.replacingOccurrences(of: "Z", with: "")) })
        else {
            throw CommandLineToolError(
                commandLine: "openssl x509 \(certificatePath)", status: 0, standardError: details)
        }
        return TestKeyPair(
            name: name,
            algorithm: algorithm,
            privateKeyPath: privateKeyPath,
            certificatePath: certificatePath,
            certificateDER: [UInt8](der),
            sha256Fingerprint: fingerprint,
            subject: subject,
            notBefore: notBefore,
            notAfter: notAfter
        )
    }
}
