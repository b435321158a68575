import Foundation

/// One run of `saml-pin` as a child process, with the child's own peak memory.
///
/// The peak comes from GNU time (`/usr/bin/time -f %M`), which forks the tool from its own small process
/// and reads `ru_maxrss` from `wait4`. Measuring from the test process directly would not work on Linux:
/// a child spawned from it starts with the test process's pages mapped (vfork or copy-on-write), and the
/// kernel keeps that high-water mark across `exec`, so every child would seem as large as the tests.
struct MeasuredRun {
    /// GNU time, which `Scripts/bootstrap` installs.
    static let timeTool = "/usr/bin/time"

    var exitCode: Int32
    var standardError: String
    /// The child's peak resident set size, in bytes.
    var peakResidentBytes: Int
    /// Whether a signal ended the child (a trap, an abort, the out-of-memory killer).
    var crashed: Bool

    /// The non-empty lines of stderr.
    var errorLines: [String] {
        standardError.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    }

    /// Why the child could not be measured.
    struct MeasurementError: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs `saml-pin` with `arguments` under GNU time; stdout is discarded, stderr captured.
    ///
    /// - Parameter directory: where GNU time writes its report.
    /// - Throws: `MeasurementError` when GNU time is missing or reports no peak.
    static func run(_ arguments: [String], in directory: TemporaryDirectory) throws -> MeasuredRun {
        guard FileManager.default.isExecutableFile(atPath: timeTool) else {
            throw MeasurementError(description: "'\(timeTool)' is missing; run Scripts/bootstrap (Debian 'time')")
        }
        let report = directory.file("time-\(UUID().uuidString).txt")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: timeTool)
        process.arguments = ["-f", "%M", "-o", report.path, try SAMLPinExecutable.url().path] + arguments
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()

        // GNU time writes "Command exited with non-zero status N" or "Command terminated by signal N"
        // before the figure; the figure (kilobytes) is the last line.
        let lines = try String(contentsOf: report, encoding: .utf8).split(separator: "\n")
        guard let last = lines.last, let kilobytes = Int(last.trimmingCharacters(in: .whitespaces)) else {
            throw MeasurementError(description: "GNU time reported no peak: \(lines)")
        }
        return MeasuredRun(
            exitCode: process.terminationStatus, standardError: String(decoding: errorData, as: UTF8.self),
            peakResidentBytes: kilobytes * 1024,
            crashed: lines.contains { $0.hasPrefix("Command terminated by signal") }
        )
    }
}
