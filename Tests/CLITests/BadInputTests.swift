import Foundation
import SAMLPinTestSupport
import Testing

/// Unreadable or malformed input: one clear error line naming the path, exit 1, never a crash.
@Suite struct BadInputTests {
    /// Marks of a crash or a runtime trap that must never reach the user.
    static let crashMarks = ["Fatal error", "Backtrace", "Program crashed", "Stack dump", "Illegal instruction"]

    private func expectOneCleanError(
        _ run: ToolRun, naming path: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(run.exitCode == 1, sourceLocation: sourceLocation)
        for mark in Self.crashMarks {
            #expect(!run.standardError.contains(mark), sourceLocation: sourceLocation)
        }
        let errors = run.errorLines.filter { $0.contains("error:") }
        #expect(errors.count == 1, "\(run.standardError)", sourceLocation: sourceLocation)
        #expect(
            errors.first?.contains("'\(path)") == true || errors.first?.hasPrefix(path) == true,
            "\(run.standardError)", sourceLocation: sourceLocation)
    }

    @Test func missingFileForInspect() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("missing.xml").path
        let run = try SAMLPinExecutable.run(["inspect", path])
        expectOneCleanError(run, naming: path)
        #expect(run.errorLines == ["saml-pin: error: cannot read '\(path)': No such file or directory"])
        #expect(run.standardOutput.isEmpty)
    }

    @Test func directoryInsteadOfFile() throws {
        let directory = try TemporaryDirectory()
        let run = try SAMLPinExecutable.run(["inspect", directory.url.path])
        #expect(run.errorLines == ["saml-pin: error: cannot read '\(directory.url.path)': Is a directory"])
        #expect(run.exitCode == 1)
    }

    @Test func endlessDeviceIsRefusedWithoutReading() throws {
        // Reading /dev/zero whole would never end and never stop allocating.
        let run = try SAMLPinExecutable.run(["inspect", "/dev/zero"])
        #expect(run.errorLines == ["saml-pin: error: cannot read '/dev/zero': not a regular file"])
        #expect(run.exitCode == 1)
    }

    @Test func namedPipeWithoutWriterIsRefusedWithoutWaiting() throws {
        let directory = try TemporaryDirectory()
        let fifo = directory.file("metadata.xml").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let run = try SAMLPinExecutable.run(["lint", fifo])
        #expect(run.errorLines.first == "saml-pin: error: cannot read '\(fifo)': not a regular file")
        #expect(run.exitCode == 1)
    }

    @Test func missingFileForLint() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("missing.xml").path
        let run = try SAMLPinExecutable.run(["lint", path])
        #expect(run.exitCode == 1)
        #expect(run.errorLines.first == "saml-pin: error: cannot read '\(path)': No such file or directory")
        #expect(run.errorLines.last == "lint: 1 error, 0 warnings")
    }

    @Test func missingConfigurationForGenerate() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("saml-pin.json").path
        let run = try SAMLPinExecutable.run(["generate", "--config", path, "--output", directory.url.path])
        expectOneCleanError(run, naming: path)
        #expect(run.errorLines == ["saml-pin: error: cannot read '\(path)': No such file or directory"])
    }

    @Test func missingMetadataNamedByConfiguration() throws {
        let directory = try TemporaryDirectory()
        let configuration = directory.file("saml-pin.json")
        try Data(GenerateCommandTests.configuration(metadata: "gone.xml").utf8).write(to: configuration)
        let run = try SAMLPinExecutable.run(
            ["generate", "--config", configuration.path, "--output", directory.file("out").path]
        )
        // The error points at the configuration entry that names the missing file.
        let lines = GenerateCommandTests.configuration(metadata: "gone.xml")
            .split(separator: "\n", omittingEmptySubsequences: false)
        let line = try #require(lines.firstIndex { $0.contains("\"gone.xml\"") }) + 1
        #expect(
            run.errorLines == [
                "\(configuration.path):\(line): error: metadata file 'gone.xml' of 'example-okta-com' cannot be read "
                    + "(No such file or directory); paths in 'identityProviders[].metadata' are relative to the "
                    + "configuration's folder"
            ]
        )
        #expect(run.exitCode == 1)
        #expect(!FileManager.default.fileExists(atPath: directory.file("out").path))
    }

    @Test func binaryGarbage() throws {
        let directory = try TemporaryDirectory()
        let garbage = directory.file("garbage.xml")
        // A fixed pseudo-random sequence, so a failure can be reproduced.
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var bytes: [UInt8] = []
        for _ in 0..<65_536 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            bytes.append(UInt8(truncatingIfNeeded: state >> 56))
        }
        try Data(bytes).write(to: garbage)

        let inspect = try SAMLPinExecutable.run(["inspect", garbage.path])
        expectOneCleanError(inspect, naming: garbage.path)
        #expect(inspect.standardOutput.isEmpty)

        let lint = try SAMLPinExecutable.run(["lint", garbage.path])
        #expect(lint.exitCode == 1)
        for mark in Self.crashMarks {
            #expect(!lint.standardError.contains(mark))
        }
        #expect(lint.errorLines.contains { $0.hasPrefix("\(garbage.path):") && $0.contains(": error: ") })
    }

    /// `count` bytes from a fixed pseudo-random sequence, none of them NUL, so the pre-scan lets them through
    /// to libxml2 (a NUL stops it before).
    static func garbageWithoutNUL(count: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        while bytes.count < count {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let byte = UInt8(truncatingIfNeeded: state >> 56)
            if byte != 0 { bytes.append(byte) }
        }
        return bytes
    }

    /// `inspect` and `lint` each print exactly one error from libxml2, on one line with no escaped control
    /// character, and no crash.
    private func expectOneLibXML2Error(
        _ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let directory = try TemporaryDirectory()
        let file = directory.file("metadata.xml")
        try Data(bytes).write(to: file)

        let inspect = try SAMLPinExecutable.run(["inspect", file.path])
        expectOneCleanError(inspect, naming: file.path, sourceLocation: sourceLocation)
        let prefix = /saml-pin: error: cannot parse '[^']+:[0-9]+': the metadata is not well-formed XML: \S.*/
        #expect(inspect.errorLines.count == 1, "\(inspect.standardError)", sourceLocation: sourceLocation)
        #expect(inspect.errorLines.first?.wholeMatch(of: prefix) != nil, "\(inspect.standardError)",
                sourceLocation: sourceLocation)
        #expect(!inspect.standardError.contains("\\u{"), "\(inspect.standardError)", sourceLocation: sourceLocation)

        let lint = try SAMLPinExecutable.run(["lint", file.path])
        #expect(lint.exitCode == 1, sourceLocation: sourceLocation)
        #expect(lint.errorLines.count == 2, "\(lint.standardError)", sourceLocation: sourceLocation)
        #expect(lint.errorLines.first?.wholeMatch(of: /.+:[0-9]+: error: the metadata is not well-formed XML: \S.*/)
            != nil, "\(lint.standardError)", sourceLocation: sourceLocation)
        #expect(!lint.standardError.contains("\\u{"), "\(lint.standardError)", sourceLocation: sourceLocation)
        #expect(lint.errorLines.last == "lint: 1 error, 0 warnings", sourceLocation: sourceLocation)
    }

    @Test(arguments: [0x9E37_79B9_7F4A_7C15, 0xD1B5_4A32_D192_ED03, 0x0123_4567_89AB_CDEF] as [UInt64])
    func binaryGarbageWithoutNULReachesLibXML2(seed: UInt64) throws {
        try expectOneLibXML2Error(Self.garbageWithoutNUL(count: 65_536, seed: seed))
    }

    @Test(arguments: [0x5EED_0001, 0x5EED_0002] as [UInt64])
    func garbageAfterAnOpenRootElementReachesLibXML2(seed: UInt64) throws {
        let prefix = "<?xml version=\"1.0\"?>\n"
            + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\">\n"
        try expectOneLibXML2Error(Array(prefix.utf8) + Self.garbageWithoutNUL(count: 4_096, seed: seed))
    }

    @Test(arguments: [
        [0xFF, 0xFE, 0x41] as [UInt8],  // bytes that never occur in UTF-8
        [0xC3, 0x28] as [UInt8],  // a lead byte without its continuation
        [0xED, 0xA0, 0x80] as [UInt8],  // an encoded UTF-16 surrogate
        [0xE9, 0x20, 0x61] as [UInt8],  // Latin-1 'é' in a file that declares UTF-8
    ])
    func invalidUTF8IsOneCleanErrorAtItsLine(bytes: [UInt8]) throws {
        let head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://idp\">\n"
            + "  <md:Organization>"
        let tail = "</md:Organization>\n</md:EntityDescriptor>\n"
        let document = Array(head.utf8) + bytes + Array(tail.utf8)
        try expectOneLibXML2Error(document)

        let directory = try TemporaryDirectory()
        let file = directory.file("latin1.xml")
        try Data(document).write(to: file)
        let lint = try SAMLPinExecutable.run(["lint", file.path])
        #expect(lint.errorLines.first?.hasPrefix("\(file.path):3: error: ") == true, "\(lint.standardError)")
    }

    @Test func emptyFile() throws {
        let directory = try TemporaryDirectory()
        let empty = directory.file("empty.xml")
        try Data().write(to: empty)
        let run = try SAMLPinExecutable.run(["inspect", empty.path])
        expectOneCleanError(run, naming: empty.path)
    }

    @Test func notWellFormedCorpusFile() throws {
        let path = Fixtures.corpusMetadata("simplesamlphp-idp-signature-corrupted.xml").path
        let run = try SAMLPinExecutable.run(["inspect", path])
        expectOneCleanError(run, naming: path)
        #expect(run.errorLines.first?.hasPrefix("saml-pin: error: cannot parse '\(path):6': ") == true)
    }
}
