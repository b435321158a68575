/// A SAML `NameID`: the subject's identifier, or a nested identifier inside an attribute
/// value (for example eduPersonTargetedID).
public struct NameID: Sendable, Hashable, Encodable {
    /// The identifier: the element's whole text (comments never truncate it).
    public let value: String
    /// The `Format` URI, if present.
    public let format: String?
    /// The `NameQualifier`, if present.
    public let nameQualifier: String?
    /// The `SPNameQualifier`, if present.
    public let spNameQualifier: String?
    /// The `SPProvidedID`, if present.
    public let spProvidedID: String?

    /// Creates a NameID; only `value` is required.
    public init(
        value: String,
        format: String? = nil,
        nameQualifier: String? = nil,
        spNameQualifier: String? = nil,
        spProvidedID: String? = nil
    ) {
        self.value = value
        self.format = format
        self.nameQualifier = nameQualifier
        self.spNameQualifier = spNameQualifier
        self.spProvidedID = spProvidedID
    }
}
