import Foundation
import SAMLMetadata
import SAMLPin

/// `saml-pin verify`: checks one SAML Response against IdP metadata, as the runtime would.
enum VerifyCommand {
    /// The largest response read from a file or stdin; the verifier applies its own, smaller limit.
    static let maximumInputSize = 4 << 20

    static let usage = """
        OVERVIEW: Verify a SAML Response against the signing keys of IdP metadata.

        USAGE: saml-pin verify <response-file|-> --metadata <idp-metadata.xml> --sp-entity-id <id> --acs <url>
                               [--now <ISO-8601>] [--in-response-to <id> | --allow-unsolicited]
                               [--allow-sha1] [--entity-id <id>]

        ARGUMENTS:
          <response-file|->            The Response as raw XML or as the base64 form value; '-' reads stdin.

        OPTIONS:
          --metadata <file>            IdP metadata whose signing certificates are pinned.
          --entity-id <id>             The IdP to pin from an aggregate (default: every IdP in the file).
          --sp-entity-id <id>          This SP's entity ID (the required Audience).
          --acs <url>                  This SP's AssertionConsumerService URL (Destination and Recipient).
          --now <ISO-8601>             Verify as of this instant instead of the current time.
          --in-response-to <id>        The AuthnRequest ID the Response must answer.
          --allow-unsolicited          Accept an IdP-initiated Response (no InResponseTo).
          --allow-sha1                 Accept RSA-SHA1 signatures and SHA-1 digests.
          -h, --help                   Show this help.

        On success the verified assertion is printed as JSON on stdout (exit 0). On failure one line
        'error: <code>: <reason>' goes to stderr (exit 1). Usage errors exit 64.
        """

    static let interface = CommandLineInterface(
        name: "verify",
        usage: usage,
        valueOptions: ["--metadata", "--entity-id", "--sp-entity-id", "--acs", "--now", "--in-response-to"],
        flags: ["--allow-unsolicited", "--allow-sha1"]
    )

    /// Builds the pinned IdPs of `document`, or only the one named `entityID`.
    static func identityProviders(
        from document: MetadataDocument,
        entityID: String?,
        policy: IdentityProviderPolicy
    ) throws(UsageError) -> [IdentityProvider] {
        let entities = document.identityProviders.filter { entityID == nil || $0.entityID.value == entityID }
        guard !entities.isEmpty else {
            if let entityID {
                throw UsageError(message: "'\(document.fileName)' has no identity provider '\(entityID)'")
            }
            throw UsageError(message: "'\(document.fileName)' has no identity provider")
        }
        return entities.map { entity in
            let certificates = entity.descriptor.signingCertificates.compactMap { entry -> PinnedCertificate? in
                guard case .success(let details) = entry.parsed else { return nil }
                return PinnedCertificate(
                    der: details.der, sha256Fingerprint: details.sha256Fingerprint, subject: details.subject,
                    notBefore: details.notBefore, notAfter: details.notAfter
                )
            }
            return IdentityProvider(
                slug: slug(for: entity.entityID.value),
                entityID: entity.entityID.value,
                singleSignOnServices: [],
                signingCertificates: certificates,
                policy: policy,
                provenance: Provenance(
                    sourceFile: document.fileName, sourceSHA256: document.sha256, generatorVersion: ToolCommand.version
                )
            )
        }
    }

    /// A URL-safe name derived from an entity ID (`https://idp.example.com/x` gives `idp-example-com-x`).
    static func slug(for entityID: String) -> String {
        var text = entityID.lowercased()
        for scheme in ["https://", "http://", "urn:"] where text.hasPrefix(scheme) {
            text.removeFirst(scheme.count)
        }
        let pieces = text.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) })
        return pieces.isEmpty ? "idp" : pieces.joined(separator: "-")
    }

    /// Reads the response from a file or, for `-`, from stdin.
    static func readResponse(_ path: String) throws(InputFile.ReadError) -> [UInt8] {
        guard path == "-" else { return try InputFile.read(path, maximumSize: maximumInputSize) }
        var bytes: [UInt8] = []
        while true {
            let chunk = FileHandle.standardInput.readData(ofLength: 64 * 1024)
            if chunk.isEmpty { break }
            bytes.append(contentsOf: chunk)
            // Stdin has no size to check up front, so the limit is enforced while reading.
            guard bytes.count <= maximumInputSize else {
                throw InputFile.ReadError(path: "stdin", reason: "input is larger than \(maximumInputSize) bytes")
            }
        }
        return bytes
    }

    /// Whether `bytes` look like raw XML (a `<` first, after a byte-order mark and whitespace).
    static func isRawXML(_ bytes: [UInt8]) -> Bool {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        let first = rest.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        return first == UInt8(ascii: "<")
    }

    /// The verified assertion as stable JSON: sorted keys, ISO 8601 instants.
    static func json(_ assertion: VerifiedAssertion) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(assertion) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Runs `saml-pin verify`.
///
/// - Parameter arguments: the arguments after the word `verify`.
/// - Returns: 0 when the response verifies, 1 when it does not or an input cannot be read, 64 for
///   a usage error.
func runVerifyCommand(_ arguments: [String]) -> Int32 {
    VerifyCommand.interface.run(arguments) { parsed throws(UsageError) in
        let responsePath = try parsed.positionals(count: 1, what: "response file")[0]
        let metadataPath = try parsed.requiredValue("--metadata")
        let serviceProvider = ServiceProvider(
            entityID: try parsed.requiredValue("--sp-entity-id"),
            assertionConsumerServiceURL: try parsed.requiredValue("--acs")
        )
        let now = try parsed.instant("--now")
        let expectedRequestID = parsed.value("--in-response-to")
        // Answering a known request and accepting an unsolicited response exclude each other.
        if expectedRequestID != nil, parsed.has("--allow-unsolicited") {
            throw UsageError(message: "'--in-response-to' and '--allow-unsolicited' exclude each other")
        }
        let policy = IdentityProviderPolicy(
            allowsSHA1: parsed.has("--allow-sha1"),
            allowsUnsolicitedResponses: parsed.has("--allow-unsolicited")
        )

        let document: MetadataDocument
        let response: [UInt8]
        do {
            document = try MetadataLoader.load(metadataPath)
            response = try VerifyCommand.readResponse(responsePath)
        } catch let error as MetadataLoader.LoadError {
            StandardError.write("saml-pin verify: error: \(error)")
            return ExitCode.failure
        } catch {
            StandardError.write("saml-pin verify: error: \(error)")
            return ExitCode.failure
        }
        let identityProviders = try VerifyCommand.identityProviders(
            from: document, entityID: parsed.value("--entity-id"), policy: policy
        )

        do throws(SAMLError) {
            let verifier = try ResponseVerifier(
                serviceProvider: serviceProvider,
                identityProviders: identityProviders,
                clock: now.map { FixedClock($0) as any VerificationClock } ?? SystemClock()
            )
            let assertion: VerifiedAssertion
            if VerifyCommand.isRawXML(response) {
                assertion = try verifier.verify(responseXML: response, expectedRequestID: expectedRequestID)
            } else {
                assertion = try verifier.verify(
                    samlResponse: String(decoding: response, as: UTF8.self), expectedRequestID: expectedRequestID
                )
            }
            StandardOutput.write(VerifyCommand.json(assertion))
            return ExitCode.success
        } catch {
            StandardError.write("error: \(error.code.rawValue): \(error.reason)" + VerifyCommand.hint(for: error.code))
            return ExitCode.failure
        }
    }
}

extension VerifyCommand {
    /// What to try next for the refusals that an offline check most often meets, after `; `.
    static func hint(for code: SAMLError.Code) -> String {
        switch code {
        case .unsolicitedResponse:
            return "; pass --in-response-to <AuthnRequest ID> to check it as the answer to that request"
        case .conditionsExpired, .conditionsNotYetValid, .issueInstantInFuture:
            return "; pass --now <ISO-8601 instant> to check it as of the time it was received"
        default:
            return ""
        }
    }
}
