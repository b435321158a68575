import Foundation

/// SHA-256 through the `openssl` command, independent of the generator that wrote the fingerprints.
enum OpenSSLDigest {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Uppercase hex pairs separated by colons, as `PinnedCertificate.sha256Fingerprint`.
    static func sha256Fingerprint(_ bytes: [UInt8]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("golden-\(UUID().uuidString).der")
        try Data(bytes).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["openssl", "dgst", "-sha256", "-r", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let hex = output.split(separator: " ").first, hex.count == 64 else {
            throw Failure(description: "openssl dgst failed: \(output)")
        }
        var pairs: [String] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            pairs.append(hex[index..<next].uppercased())
            index = next
        }
        return pairs.joined(separator: ":")
    }
}
