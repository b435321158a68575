import SAMLMetadata

/// One identity provider to check and generate: its configuration entry and the entity chosen for it.
struct Selection {
    var configuration: IdentityProviderConfiguration
    var entity: IdentityProviderEntity
    var document: MetadataDocument
    var input: MetadataInput
}
