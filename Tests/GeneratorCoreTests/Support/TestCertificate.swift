import Foundation

/// A self-signed certificate made by the `openssl` command for one test.
struct TestCertificate {
    /// The DER bytes in base64, on one line (as `ds:X509Certificate` holds it).
    var base64: String
    /// The end of the validity period, as `openssl` reports it.
    var notAfter: Date

    enum Failure: Error, CustomStringConvertible {
        case openssl(arguments: [String], status: Int32, output: String)
        case unreadable(String)

        var description: String {
            switch self {
            case .openssl(let arguments, let status, let output):
                return "openssl \(arguments.joined(separator: " ")) exited with \(status): \(output)"
            case .unreadable(let what):
                return "could not read \(what)"
            }
        }
    }

    /// Makes a key pair and a self-signed certificate valid from now for `days` days.
    static func make(key: String = "rsa:2048", days: Int = 365, subject: String = "/CN=idp.example.test") throws
        -> TestCertificate
    {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("generator-core-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyPath = directory.appendingPathComponent("key.pem").path
        let certificatePath = directory.appendingPathComponent("cert.der").path

        var arguments = ["req", "-x509", "-newkey", key, "-nodes", "-keyout", keyPath, "-out", certificatePath,
                         "-outform", "DER", "-days", String(days), "-subj", subject]
        if key.hasPrefix("ec") {
            arguments = ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                         "-keyout", keyPath, "-out", certificatePath, "-outform", "DER", "-days", String(days),
                         "-subj", subject]
        }
        _ = try run(arguments)
        let der = try Data(contentsOf: URL(fileURLWithPath: certificatePath))
        let endDate = try run(["x509", "-inform", "DER", "-in", certificatePath, "-noout", "-enddate"])
        guard let notAfter = parseOpenSSLDate(endDate) else { throw Failure.unreadable("notAfter in '\(endDate)'") }
        return TestCertificate(base64: der.base64EncodedString(), notAfter: notAfter)
    }

    private static func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure.openssl(arguments: arguments, status: process.terminationStatus, output: output)
        }
        return output
    }

    /// `notAfter=Jan  2 19:18:23 2027 GMT`
    private static func parseOpenSSLDate(_ line: String) -> Date? {
        guard let value = line.split(separator: "=", maxSplits: 1).last else { return nil }
        let text = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMM d HH:mm:ss yyyy zzz"
        return formatter.date(from: text)
    }
}
