import Foundation
import SAMLPinTestSupport
import Testing

/// Hostile and huge metadata: a clear result, no crash, and the tool's own peak memory stays bounded.
///
/// The bound is generous for a debug build (the tree of a 50 MB document alone is a few times its size)
/// and far below what an entity expansion or an unbounded read would take.
@Suite(.serialized) struct HostileInputMemoryTests {
    static let memoryBound = 400 << 20

    /// The Okta corpus entity with its XML declaration removed, to be repeated inside an aggregate.
    static func oktaEntity() throws -> String {
        let text = try String(contentsOf: Fixtures.corpusMetadata("okta-exkppsa1-idp.xml"), encoding: .utf8)
        guard let start = text.range(of: "<md:EntityDescriptor") else {
            throw MeasuredRun.MeasurementError(description: "the Okta corpus file has no EntityDescriptor")
        }
        return String(text[start.lowerBound...])
    }

    private func expectBounded(_ run: MeasuredRun, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!run.crashed, "\(run.standardError)", sourceLocation: sourceLocation)
        #expect(run.exitCode == 0 || run.exitCode == 1, "\(run.standardError)", sourceLocation: sourceLocation)
        for mark in BadInputTests.crashMarks {
            #expect(!run.standardError.contains(mark), sourceLocation: sourceLocation)
        }
        #expect(run.peakResidentBytes > 0, sourceLocation: sourceLocation)
        #expect(run.peakResidentBytes < Self.memoryBound,
                "peak RSS \(run.peakResidentBytes >> 20) MB", sourceLocation: sourceLocation)
    }

    @Test func fiftyMegabyteAggregateIsLintedInBoundedMemory() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("aggregate.xml")
        let entity = try Self.oktaEntity()
        // Each entity carries 23 KB of documentation, as federation aggregates do, so that 2,000 entities
        // make 50 MB while the number of certificates to decode stays moderate.
        let padding = "<!-- " + String(repeating: "federation member description ", count: 768) + "-->"
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<md:EntitiesDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">\n"
        let count = 2_000
        for index in 0..<count {
            let unique = entity.replacingOccurrences(
                of: "http://www.okta.com/exkppsa1qwuFV4D7z0h7", with: "https://idp-\(index).example.test/metadata"
            )
            text += unique.replacingOccurrences(of: "<md:IDPSSODescriptor", with: padding + "<md:IDPSSODescriptor")
        }
        text += "</md:EntitiesDescriptor>\n"
        let bytes = Data(text.utf8)
        #expect(bytes.count > 48 << 20 && bytes.count < 60 << 20, "\(bytes.count) bytes")
        try bytes.write(to: file)

        let run = try MeasuredRun.run(["lint", file.path, "--now", "2026-12-01T00:00:00Z"], in: directory)
        expectBounded(run)
        #expect(run.exitCode == 0, "\(run.errorLines.suffix(3))")
        #expect(run.errorLines.last?.hasPrefix("lint: 0 errors, ") == true, "\(run.errorLines.suffix(3))")
    }

    @Test func entityBombIsRefusedInBoundedMemory() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("bomb.xml")
        var declarations = "<!ENTITY a0 \"lol lol lol lol lol lol lol lol lol lol\">\n"
        for level in 1...12 {
            let previous = String(repeating: "&a\(level - 1);", count: 10)
            declarations += "<!ENTITY a\(level) \"\(previous)\">\n"
        }
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE md:EntityDescriptor [\n\(declarations)]>\n"
            + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&a12;\"/>\n"
        try Data(text.utf8).write(to: file)

        let run = try MeasuredRun.run(["lint", file.path], in: directory)
        expectBounded(run)
        #expect(run.exitCode == 1)
        #expect(run.errorLines.first == "\(file.path):2: error: a DOCTYPE declaration is not allowed",
                "\(run.standardError)")
    }

    @Test func fortyMegabyteCertificateTextNodeIsOneErrorInBoundedMemory() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("text-node.xml")
        // 40 MB of valid base64 in the one text node the parser decodes: 30 MB of zeros that are no certificate.
        let entity = try Self.oktaEntity()
        let open = try #require(entity.range(of: "<ds:X509Certificate>"))
        let close = try #require(entity.range(of: "</ds:X509Certificate>"))
        var bytes = Data("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".utf8)
        bytes.append(Data(entity[..<open.upperBound].utf8))
        bytes.append(Data(repeating: UInt8(ascii: "A"), count: 40 << 20))
        bytes.append(Data(entity[close.lowerBound...].utf8))
        try bytes.write(to: file)

        let run = try MeasuredRun.run(["lint", file.path, "--now", "2026-12-01T00:00:00Z"], in: directory)
        expectBounded(run)
        #expect(run.exitCode == 1)
        let errors = run.errorLines.filter { $0.contains(": error: ") }
        #expect(errors.count == 1, "\(run.standardError)")
        // Line 6 of the corpus file, moved down by the XML declaration added above it.
        #expect(errors.first?.hasPrefix("\(file.path):7: error: ") == true, "\(errors.first?.prefix(300) ?? "")")
        #expect(errors.first?.contains("could not be read") == true, "\(run.standardError)")
    }

    @Test func fileOverTheSizeLimitIsRefusedWithoutBeingRead() throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("huge.xml")
        // A sparse file: its size is over the limit, but no disk or memory is spent on it.
        #expect(FileManager.default.createFile(atPath: file.path, contents: Data("<".utf8)))
        let handle = try FileHandle(forWritingTo: file)
        try handle.truncate(atOffset: UInt64(64 << 20) + 1)
        try handle.close()

        for command in ["inspect", "lint"] {
            let run = try MeasuredRun.run([command, file.path], in: directory)
            #expect(run.exitCode == 1)
            #expect(run.errorLines.first
                == "saml-pin: error: cannot read '\(file.path)': file is larger than \(64 << 20) bytes",
                "\(run.standardError)")
            // Well under the file's size: it was refused before any of it was read.
            #expect(run.peakResidentBytes < 48 << 20, "peak RSS \(run.peakResidentBytes >> 20) MB")
        }
    }
}
