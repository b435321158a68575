/// This service provider: who it is, and where identity providers post responses to it.
public struct ServiceProvider: Sendable, Hashable {
    /// The SP's entity ID; every assertion's AudienceRestriction must name it.
    public let entityID: String
    /// The AssertionConsumerService URLs; a response's Destination and Recipient must be one of them.
    public let assertionConsumerServiceURLs: [String]

    public init(entityID: String, assertionConsumerServiceURLs: [String]) {
        self.entityID = entityID
        self.assertionConsumerServiceURLs = assertionConsumerServiceURLs
    }

    public init(entityID: String, assertionConsumerServiceURL: String) {
        self.init(entityID: entityID, assertionConsumerServiceURLs: [assertionConsumerServiceURL])
    }
}
