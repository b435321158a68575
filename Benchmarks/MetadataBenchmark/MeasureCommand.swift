import Foundation
import _SAMLPinGeneratorCore

/// The measured work, run in a child process: read the inputs, then time parse → check → render.
enum MeasureCommand {
    /// Arguments: `<config> <templates-dir> <output.swift>`. Prints one line
    /// `seconds=<s> peak_rss_kb=<kb> diagnostics=<n> errors=<n> output_bytes=<n>`.
    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.count == 3 else {
            FileHandle.standardError.write(Data("usage: MetadataBenchmark --measure <config> <templates> <out>\n".utf8))
            return 64
        }
        let configURL = URL(fileURLWithPath: arguments[0])
        let templatesURL = URL(fileURLWithPath: arguments[1])
        do {
            let configBytes = [UInt8](try Data(contentsOf: configURL))
            let metadataURL = configURL.deletingLastPathComponent().appendingPathComponent("aggregate.xml")
            let metadataBytes = [UInt8](try Data(contentsOf: metadataURL))
            var templates: [String: String] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: templatesURL.path) {
                templates[name] = try String(contentsOf: templatesURL.appendingPathComponent(name), encoding: .utf8)
            }
            // The synthetic certificates are minted when the benchmark starts, valid for ten years.
            let now = Date()

            let start = DispatchTime.now().uptimeNanoseconds
            let configuration: GeneratorConfiguration
            switch ConfigurationLoader.load(configBytes, fileName: "saml-pin.json") {
            case .success(let loaded): configuration = loaded
            case .failure(let diagnostic):
                FileHandle.standardError.write(Data("\(diagnostic)\n".utf8))
                return 1
            }
            let result = SAMLPinGenerator.generate(
                configuration: configuration, configurationPath: "saml-pin.json",
                metadata: [MetadataInput(path: "aggregate.xml", bytes: metadataBytes)],
                templates: templates, configurationBytes: configBytes, now: now
            )
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9

            let output = result.files.first?.contents ?? ""
            try Data(output.utf8).write(to: URL(fileURLWithPath: arguments[2]))
            var usage = rusage()
            getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
            let errors = result.diagnostics.filter { $0.severity == .error }
            for error in errors.prefix(3) { FileHandle.standardError.write(Data("\(error)\n".utf8)) }
            print(
                "seconds=\(seconds) peak_rss_kb=\(usage.ru_maxrss) diagnostics=\(result.diagnostics.count) "
                    + "errors=\(errors.count) output_bytes=\(output.utf8.count)"
            )
            return errors.isEmpty ? 0 : 1
        } catch {
            FileHandle.standardError.write(Data("MetadataBenchmark: \(error)\n".utf8))
            return 1
        }
    }
}
