import Testing

@Test func placeholderSAMLPinTests() {}
