import Foundation

/// A failure of an external tool run by the test support (`openssl`, `xmlsec1`, `python3`).
public struct CommandLineToolError: Error, CustomStringConvertible, Sendable {
    /// The command line that failed, for the test log.
    public let commandLine: String
    /// The exit status, or -1 if the tool could not be started.
    public let status: Int32
    /// Everything the tool wrote to stderr.
    public let standardError: String

    public var description: String {
        "'\(commandLine)' failed with status \(status): \(standardError)"
    }
}

/// Runs command-line tools synchronously and captures their output.
public enum CommandLineTool {
    /// Runs `executable` (looked up on `PATH` unless it contains a slash) with `arguments`.
    ///
    /// - Parameters:
    ///   - executable: a tool name such as `openssl`, or a path.
    ///   - arguments: the arguments, passed as is (no shell).
    ///   - environment: extra environment variables.
    ///   - input: bytes written to the tool's stdin.
    /// - Returns: what the tool wrote to stdout.
    /// - Throws: `CommandLineToolError` with the tool's stderr when it exits non-zero.
    @discardableResult
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String] = [:],
        input: Data? = nil
    ) throws -> Data {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged

        let output = Pipe()
        let errors = Pipe()
        let stdin = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = stdin

        let commandLine = ([executable] + arguments).joined(separator: " ")
        do {
            try process.run()
        } catch {
            throw CommandLineToolError(commandLine: commandLine, status: -1, standardError: "\(error)")
        }
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()

        // Read both pipes concurrently so a chatty tool cannot block on a full pipe buffer.
        let errorData = ErrorCollector()
        let reader = Thread { errorData.set(errors.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        errorData.wait()

        guard process.terminationStatus == 0 else {
            throw CommandLineToolError(
                commandLine: commandLine,
                status: process.terminationStatus,
                standardError: String(decoding: errorData.value, as: UTF8.self)
            )
        }
        return outputData
    }
}

/// Holds stderr bytes read on a background thread until the tool has finished.
private final class ErrorCollector: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private(set) var value = Data()

    func set(_ data: Data) {
        value = data
        done.signal()
    }

    func wait() {
        done.wait()
    }
}
