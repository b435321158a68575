import Testing

@Test func placeholderSAMLMetadataTests() {}
