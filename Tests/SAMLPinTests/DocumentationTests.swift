import Foundation
import SAMLPin
import SAMLPinTestSupport
import Testing

@Suite("documentation")
struct DocumentationTests {
    @Test("every error code is documented in the DocC catalogue's ErrorCodes article")
    func everyErrorCodeIsDocumented() throws {
        let article = Fixtures.repositoryRoot.appendingPathComponent("Sources/SAMLPin/SAMLPin.docc/ErrorCodes.md")
        let text = try String(contentsOf: article, encoding: .utf8)
        let documented = Set(
            text.split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("| `") else { return nil }
                return line.dropFirst(3).split(separator: "`").first.map(String.init)
            }
        )
        let codes = Set(SAMLError.Code.allCases.map(\.rawValue))
        #expect(codes.subtracting(documented).sorted() == [], "codes missing from ErrorCodes.md")
        #expect(documented.subtracting(codes).sorted() == [], "ErrorCodes.md lists codes that do not exist")
    }
}
