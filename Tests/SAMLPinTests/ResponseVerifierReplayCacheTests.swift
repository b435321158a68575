import Foundation
import SAMLPin
import Testing

/// `InMemoryReplayCache`: atomic insert-if-absent, expiry, and a bounded size that fails closed.
@Suite struct ResponseVerifierReplayCacheTests {
    private let now = Date(timeIntervalSince1970: 1_800_000_000)

    @Test func anIDIsAcceptedOnceUntilItExpires() {
        let cache = InMemoryReplayCache()
        #expect(cache.insertIfAbsent(assertionID: "_a", issuer: "idp", expiresAt: now + 60, now: now) == .inserted)
        let replayed = cache.insertIfAbsent(assertionID: "_a", issuer: "idp", expiresAt: now + 60, now: now + 59)
        #expect(replayed == .alreadyPresent)
        // After expiry the assertion itself can no longer pass its time checks, so the ID may be reused.
        let reused = cache.insertIfAbsent(assertionID: "_a", issuer: "idp", expiresAt: now + 200, now: now + 60)
        #expect(reused == .inserted)
    }

    @Test func theSameIDFromAnotherIssuerIsADifferentEntry() {
        let cache = InMemoryReplayCache()
        #expect(cache.insertIfAbsent(assertionID: "_a", issuer: "one", expiresAt: now + 60, now: now) == .inserted)
        #expect(cache.insertIfAbsent(assertionID: "_a", issuer: "two", expiresAt: now + 60, now: now) == .inserted)
        #expect(cache.count == 2)
    }

    @Test func aFullCacheDropsExpiredEntriesButNeverLiveOnes() {
        let cache = InMemoryReplayCache(capacity: 2)
        #expect(cache.insertIfAbsent(assertionID: "_1", issuer: "idp", expiresAt: now + 10, now: now) == .inserted)
        #expect(cache.insertIfAbsent(assertionID: "_2", issuer: "idp", expiresAt: now + 100, now: now) == .inserted)
        // Both live: refusing is the only way not to reopen a replay window.
        let refused = cache.insertIfAbsent(assertionID: "_3", issuer: "idp", expiresAt: now + 100, now: now + 5)
        guard case .unavailable = refused else {
            Issue.record("a full cache of live entries accepted a new one: \(refused)")
            return
        }
        // Once '_1' expired, it makes room; '_2' is still remembered.
        let later = now + 11
        #expect(cache.insertIfAbsent(assertionID: "_3", issuer: "idp", expiresAt: now + 100, now: later) == .inserted)
        let stillLive = cache.insertIfAbsent(assertionID: "_2", issuer: "idp", expiresAt: now + 100, now: later)
        #expect(stillLive == .alreadyPresent)
        #expect(cache.count == 2)
    }

    @Test func concurrentInsertsOfOneIDSucceedExactlyOnce() async {
        let cache = InMemoryReplayCache()
        let now = self.now
        let outcomes = await withTaskGroup(of: ReplayCacheOutcome.self) { group in
            for _ in 0..<64 {
                group.addTask {
                    cache.insertIfAbsent(assertionID: "_race", issuer: "idp", expiresAt: now + 60, now: now)
                }
            }
            return await group.reduce(into: [ReplayCacheOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .inserted }.count == 1)
        #expect(outcomes.filter { $0 == .alreadyPresent }.count == 63)
    }
}
