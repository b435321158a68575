import Foundation
import SAMLMetadata

/// The human-readable text `saml-pin inspect` prints for a metadata document.
///
/// The text depends only on the document and `now`, so the same file and instant give the same bytes.
struct MetadataSummary {
    var document: MetadataDocument
    /// The instant days to expiry are counted from.
    var now: Date

    /// The whole summary, one line per fact, ending with a newline.
    var text: String {
        var lines: [String] = []
        lines.append("file: \(document.fileName)")
        lines.append("sha256: \(document.sha256)")
        lines.append(
            "root: \(document.rootElement) (\(count(document.allEntityIDs.count, "entity", "entities")), "
                + "\(count(document.identityProviders.count, "identity provider", "identity providers")))")
        if let validUntil = document.validUntil {
            lines.append("validUntil: \(Self.format(validUntil.value))\(expiry(validUntil.value))")
        }
        if let cacheDuration = document.cacheDuration {
            lines.append("cacheDuration: \(cacheDuration.value.text)")
        }

        for entity in document.identityProviders {
            lines.append("")
            lines += entityLines(entity)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func entityLines(_ entity: IdentityProviderEntity) -> [String] {
        let descriptor = entity.descriptor
        var lines = ["identity provider: \(entity.entityID.value)"]

        let displayName = entity.displayNames.first { $0.value.language == "en" } ?? entity.displayNames.first
        lines.append("  display name: \(displayName?.value.name ?? "(none)")")
        let validUntil = entity.effectiveValidUntil.map { Self.format($0.value) + expiry($0.value) }
        lines.append("  validUntil: \(validUntil ?? "(none)")")
        lines.append("  WantAuthnRequestsSigned: \(descriptor.wantAuthnRequestsSigned)")

        lines.append("  single sign-on services:")
        lines += endpointLines(descriptor.singleSignOnServices)
        lines.append("  single logout services:")
        lines += endpointLines(descriptor.singleLogoutServices)

        lines.append("  NameID formats:")
        if descriptor.nameIDFormats.isEmpty {
            lines.append("    (none)")
        }
        for format in descriptor.nameIDFormats {
            lines.append("    \(format.value)")
        }

        lines.append("  certificates:")
        let entries = descriptor.keyDescriptors.flatMap { key in key.certificates.map { (key.use, $0) } }
        if entries.isEmpty {
            lines.append("    (none)")
        }
        for (use, entry) in entries {
            lines += certificateLines(use: use, entry: entry)
        }
        return lines
    }

    /// Endpoints grouped per binding, bindings in the order they first appear.
    private func endpointLines(_ endpoints: [EndpointDescription]) -> [String] {
        guard !endpoints.isEmpty else {
            return ["    (none)"]
        }
        var bindings: [String] = []
        for endpoint in endpoints where !bindings.contains(endpoint.binding) {
            bindings.append(endpoint.binding)
        }
        var lines: [String] = []
        for binding in bindings {
            lines.append("    \(Self.bindingName(binding)):")
            for endpoint in endpoints where endpoint.binding == binding {
                var line = "      \(endpoint.location)"
                if let responseLocation = endpoint.responseLocation {
                    line += " (responses to \(responseLocation))"
                }
                lines.append(line)
            }
        }
        return lines
    }

    private func certificateLines(use: KeyDescriptor.Use, entry: CertificateEntry) -> [String] {
        let useName = use == .unspecified ? "signing and encryption" : use.rawValue
        switch entry.parsed {
        case .failure(let error):
            return ["    - \(useName) (line \(entry.line)): unreadable certificate: \(error.reason)"]
        case .success(let details):
            return [
                "    - \(useName) (line \(entry.line))",
                "      subject: \(details.subject)",
                "      key: \(details.keyType) \(details.keyBits) bits",
                "      SHA-256: \(details.sha256Fingerprint)",
                "      notAfter: \(Self.format(details.notAfter))\(expiry(details.notAfter))",
            ]
        }
    }

    /// ` (in 12 days)` or ` (expired 3 days ago)`, counted in whole days from `now`.
    private func expiry(_ date: Date) -> String {
        let days = Int((date.timeIntervalSince(now) / 86_400).rounded(.down))
        if date <= now {
            let ago = -days - 1
            return ago == 0 ? " (expired today)" : " (expired \(count(ago, "day", "days")) ago)"
        }
        return " (in \(count(days, "day", "days")))"
    }

    private func count(_ number: Int, _ singular: String, _ plural: String) -> String {
        "\(number) \(number == 1 ? singular : plural)"
    }

    /// `2028-09-07T14:33:59Z`.
    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    /// `HTTP-POST` for the SAML 2.0 binding URIs, the URI itself for anything else.
    static func bindingName(_ uri: String) -> String {
        let prefix = "urn:oasis:names:tc:SAML:2.0:bindings:"
        return uri.hasPrefix(prefix) ? String(uri.dropFirst(prefix.count)) : uri
    }
}
