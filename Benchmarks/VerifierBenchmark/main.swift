// Response verifier benchmark: verifications per second for an Okta-shaped response (assertion
// signed, RSA-2048), on one thread and on all cores, next to OpenSSL's own RSA-2048 verify rate
// measured in the same run, plus the memory a verification in flight costs.
//
//   swift run -c release VerifierBenchmark [--seconds 3] [--write-fixture <folder>] [--fixture <folder>]
//                                       [--iterations N]
//
// `--iterations N` verifies N times and exits, for `valgrind --tool=callgrind`; under valgrind
// pass `--fixture <folder>` (made once with `--write-fixture`), since it cannot spawn xmlsec1.
//
// The response is signed at start-up by the xmlsec1 CLI with a key made by the openssl CLI.

import Foundation
import SAMLPin
import SAMLPinTestSupport

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let seconds = option("--seconds").flatMap(Double.init) ?? 3

do {
    let fixture = option("--fixture").map { URL(fileURLWithPath: $0) }
    if let threads = option("--measure-memory").flatMap(Int.init), let fixture {
        // The child process that `VerifierMeasurements` starts for the memory figures.
        print(try MemoryProbe.run(threads: threads, fixture: fixture))
        exit(0)
    }
    let workload = try VerifierWorkload.make(fixture: fixture)
    if let folder = option("--write-fixture") {
        try workload.write(to: URL(fileURLWithPath: folder))
        print("wrote response.xml, response.b64 and idp-cert.pem to \(folder)")
    }
    if let count = option("--iterations").flatMap(Int.init) {
        // For instruction counting under callgrind: a fixed amount of work, no timing.
        for _ in 0..<count { try workload.verifyOnce() }
        print("verified \(count) times")
        exit(0)
    }
    let report = try VerifierMeasurements(workload: workload, seconds: seconds, fixture: fixture).run()
    print(report)
} catch {
    FileHandle.standardError.write(Data("VerifierBenchmark: \(error)\n".utf8))
    exit(1)
}
