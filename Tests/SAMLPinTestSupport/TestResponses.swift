import Foundation

/// Which elements of a test response carry a signature.
public enum SignedParts: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Only the Assertion (Google, PingFederate, ADFS, Entra ID defaults).
    case assertion
    /// Only the Response.
    case response
    /// Both, the Assertion first (Okta's default).
    case both

    public var description: String { rawValue }
}

/// A response signed at test time, with the parameters it was built from.
public struct SignedResponse: Sendable, Hashable {
    /// The signed document, exactly as `xmlsec1` wrote it.
    public let xml: String
    /// The values inside it.
    public let parameters: ResponseParameters

    /// The document's UTF-8 bytes.
    public var bytes: [UInt8] { Array(xml.utf8) }

    /// The same response after a textual edit (the parameters still describe the original).
    public func replacing(_ xml: String) -> SignedResponse {
        SignedResponse(xml: xml, parameters: parameters)
    }

    public init(xml: String, parameters: ResponseParameters) {
        self.xml = xml
        self.parameters = parameters
    }
}

/// Builds Okta-shaped responses from `Tests/Fixtures/templates/okta-response.xml` and signs them
/// with `xmlsec1`, caching each named response for the rest of the test process.
public enum TestResponses {
    /// Renders and signs a response.
    ///
    /// - Parameters:
    ///   - parameters: the values to put in.
    ///   - parts: which elements to sign; for `.both` the Assertion is signed first, then the
    ///     Response (whose digest then covers the Assertion's signature).
    ///   - template: the signature skeleton (algorithms, transforms, KeyInfo).
    ///   - key: the signing key; nil means the pinned IdP RSA key.
    ///   - edit: a change to the unsigned document before signing (the change is then signed).
    /// - Throws: `CommandLineToolError` with xmlsec1's stderr.
    public static func signed(
        _ parameters: ResponseParameters = ResponseParameters(),
        parts: SignedParts = .assertion,
        template: SignatureTemplate = .okta,
        key: XMLSec1Signer.SigningKey? = nil,
        editingTemplate edit: (inout XMLText) -> Void = { _ in }
    ) throws -> SignedResponse {
        let signingKey = try key ?? .keyPair(TestKeys.shared().identityProvider)
        func rendered(response: String, assertion: String) throws -> String {
            var text = XMLText(try parameters.render(responseSignature: response, assertionSignature: assertion))
            edit(&text)
            return text.text
        }
        let xml: String
        switch parts {
        case .assertion:
            xml = try XMLSec1Signer.sign(
                rendered(response: "", assertion: template.xml(referencing: parameters.assertionID)),
                with: signingKey
            )
        case .response:
            xml = try XMLSec1Signer.sign(
                rendered(response: template.xml(referencing: parameters.responseID), assertion: ""),
                with: signingKey
            )
        case .both:
            let assertionSigned = try XMLSec1Signer.sign(
                rendered(response: "", assertion: template.xml(referencing: parameters.assertionID)),
                with: signingKey
            )
            // The Response's skeleton goes right after its Issuer, which makes it the first
            // Signature in document order: the one xmlsec1 fills in next.
            guard let issuerEnd = assertionSigned.range(of: "</saml2:Issuer>") else {
                throw CommandLineToolError(
                    commandLine: "insert Response signature", status: 0, standardError: "no Issuer")
            }
            var withSkeleton = assertionSigned
            withSkeleton.insert(contentsOf: template.xml(referencing: parameters.responseID), at: issuerEnd.upperBound)
            xml = try XMLSec1Signer.sign(withSkeleton, with: signingKey)
        }
        return SignedResponse(xml: xml, parameters: parameters)
    }

    /// Renders a response with no signature at all.
    public static func unsigned(_ parameters: ResponseParameters = ResponseParameters()) throws -> SignedResponse {
        SignedResponse(
            xml: try parameters.render(responseSignature: "", assertionSignature: ""), parameters: parameters)
    }

    /// Returns the response cached under `name`, making it with `make` the first time.
    ///
    /// Signing is the slow part of the tests, so each distinct fixture is signed once per process.
    public static func cached(_ name: String, _ make: () throws -> SignedResponse) throws -> SignedResponse {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let hit = cache[name] { return hit }
        let made = try make()
        cache[name] = made
        return made
    }

    nonisolated(unsafe) private static var cache: [String: SignedResponse] = [:]
    private static let cacheLock = NSLock()
}
