import Foundation

/// What one run of `saml-pin` produced.
struct ToolRun: Sendable {
    var exitCode: Int32
    var standardOutput: String
    var standardError: String

    /// The non-empty lines of stderr.
    var errorLines: [String] {
        standardError.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }
}

/// Finds and runs the `saml-pin` executable built alongside these tests.
enum SAMLPinExecutable {
    /// Why the executable could not be found.
    struct NotFound: Error, CustomStringConvertible {
        var searched: [String]

        var description: String {
            "'saml-pin' was not found (looked in \(searched.joined(separator: ", "))); "
                + "run 'swift build --product saml-pin' with the same scratch path, or set SAML_PIN_EXECUTABLE"
        }
    }

    /// The executable: `SAML_PIN_EXECUTABLE` when set, else `saml-pin` in the products folder that holds the
    /// test bundle (`swift build --build-tests` and `swift test` build both there).
    static func url() throws -> URL {
        if let explicit = ProcessInfo.processInfo.environment["SAML_PIN_EXECUTABLE"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        var folders: [URL] = []
        for start in [Bundle.main.bundleURL, URL(fileURLWithPath: CommandLine.arguments.first ?? "")] {
            var folder = start.resolvingSymlinksInPath()
            // The bundle may be a folder (`*.xctest` on macOS) or the test executable itself.
            for _ in 0..<4 {
                folder = folder.deletingLastPathComponent()
                if !folders.contains(folder) {
                    folders.append(folder)
                }
            }
        }
        for folder in folders {
            let candidate = folder.appendingPathComponent("saml-pin")
            if FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw NotFound(searched: folders.map(\.path))
    }

    /// Runs `saml-pin` with `arguments` and waits for it to exit.
    ///
    /// - Parameters:
    ///   - arguments: the arguments after the tool's name.
    ///   - directory: the working directory (default: the test process's).
    ///   - standardInput: bytes to feed on stdin, then end of file (default: an empty stdin).
    static func run(_ arguments: [String], in directory: URL? = nil, standardInput: Data? = nil) throws -> ToolRun {
        let process = Process()
        process.executableURL = try url()
        process.arguments = arguments
        if let directory {
            process.currentDirectoryURL = directory
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        let input = Pipe()
        process.standardInput = standardInput == nil ? FileHandle.nullDevice : input
        try process.run()
        if let standardInput {
            // The tool reads all of stdin before it writes anything, so this cannot block on its output.
            input.fileHandleForWriting.write(standardInput)
            try input.fileHandleForWriting.close()
        }

        // Drain stderr on another thread so neither pipe can fill up and block the tool.
        let errorReader = PipeReader(errors.fileHandleForReading)
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errorReader.wait()
        process.waitUntilExit()

        return ToolRun(
            exitCode: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self)
        )
    }
}

/// Reads a pipe to its end on a background thread.
private final class PipeReader: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ handle: FileHandle) {
        Thread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
