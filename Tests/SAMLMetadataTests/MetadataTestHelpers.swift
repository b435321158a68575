import Foundation
import SAMLMetadata
import SAMLPinTestSupport

/// Small helpers shared by the metadata tests.
enum MetadataTestHelpers {
    /// Parses a corpus metadata file by name.
    static func parseCorpus(_ name: String) throws -> MetadataDocument {
        try MetadataParser.parse(Fixtures.bytes(Fixtures.corpusMetadata(name)), fileName: name)
    }

    /// Parses inline XML text.
    static func parse(_ text: String, maximumSize: Int = MetadataParser.defaultMaximumSize) throws(MetadataParseError)
        -> MetadataDocument
    {
        try MetadataParser.parse(Array(text.utf8), fileName: "inline.xml", maximumSize: maximumSize)
    }

    /// The error thrown for inline bytes, or nil if they parsed.
    static func parseError(_ bytes: [UInt8], maximumSize: Int = MetadataParser.defaultMaximumSize)
        -> MetadataParseError?
    {
        do {
            _ = try MetadataParser.parse(bytes, fileName: "hostile.xml", maximumSize: maximumSize)
            return nil
        } catch {
            return error
        }
    }

    /// The base64 text of every `X509Certificate` element in `text`, found with a plain regular
    /// expression (independent of the parser under test), whitespace removed.
    static func certificateTexts(in text: String) throws -> [String] {
        let pattern = try NSRegularExpression(
            pattern: "<(?:[A-Za-z0-9]+:)?X509Certificate>([^<]*)</(?:[A-Za-z0-9]+:)?X509Certificate>")
        let range = NSRange(text.startIndex..., in: text)
        return pattern.matches(in: text, range: range).compactMap { match in
            Range(match.range(at: 1), in: text).map { text[$0].filter { !$0.isWhitespace } }
        }
    }

    /// The SHA-256 fingerprint of DER bytes as printed by the `openssl` command-line tool.
    static func opensslFingerprint(der: Data) throws -> String {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("samlpin-\(UUID().uuidString).der")
        try der.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "x509", "-inform", "DER", "-in", file.path, "-noout", "-fingerprint", "-sha256"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let line = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        // "sha256 Fingerprint=AB:CD:..."
        return line.split(separator: "=", maxSplits: 1).last.map(String.init) ?? ""
    }

    /// Parses an `xs:dateTime` with Foundation, to check the parser against an independent reader.
    static func foundationDate(_ text: String) -> Date? {
        let withFraction = ISO8601DateFormatter()
        withFraction.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        return withFraction.date(from: text) ?? plain.date(from: text)
    }
}
