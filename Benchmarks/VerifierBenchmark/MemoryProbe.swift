import Foundation

/// Memory that verifications in flight cost, measured in a process of its own.
///
/// Eight threads verify at once, then `threads` threads do (each a thread of its own: with 2
/// cores most of them are preempted mid-verification, each holding its parsed document and
/// buffers). The figure is the growth of peak resident memory between the two runs divided by
/// the extra threads: an upper bound, since it also counts each extra thread's stack and the
/// allocator's per-thread arenas.
enum MemoryProbe {
    static let threads = 64
    static let baselineThreads = 8

    static func run(threads: Int, fixture: URL) throws -> String {
        let workload = try VerifierWorkload.make(fixture: fixture, replayCache: ForgetfulReplayCache())
        for _ in 0..<200 { try workload.verifyOnce() }

        try verify(workload, threads: baselineThreads, seconds: 0.5)
        let baseline = try highWaterKilobytes()
        try verify(workload, threads: threads, seconds: 1)
        let loaded = try highWaterKilobytes()

        let perFlight = Double(max(loaded - baseline, 0)) / Double(threads - baselineThreads)
        return String(
            format: "%.0f KB (VmHWM %d KB with %d threads verifying at once, %d KB with %d)",
            perFlight, baseline, baselineThreads, loaded, threads
        )
    }

    /// This process's peak resident memory since it started (`VmHWM`). `getrusage`'s maximum would
    /// not do: Linux carries it over from the parent across `exec`, so a child starts at the
    /// parent's peak.
    private static func highWaterKilobytes() throws -> Int {
        let status = try String(contentsOfFile: "/proc/self/status", encoding: .utf8)
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            if let value = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first,
                let kilobytes = Int(value)
            {
                return kilobytes
            }
        }
        throw BenchmarkError("/proc/self/status has no VmHWM line")
    }

    /// Verifies on `threads` threads of their own (Dispatch would run only as many as there are cores).
    private static func verify(_ workload: VerifierWorkload, threads: Int, seconds: Double) throws {
        let failures = Counter()
        let finished = DispatchGroup()
        let started = DispatchSemaphore(value: 0)
        let go = DispatchSemaphore(value: 0)
        for _ in 0..<threads {
            finished.enter()
            let thread = Thread {
                started.signal()
                go.wait()
                let deadline = Date().addingTimeInterval(seconds)
                while Date() < deadline {
                    do { try workload.verifyOnce() } catch { _ = failures.next() }
                }
                finished.leave()
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
        for _ in 0..<threads { started.wait() }
        for _ in 0..<threads { go.signal() }
        finished.wait()
        guard failures.next() == 1 else { throw BenchmarkError("verifications failed in the memory probe") }
    }
}
