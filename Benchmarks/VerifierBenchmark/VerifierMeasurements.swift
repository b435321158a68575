import COpenSSL
import SAMLPinSupport
import Foundation

/// Runs the timed loops and formats the report.
struct VerifierMeasurements {
    let workload: VerifierWorkload
    let seconds: Double
    let fixture: URL?

    private var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    func run() throws -> String {
        // Warm up: first-use initialisation, caches, and a check that the verdict is an acceptance.
        for _ in 0..<200 { try workload.verifyOnce() }

        // One thread against the floor, and all cores against the floor on all cores, in alternating
        // short rounds, so that a slower stretch of a shared machine weighs on each alike; the
        // medians are reported, and the scaling beside the floor's own on this machine.
        let floorLoop = try OpenSSLFloor(message: Array(workload.xml.utf8))
        let rounds = 10
        let slice = seconds / Double(rounds)
        var singles: [Double] = []
        var floors: [Double] = []
        var shares: [Double] = []
        var alls: [Double] = []
        var scalings: [Double] = []
        var floorScalings: [Double] = []
        for _ in 0..<rounds {
            let single = try rate(threads: 1, seconds: slice)
            let floor = try floorLoop.rate(threads: 1, seconds: slice)
            let all = try rate(threads: cores, seconds: slice)
            let floorAll = try floorLoop.rate(threads: cores, seconds: slice)
            singles.append(single)
            floors.append(floor)
            shares.append(single / floor)
            alls.append(all)
            scalings.append(all / single)
            floorScalings.append(floorAll / floor)
        }
        let single = Self.median(singles)
        let floor = Self.median(floors)
        let share = Self.median(shares)
        let all = Self.median(alls)
        let memory = try memoryPerVerification()

        let bytes = workload.xml.utf8.count
        return """
            response: \(bytes) bytes of XML (\(workload.formValue.utf8.count) as posted), assertion signed, RSA-2048
            verifications/s, 1 thread:        \(Self.format(single))
            verifications/s, \(cores) threads:        \(Self.format(all))  (scaling \(Self.ratio(Self.median(scalings)))x; \
            the floor's own: \(Self.ratio(Self.median(floorScalings)))x)
            OpenSSL RSA-2048 verify + SHA-256 of the response, 1 thread: \(Self.format(floor))/s (the floor)
            1 thread as a share of the floor: \(String(format: "%.1f", 100 * share)) % \
            (median of \(rounds) alternating rounds; lowest \(String(format: "%.1f", 100 * (shares.min() ?? 0))) %, \
            highest \(String(format: "%.1f", 100 * (shares.max() ?? 0))) %)
            memory per verification in flight: \(memory)
            """
    }

    private static func ratio(_ value: Double) -> String {
        String(format: "%.2f", value)
    }

    private static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return 0 }
        return sorted.count % 2 == 1
            ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
    }

    /// Verifications per second over `seconds`, summed across `threads` threads.
    private func rate(threads: Int, seconds: Double) throws -> Double {
        let workload = self.workload
        let measured = timedRate(threads: threads, seconds: seconds, batch: 16) {
            (try? workload.verifyOnce()) != nil
        }
        guard measured.failed == 0 else { throw BenchmarkError("\(measured.failed) verifications were rejected") }
        return measured.rate
    }

    /// Memory per verification in flight, measured in a fresh child process (see `MemoryProbe`) so
    /// that nothing measured earlier in this process raises the high-water mark first.
    private func memoryPerVerification() throws -> String {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("saml-pin-benchmark-\(getpid())")
        try workload.write(to: folder)
        defer { try? FileManager.default.removeItem(at: folder) }

        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--measure-memory", String(MemoryProbe.threads), "--fixture", folder.path]
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        child.waitUntilExit()
        guard child.terminationStatus == 0 else { throw BenchmarkError("the memory probe failed") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func peakResidentKilobytes() -> Int {
        var usage = rusage()
        getrusage(Int32(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss
    }

    private static func format(_ value: Double) -> String {
        String(format: "%8.0f", value)
    }
}

/// Calls `check` on `threads` threads at once until `seconds` have passed, reading the clock every
/// `batch` calls.
///
/// - Returns: calls per second, summed across the threads, and how many calls returned false.
func timedRate(threads: Int, seconds: Double, batch: Int, _ check: @escaping @Sendable () -> Bool) -> (
    rate: Double, failed: Int
) {
    let counts = Counts(threads)
    let start = DispatchTime.now().uptimeNanoseconds
    let deadline = start + UInt64(seconds * 1e9)
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
        var done = 0
        var failed = 0
        while DispatchTime.now().uptimeNanoseconds < deadline {
            for _ in 0..<batch {
                if !check() { failed += 1 }
                done += 1
            }
        }
        counts.record(thread: thread, done: done, failed: failed)
    }
    let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    return (Double(counts.done) / elapsed, counts.failed)
}

/// Thread-indexed counters written once per thread after its loop.
private final class Counts: @unchecked Sendable {
    private var doneByThread: [Int]
    private var failedByThread: [Int]
    private let lock = NSLock()

    init(_ threads: Int) {
        doneByThread = Array(repeating: 0, count: threads)
        failedByThread = Array(repeating: 0, count: threads)
    }

    func record(thread: Int, done: Int, failed: Int) {
        lock.lock()
        doneByThread[thread] = done
        failedByThread[thread] = failed
        lock.unlock()
    }

    var done: Int { lock.lock(); defer { lock.unlock() }; return doneByThread.reduce(0, +) }
    var failed: Int { lock.lock(); defer { lock.unlock() }; return failedByThread.reduce(0, +) }
}

/// OpenSSL alone: one SHA-256 over the response's bytes and one RSA-2048 signature check per
/// iteration, which is the least work any verifier of this response must do.
final class OpenSSLFloor: @unchecked Sendable {
    let message: [UInt8]
    private let key: OpaquePointer
    private var signature = [UInt8](repeating: 0, count: 512)
    private var signatureLength = 512
    /// The same start the verifier makes, so the floor is not handicapped: the explicitly fetched
    /// SHA-256, and each check a copy of one context initialised for the key (only ever read).
    private let template: OpaquePointer

    /// Makes an RSA-2048 key and signs `message` once; `rate` then only verifies.
    init(message: [UInt8]) throws {
        self.message = message
        guard let keyContext = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else { throw BenchmarkError("keygen") }
        defer { EVP_PKEY_CTX_free(keyContext) }
        var generated: OpaquePointer? = nil
        guard EVP_PKEY_keygen_init(keyContext) > 0, EVP_PKEY_CTX_set_rsa_keygen_bits(keyContext, 2048) > 0,
            EVP_PKEY_keygen(keyContext, &generated) > 0, let key = generated
        else { throw BenchmarkError("RSA key generation failed") }
        self.key = key

        guard let signing = EVP_MD_CTX_new() else { throw BenchmarkError("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(signing) }
        guard EVP_DigestSignInit(signing, nil, EVP_sha256(), nil, key) > 0,
            EVP_DigestSign(signing, &signature, &signatureLength, message, message.count) > 0
        else { throw BenchmarkError("signing failed") }

        guard let template = EVP_MD_CTX_new() else { throw BenchmarkError("EVP_MD_CTX_new") }
        guard EVP_DigestVerifyInit(template, nil, FetchedDigests.shared.sha256, nil, key) > 0 else {
            EVP_MD_CTX_free(template)
            throw BenchmarkError("EVP_DigestVerifyInit")
        }
        self.template = template
    }

    deinit {
        EVP_MD_CTX_free(template)
        EVP_PKEY_free(key)
    }

    /// Checks per second over `seconds`, summed across `threads` threads.
    func rate(threads: Int, seconds: Double) throws -> Double {
        let measured = timedRate(threads: threads, seconds: seconds, batch: 64) {
            let context = EVP_MD_CTX_new()
            defer { EVP_MD_CTX_free(context) }
            return EVP_MD_CTX_copy_ex(context, self.template) > 0
                && EVP_DigestVerify(context, self.signature, self.signatureLength, self.message, self.message.count)
                    == 1
        }
        guard measured.failed == 0 else { throw BenchmarkError("OpenSSL rejected its own signature") }
        return measured.rate
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
