import Testing
@testable import _SAMLPinGeneratorCore

@Suite("saml-pin.json loading")
struct ConfigurationLoaderTests {
    private func load(_ json: String) -> Result<GeneratorConfiguration, Diagnostic> {
        ConfigurationLoader.load(Array(json.utf8), fileName: "Config/saml-pin.json")
    }

    private func failure(_ json: String) -> Diagnostic? {
        if case .failure(let diagnostic) = load(json) { return diagnostic }
        return nil
    }

    @Test func minimalFileGetsDocumentedDefaults() throws {
        let json = """
            {"serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": ["https://sp/acs"]},
             "identityProviders": [{"slug": "okta", "metadata": "okta.xml"}]}
            """
        let configuration = try load(json).get()
        #expect(configuration.accessModifier == .public)
        #expect(configuration.namespace == "SAMLPinConfiguration")
        #expect(configuration.registryName == "PinnedIdentityProvider")
        #expect(configuration.serviceProvider.signingCertificate == nil)
        let provider = try #require(configuration.identityProviders.first)
        #expect(provider.entityID == nil)
        #expect(provider.expiryWarningDays == 60)
        #expect(provider.allowExpiredCertificate == false)
        #expect(provider.allowSHA1 == false)
        #expect(provider.allowUnsolicitedResponses == false)
        #expect(provider.signatureRequirement == .assertionOrResponse)
        #expect(provider.clockSkewSeconds == 180)
        #expect(provider.maximumMessageSize == 1_048_576)
    }

    @Test func everyKeyIsRead() throws {
        let json = """
            {
              "accessModifier": "package",
              "namespace": "OktaPins",
              "registryName": "OktaRegistry",
              "serviceProvider": {
                "entityID": "https://sp.example.com/saml/metadata",
                "assertionConsumerServiceURLs": ["https://sp.example.com/saml/acs/example-okta-com"],
                "signingCertificate": "sp-signing.pem"
              },
              "identityProviders": [
                { "slug": "example-okta-com", "metadata": "okta-metadata.xml", "entityID": "http://www.okta.com/x",
                  "expiryWarningDays": 30, "allowExpiredCertificate": true, "allowSHA1": true,
                  "allowUnsolicitedResponses": true, "signatureRequirement": "both",
                  "clockSkewSeconds": 60, "maximumMessageSize": 4096 }
              ]
            }
            """
        let configuration = try load(json).get()
        #expect(configuration.accessModifier == .package)
        #expect(configuration.namespace == "OktaPins")
        #expect(configuration.registryName == "OktaRegistry")
        #expect(configuration.serviceProvider.signingCertificate == "sp-signing.pem")
        #expect(configuration.identityProviders == [
            IdentityProviderConfiguration(
                slug: "example-okta-com", metadata: "okta-metadata.xml", entityID: "http://www.okta.com/x",
                expiryWarningDays: 30, allowExpiredCertificate: true, allowSHA1: true,
                allowUnsolicitedResponses: true, signatureRequirement: .both, clockSkewSeconds: 60,
                maximumMessageSize: 4096
            ),
        ])
    }

    @Test func unknownTopLevelKeyIsNamedWithFileAndLine() throws {
        let json = """
            {
              "serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": ["https://sp/acs"]},
              "identityProvider": [],
              "identityProviders": []
            }
            """
        let diagnostic = try #require(failure(json))
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.file == "Config/saml-pin.json")
        #expect(diagnostic.line == 3)
        #expect(diagnostic.message.contains("unknown key 'identityProvider' at the top level"))
        #expect(diagnostic.description.hasPrefix("Config/saml-pin.json:3: error: unknown key 'identityProvider'"))
    }

    @Test func unknownNestedKeyNamesItsPath() throws {
        let json = """
            {
              "serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": ["https://sp/acs"]},
              "identityProviders": [
                {"slug": "a", "metadata": "a.xml"},
                {"slug": "b", "metadata": "b.xml",
                 "allowSha1": true}
              ]
            }
            """
        let diagnostic = try #require(failure(json))
        #expect(diagnostic.line == 6)
        #expect(diagnostic.message.contains("unknown key 'allowSha1' in 'identityProviders[1]'"))
        #expect(diagnostic.message.contains("'allowSHA1'"))
    }

    @Test func unknownServiceProviderKeyIsRefused() throws {
        let json = """
            {"serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": [], "acs": "x"},
             "identityProviders": []}
            """
        let diagnostic = try #require(failure(json))
        #expect(diagnostic.message.contains("unknown key 'acs' in 'serviceProvider'"))
    }

    @Test func missingKeyIsNamed() throws {
        let json = """
            {"serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": []},
             "identityProviders": [{"slug": "a"}]}
            """
        let diagnostic = try #require(failure(json))
        #expect(diagnostic.message.contains("'identityProviders[0].metadata' is missing"))
    }

    @Test func wrongTypeIsNamed() throws {
        let json = """
            {"serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": []},
             "identityProviders": [{"slug": "a", "metadata": "a.xml", "clockSkewSeconds": "soon"}]}
            """
        let diagnostic = try #require(failure(json))
        #expect(diagnostic.message.contains("'identityProviders[0].clockSkewSeconds' must be a whole number"))
        #expect(diagnostic.line == 2)
    }

    @Test func unknownEnumValueIsRefused() throws {
        let json = """
            {"accessModifier": "open",
             "serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": []},
             "identityProviders": []}
            """
        let diagnostic = try #require(failure(json))
        #expect(diagnostic.message.contains("'accessModifier'"))
        #expect(diagnostic.line == 1)
    }

    @Test func brokenJSONIsAnErrorNotACrash() throws {
        for text in ["", "{", "[1, 2]", "{\"serviceProvider\": ", "\u{0}\u{1}", "null"] {
            let diagnostic = try #require(failure(text), "\(text.debugDescription) was accepted")
            #expect(diagnostic.severity == .error)
            #expect(diagnostic.file == "Config/saml-pin.json")
        }
    }

    @Test func oversizedFileIsRefusedBeforeDecoding() throws {
        let bytes = [UInt8](repeating: UInt8(ascii: " "), count: ConfigurationLoader.maximumSize + 1)
        guard case .failure(let diagnostic) = ConfigurationLoader.load(bytes, fileName: "big.json") else {
            Issue.record("an oversized file was accepted")
            return
        }
        #expect(diagnostic.message.contains("limit"))
    }
}

@Suite("saml-pin.json mistakes a person makes")
struct ConfigurationMistakeTests {
    private func failure(_ json: String) -> Diagnostic? {
        if case .failure(let diagnostic) = ConfigurationLoader.load(Array(json.utf8), fileName: "saml-pin.json") {
            return diagnostic
        }
        return nil
    }

    @Test func aMisspelledSignatureRequirementListsTheValuesThatWork() throws {
        let diagnostic = try #require(failure("""
            {"serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": ["https://sp/acs"]},
             "identityProviders": [
               {"slug": "okta", "metadata": "okta.xml", "signatureRequirement": "assertions"}]}
            """))
        #expect(diagnostic.line == 3)
        #expect(diagnostic.message == "'identityProviders[0].signatureRequirement' has an invalid value; use one of "
            + "'assertion-or-response', 'assertion', 'response', 'both'")
    }

    @Test func aMisspelledAccessModifierListsTheValuesThatWork() throws {
        let diagnostic = try #require(failure("""
            {"accessModifier": "open",
             "serviceProvider": {"entityID": "https://sp", "assertionConsumerServiceURLs": ["https://sp/acs"]},
             "identityProviders": [{"slug": "okta", "metadata": "okta.xml"}]}
            """))
        #expect(diagnostic.line == 1)
        #expect(diagnostic.message == "'accessModifier' has an invalid value; use one of 'public', 'package', 'internal'")
    }

    @Test func aJSONSyntaxErrorNamesItsLine() throws {
        let diagnostic = try #require(failure("{\n  \"serviceProvider\": {},,\n  \"identityProviders\": []\n}"))
        #expect(diagnostic.message == "the configuration is not valid JSON; fix its syntax")
        #expect(diagnostic.line == 2)
    }
}
