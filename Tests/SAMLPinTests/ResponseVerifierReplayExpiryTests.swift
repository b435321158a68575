import Foundation
import SAMLPin
import SAMLPinTestSupport
import Synchronization
import Testing

/// What the verifier hands its replay cache: the assertion ID, the verified issuer, and an expiry
/// at the earlier of the bearer confirmation's and the Conditions' NotOnOrAfter, plus the skew.
@Suite struct ResponseVerifierReplayExpiryTests {
    /// A `ReplayCache` that records each insert and answers like an empty cache.
    final class SpyReplayCache: ReplayCache {
        struct Insert: Sendable, Equatable {
            let assertionID: String
            let issuer: String
            let expiresAt: Date
            let now: Date
        }

        private let recorded = Mutex<[Insert]>([])

        var inserts: [Insert] { recorded.withLock { $0 } }

        func insertIfAbsent(assertionID: String, issuer: String, expiresAt: Date, now: Date) -> ReplayCacheOutcome {
            recorded.withLock {
                $0.append(Insert(assertionID: assertionID, issuer: issuer, expiresAt: expiresAt, now: now))
            }
            return .inserted
        }
    }

    private static let skew = TimeInterval(IdentityProviderPolicy().clockSkewSeconds)

    /// A response whose bearer confirmation and Conditions end `confirmation` and `conditions`
    /// seconds after issue.
    private static func response(confirmation: TimeInterval, conditions: TimeInterval) throws -> SignedResponse {
        try TestResponses.cached("replay-expiry-\(confirmation)-\(conditions)") {
            var parameters = ResponseParameters()
            parameters.confirmationNotOnOrAfter = parameters.issueInstant.addingTimeInterval(confirmation)
            parameters.notOnOrAfter = parameters.issueInstant.addingTimeInterval(conditions)
            return try TestResponses.signed(parameters, parts: .assertion)
        }
    }

    @Test(
        "the cache entry expires at the earlier NotOnOrAfter plus skew, under the verified issuer",
        arguments: [(confirmation: 200.0, conditions: 300.0), (confirmation: 300.0, conditions: 200.0)]
    )
    func expiryIsTheEarlierEndPlusSkew(_ ends: (confirmation: TimeInterval, conditions: TimeInterval)) throws {
        let response = try Self.response(confirmation: ends.confirmation, conditions: ends.conditions)
        let spy = SpyReplayCache()
        let verifier = try TestVerifiers.okta(replayCache: spy)
        _ = try verifier.verify(responseXML: response.bytes, expectedRequestID: TestIdentityProviders.requestID)

        let parameters = response.parameters
        let earlierEnd = min(parameters.confirmationNotOnOrAfter, parameters.notOnOrAfter)
        #expect(
            spy.inserts == [
                SpyReplayCache.Insert(
                    assertionID: parameters.assertionID, issuer: TestIdentityProviders.oktaEntityID,
                    expiresAt: earlierEnd.addingTimeInterval(Self.skew), now: TestClock.verificationInstant
                )
            ]
        )
    }

    @Test("a replay one second before the entry expires is still refused; at expiry the time checks refuse it")
    func replayUntilExpiry() throws {
        let response = try Self.response(confirmation: 200, conditions: 300)
        let cache = InMemoryReplayCache()
        let expiry = response.parameters.confirmationNotOnOrAfter.addingTimeInterval(Self.skew)
        let requestID = TestIdentityProviders.requestID

        _ = try TestVerifiers.okta(replayCache: cache).verify(responseXML: response.bytes, expectedRequestID: requestID)

        // Every time check still passes one second before the expiry: only the cache refuses.
        let late = try TestVerifiers.okta(now: expiry.addingTimeInterval(-1), replayCache: cache)
        let replay = #expect(throws: SAMLError.self) {
            try late.verify(responseXML: response.bytes, expectedRequestID: requestID)
        }
        #expect(replay?.code == .replayDetected)

        // From the expiry on, the bearer confirmation has ended, so forgetting the entry opens no window.
        let expired = try TestVerifiers.okta(now: expiry, replayCache: cache)
        let refusal = #expect(throws: SAMLError.self) {
            try expired.verify(responseXML: response.bytes, expectedRequestID: requestID)
        }
        #expect(refusal?.code == .subjectConfirmationInvalid)
    }
}
