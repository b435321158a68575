import Testing
@testable import _SAMLPinGeneratorCore

@Suite("Slugs and Swift names")
struct SwiftNamesTests {
    @Test(arguments: [
        ("example-okta-com", "exampleOktaCom"),
        ("okta", "okta"),
        ("azure-ad-2", "azureAd2"),
        ("1password", "idp1password"),
        ("42", "idp42"),
    ])
    func slugsBecomeCamelCase(slug: String, identifier: String) {
        #expect(SwiftNames.problem(withSlug: slug) == nil)
        #expect(SwiftNames.identifier(forSlug: slug) == identifier)
    }

    @Test func keywordsAreEscaped() {
        #expect(SwiftNames.escaped("default") == "`default`")
        #expect(SwiftNames.escaped("public") == "`public`")
        #expect(SwiftNames.escaped("okta") == "okta")
    }

    @Test(arguments: ["", "Okta", "okta_com", "okta.com", "-okta", "okta-", "okta--com", "ökta", "a b", "a/b"])
    func badSlugsAreRefused(slug: String) {
        #expect(SwiftNames.problem(withSlug: slug) != nil)
    }

    @Test func typeNamesMustBeIdentifiers() {
        #expect(SwiftNames.isValidTypeName("OktaPins"))
        #expect(SwiftNames.isValidTypeName("_Pins2"))
        #expect(!SwiftNames.isValidTypeName("2Pins"))
        #expect(!SwiftNames.isValidTypeName("Okta Pins"))
        #expect(!SwiftNames.isValidTypeName("enum"))
        #expect(!SwiftNames.isValidTypeName("A{}"))
        #expect(!SwiftNames.isValidTypeName(""))
    }
}
