import Foundation
import SAMLMetadata

/// Translates checked inputs into the values the templates insert.
///
/// Everything from metadata or configuration enters as `.string` (an escaped literal) or
/// `.comment`; only names and numbers the generator computes itself enter as `.code`.
enum RenderModel {
    /// Base64 lines in generated certificates are this long.
    static let base64LineLength = 76

    static func context(
        configuration: GeneratorConfiguration, configurationPath: String, selections: [Selection]
    ) -> TemplateContext {
        var sources: [TemplateContext] = []
        var seenSources: Set<String> = []
        for selection in selections where seenSources.insert(selection.input.path).inserted {
            sources.append([
                "fileName": .comment(selection.input.path),
                "sha256": .comment(selection.document.sha256),
            ])
        }
        let access = configuration.accessModifier.rawValue
        return [
            "generatorVersion": .comment(SAMLPinGenerator.version),
            "generatorVersionLiteral": .string(SAMLPinGenerator.version),
            "configurationFile": .comment(lastPathComponent(configurationPath)),
            "sources": .list(sources),
            "access": .code(access),
            "namespace": .code(configuration.namespace),
            "registryName": .code(configuration.registryName),
            "serviceProviderEntityID": .string(configuration.serviceProvider.entityID),
            "assertionConsumerServiceURLs": .list(configuration.serviceProvider.assertionConsumerServiceURLs.map {
                ["url": .string($0)]
            }),
            "identityProviders": .list(selections.map(identityProvider)),
        ]
    }

    private static func identityProvider(_ selection: Selection) -> TemplateContext {
        let entity = selection.entity
        let policy = selection.configuration
        let descriptor = entity.descriptor
        let validUntil = EntityChecks.earliestValidUntil(of: entity, in: selection.document)
        let displayName = displayName(of: entity)
        let singleSignOnServices = endpoints(descriptor.singleSignOnServices)
        let singleLogoutServices = endpoints(descriptor.singleLogoutServices)
        let encryptionCertificates = certificates(descriptor.encryptionCertificates)
        return [
            "hasSingleSignOnServices": .bool(!singleSignOnServices.isEmpty),
            "hasSingleLogoutServices": .bool(!singleLogoutServices.isEmpty),
            "hasEncryptionCertificates": .bool(!encryptionCertificates.isEmpty),
            "hasNameIDFormats": .bool(!descriptor.nameIDFormats.isEmpty),
            "identifier": .code(SwiftNames.escaped(SwiftNames.identifier(forSlug: policy.slug))),
            "slug": .string(policy.slug),
            "slugComment": .comment(policy.slug),
            "entityID": .string(entity.entityID.value),
            "entityIDComment": .comment(entity.entityID.value),
            "displayName": displayName.map { .string($0) } ?? .code("nil"),
            "summary": .comment(
                displayName.map { "\($0) ('\(policy.slug)')." } ?? "The identity provider '\(policy.slug)'."
            ),
            "sourceFile": .string(lastPathComponent(selection.input.path)),
            "sourceFileComment": .comment(selection.input.path),
            "sourceSHA256": .string(selection.document.sha256),
            "singleSignOnServices": .list(singleSignOnServices),
            "singleLogoutServices": .list(singleLogoutServices),
            "signingCertificates": .list(certificates(descriptor.signingCertificates)),
            // Keys without `use` serve both purposes, so they appear in both lists, as in the metadata.
            "encryptionCertificates": .list(encryptionCertificates),
            "nameIDFormats": .list(descriptor.nameIDFormats.map { format in
                if let member = EndpointTranslation.nameIDFormatMember(for: format.value) {
                    return ["known": .list([["member": .code(member)]]), "custom": .list([])]
                }
                return ["known": .list([]), "custom": .list([["uri": .string(format.value)]])]
            }),
            "wantsAuthnRequestsSigned": .bool(descriptor.wantAuthnRequestsSigned),
            "metadataValidUntil": .list(validUntil.map { [date($0.value)] } ?? []),
            "signatureRequirement": .code(signatureRequirementCase(policy.signatureRequirement)),
            "clockSkewSeconds": .code(String(policy.clockSkewSeconds)),
            "maximumMessageSize": .code(String(policy.maximumMessageSize)),
            "allowsSHA1": .bool(policy.allowSHA1),
            "allowsUnsolicitedResponses": .bool(policy.allowUnsolicitedResponses),
        ]
    }

    private static func endpoints(_ endpoints: [EndpointDescription]) -> [TemplateContext] {
        endpoints.compactMap { endpoint in
            guard let binding = EndpointTranslation.bindingCase(for: endpoint.binding) else { return nil }
            var context: TemplateContext = [
                "binding": .code(binding),
                "location": .string(endpoint.location),
                "responseLocation": .list([]),
            ]
            if let responseLocation = endpoint.responseLocation {
                context["responseLocation"] = .list([["value": .string(responseLocation)]])
            }
            return context
        }
    }

    private static func certificates(_ entries: [CertificateEntry]) -> [TemplateContext] {
        entries.compactMap { entry in
            guard case .success(let details) = entry.parsed else { return nil }
            // Re-encoded from the parsed DER, so the literal holds nothing but base64 characters.
            let base64 = Data(details.der).base64EncodedString()
            // Base64 is ASCII, so the lines are cut on UTF-8 offsets rather than walking Characters.
            let utf8 = Array(base64.utf8)
            let lines: [TemplateContext] = stride(from: 0, to: utf8.count, by: base64LineLength).map { start in
                let end = min(start + base64LineLength, utf8.count)
                return ["line": .code(String(decoding: utf8[start..<end], as: UTF8.self))]
            }
            return [
                "base64Lines": .list(lines),
                "fingerprint": .string(details.sha256Fingerprint),
                "subject": .string(details.subject),
                "keyDescription": .comment(keyDescription(details)),
                "notBefore": .list([date(details.notBefore)]),
                "notAfter": .list([date(details.notAfter)]),
            ]
        }
    }

    private static func date(_ date: Date) -> TemplateContext {
        ["seconds": .code(Timestamp.secondsLiteral(date)), "iso": .comment(Timestamp.iso8601(date))]
    }

    private static func keyDescription(_ details: CertificateDetails) -> String {
        switch details.keyType {
        case .rsa: return "RSA \(details.keyBits)-bit key"
        case .ec(let curve): return "EC \(curve) key"
        case .other(let name): return "\(name) key"
        }
    }

    private static func signatureRequirementCase(
        _ requirement: IdentityProviderConfiguration.SignatureRequirement
    ) -> String {
        switch requirement {
        case .assertionOrResponse: return "assertionOrResponse"
        case .assertion: return "assertion"
        case .response: return "response"
        case .both: return "both"
        }
    }

    /// `mdui:DisplayName`, else the Organization's display name; English first, then untagged, then the first.
    static func displayName(of entity: IdentityProviderEntity) -> String? {
        func preferred(_ names: [LocalizedName]) -> String? {
            let usable = names.filter { !$0.name.isEmpty }
            return (usable.first { $0.language?.lowercased().hasPrefix("en") == true }
                ?? usable.first { $0.language == nil }
                ?? usable.first)?.name
        }
        return preferred(entity.displayNames.map(\.value)) ?? entity.organization.flatMap { preferred($0.displayNames) }
    }

    static func lastPathComponent(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init) ?? path
    }
}
