import Testing

@Test func placeholderGoldenConsumerTests() {}
