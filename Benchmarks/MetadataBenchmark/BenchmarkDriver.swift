import Foundation

/// Builds each synthetic aggregate, measures it in a child process, compiles the generated Swift,
/// and prints one table row per size.
struct BenchmarkDriver {
    let sizes: [Int]
    let compileSizes: Set<Int>

    private var executable: URL { URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath() }
    private var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    func run() -> Int32 {
        let work = repositoryRoot.appendingPathComponent(".benchmarks/metadata")
        print("size   file_MB  parse+check+generate_s  peak_MB  output_MB  swiftc_-Onone_s")
        for size in sizes {
            do {
                let row = try measure(size: size, in: work.appendingPathComponent("\(size)"))
                print(row)
            } catch {
                print("\(size): failed: \(error)")
                return 1
            }
        }
        return 0
    }

    private func measure(size: Int, in folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let aggregate = SyntheticAggregate(entityCount: size)
        let metadataURL = folder.appendingPathComponent("aggregate.xml")
        let metadata = Data(try aggregate.metadataXML().utf8)
        try metadata.write(to: metadataURL)
        let configURL = folder.appendingPathComponent("saml-pin.json")
        try Data(aggregate.configurationJSON(metadataFileName: "aggregate.xml").utf8).write(to: configURL)
        let outputURL = folder.appendingPathComponent("SAMLPinConfiguration.swift")

        let measured = try runProcess(
            executable,
            ["--measure", configURL.path, repositoryRoot.appendingPathComponent("Templates").path, outputURL.path]
        )
        let fields = Self.fields(measured)
        guard let seconds = fields["seconds"].flatMap(Double.init),
            let peak = fields["peak_rss_kb"].flatMap(Double.init),
            let outputBytes = fields["output_bytes"].flatMap(Double.init)
        else { throw BenchmarkFailure(message: "unexpected measurement output: \(measured)") }

        var compile = "-"
        if compileSizes.contains(size) {
            compile = String(format: "%.2f", try compileSeconds(outputURL, in: folder))
        }
        return String(
            format: "%-6d %7.2f  %22.3f  %7.1f  %9.2f  %15@",
            size, Double(metadata.count) / 1e6, seconds, peak / 1024, outputBytes / 1e6, compile
        )
    }

    /// Compiles the generated file against the release `SAMLPin` module as a client target would.
    private func compileSeconds(_ source: URL, in folder: URL) throws -> Double {
        let binDirectory = executable.deletingLastPathComponent()
        var arguments = [
            "swiftc", "-swift-version", "6", "-parse-as-library", "-Onone", "-c", source.path,
            "-module-name", "BenchmarkConsumer", "-o", folder.appendingPathComponent("consumer.o").path,
            "-I", binDirectory.appendingPathComponent("Modules").path,
        ]
        for module in ["CLibXML2", "CXMLSec", "COpenSSL"] {
            arguments += ["-Xcc", "-fmodule-map-file="
                + repositoryRoot.appendingPathComponent("Sources/\(module)/module.modulemap").path]
        }
        arguments += ["-Xcc", "-I/usr/include/libxml2", "-Xcc", "-I/usr/include/xmlsec1"]
        let start = DispatchTime.now().uptimeNanoseconds
        _ = try runProcess(URL(fileURLWithPath: "/usr/bin/env"), arguments)
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private func runProcess(_ executable: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkFailure(
                message: "\(arguments.prefix(2).joined(separator: " ")) exited \(process.terminationStatus): "
                    + String(decoding: errData.prefix(2_000), as: UTF8.self)
            )
        }
        return String(decoding: outData, as: UTF8.self)
    }

    private static func fields(_ line: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in line.split(whereSeparator: \.isWhitespace) {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { result[String(parts[0])] = String(parts[1]) }
        }
        return result
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
