import Foundation
import SAMLMetadata

/// Checks on one identity provider chosen from a metadata file, each reported at the line of the
/// element that causes it.
struct EntityChecks {
    var entity: IdentityProviderEntity
    var document: MetadataDocument
    /// The path printed in diagnostics.
    var file: String
    /// The configuration entry, or defaults when linting metadata alone.
    var policy: IdentityProviderConfiguration
    /// Present when a configuration was given: enables the SP cross-checks.
    var serviceProvider: ServiceProviderConfiguration?
    var now: Date

    private static let secondsPerDay: Double = 86_400

    func run() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += validityProblems()
        diagnostics += signingCertificateProblems()
        diagnostics += encryptionCertificateProblems()
        diagnostics += endpointProblems()
        diagnostics += algorithmProblems()
        diagnostics += serviceProviderProblems()
        return diagnostics
    }

    private var name: String { entity.entityID.value }

    private func diagnostic(_ severity: Diagnostic.Severity, _ message: String, line: Int) -> Diagnostic {
        Diagnostic(severity, message, file: file, line: line)
    }

    /// The earliest `validUntil` of the root, the entity, any enclosing aggregate and the IdP role.
    static func earliestValidUntil(of entity: IdentityProviderEntity, in document: MetadataDocument) -> Located<Date>? {
        [document.validUntil, entity.validUntil, entity.effectiveValidUntil, entity.descriptor.validUntil]
            .compactMap { $0 }
            .min { $0.value < $1.value }
    }

    // MARK: Validity

    private func validityProblems() -> [Diagnostic] {
        guard let validUntil = Self.earliestValidUntil(of: entity, in: document) else { return [] }
        let date = Timestamp.iso8601(validUntil.value)
        // A root-level date applies to every entity alike; naming none lets one report cover them all.
        let subject = validUntil == document.validUntil ? "the metadata" : "metadata for '\(name)'"
        // Expired metadata may describe keys the IdP no longer controls.
        if validUntil.value < now {
            return [diagnostic(.error, "\(subject) expired: validUntil \(date) is in the past; "
                + "download current metadata from the identity provider", line: validUntil.line)]
        }
        let daysLeft = Int((validUntil.value.timeIntervalSince(now) / Self.secondsPerDay).rounded(.down))
        if daysLeft < policy.expiryWarningDays {
            return [diagnostic(.warning, "\(subject) expires on \(date) (\(daysLeft) days left); "
                + "refresh it before then", line: validUntil.line)]
        }
        return []
    }

    // MARK: Certificates

    private func signingCertificateProblems() -> [Diagnostic] {
        let certificates = entity.descriptor.signingCertificates
        // Without a pinned signing key no response could ever be verified.
        guard !certificates.isEmpty else {
            return [diagnostic(.error, "'\(name)' has no signing certificate (no KeyDescriptor with use=\"signing\" "
                + "or without 'use' holds an X509Certificate); responses could never be verified", line:
                    entity.descriptor.line)]
        }
        var diagnostics: [Diagnostic] = []
        for entry in certificates {
            switch entry.parsed {
            case .failure(let error):
                // A key that cannot be read cannot be pinned; silently skipping it could drop the only key.
                diagnostics.append(diagnostic(.error, "signing certificate of '\(name)' could not be read: "
                    + "\(error.reason); ask the identity provider for valid metadata", line: entry.line))
            case .success(let details):
                diagnostics += problems(with: details, line: entry.line, role: "signing")
            }
        }
        // Only the first certificate of a KeyDescriptor is the IdP's key; a second is most likely its
        // issuer, whose key must not be trusted to sign responses.
        for entry in entity.descriptor.chainCertificates {
            diagnostics.append(diagnostic(.warning, "a further certificate in one KeyDescriptor of '\(name)' is "
                + "taken as chain and not pinned; list each IdP key in a KeyDescriptor of its own", line: entry.line))
        }
        return diagnostics
    }

    private func encryptionCertificateProblems() -> [Diagnostic] {
        let signingLines = Set(entity.descriptor.signingCertificates.map(\.line))
        var diagnostics: [Diagnostic] = []
        for entry in entity.descriptor.encryptionCertificates where !signingLines.contains(entry.line) {
            switch entry.parsed {
            case .failure(let error):
                diagnostics.append(diagnostic(.warning, "encryption certificate of '\(name)' could not be read: "
                    + "\(error.reason); it is left out", line: entry.line))
            case .success(let details):
                if details.notAfter < now {
                    diagnostics.append(diagnostic(.warning, "encryption certificate '\(details.subject)' of '\(name)' "
                        + "expired on \(Timestamp.iso8601(details.notAfter))", line: entry.line))
                }
            }
        }
        return diagnostics
    }

    private func problems(with details: CertificateDetails, line: Int, role: String) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let subject = details.subject
        let expiry = Timestamp.iso8601(details.notAfter)
        if details.notAfter < now {
            // An expired key is a sign of stale metadata; pinning it needs an explicit opt-in.
            if policy.allowExpiredCertificate {
                diagnostics.append(diagnostic(.warning, "\(role) certificate '\(subject)' of '\(name)' expired on "
                    + "\(expiry); it is pinned because 'allowExpiredCertificate' is set", line: line))
            } else {
                diagnostics.append(diagnostic(.error, "\(role) certificate '\(subject)' of '\(name)' expired on "
                    + "\(expiry); download current metadata, or set 'allowExpiredCertificate' to pin it anyway",
                    line: line))
            }
        } else {
            let daysLeft = Int((details.notAfter.timeIntervalSince(now) / Self.secondsPerDay).rounded(.down))
            if daysLeft < policy.expiryWarningDays {
                diagnostics.append(diagnostic(.warning, "\(role) certificate '\(subject)' of '\(name)' expires on "
                    + "\(expiry) (\(daysLeft) days left); plan the rollover and refresh the metadata", line: line))
            }
        }
        if details.notBefore > now {
            diagnostics.append(diagnostic(.warning, "\(role) certificate '\(subject)' of '\(name)' is not valid "
                + "before \(Timestamp.iso8601(details.notBefore))", line: line))
        }
        switch details.keyType {
        case .rsa:
            // Keys under 2048 bits can be factored by a determined attacker.
            if details.keyBits < 2048 {
                diagnostics.append(diagnostic(.error, "\(role) certificate '\(subject)' of '\(name)' has a "
                    + "\(details.keyBits)-bit RSA key; at least 2048 bits are required", line: line))
            }
        case .ec:
            break
        case .other(let keyName):
            diagnostics.append(diagnostic(.error, "\(role) certificate '\(subject)' of '\(name)' has a '\(keyName)' "
                + "key; only RSA and EC keys can verify SAML signatures", line: line))
        }
        return diagnostics
    }

    // MARK: Endpoints

    private func endpointProblems() -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        let descriptor = entity.descriptor
        if !descriptor.protocolSupportEnumeration.contains(EndpointTranslation.saml2Protocol) {
            diagnostics.append(diagnostic(.warning, "the IDPSSODescriptor of '\(name)' does not list the SAML 2.0 "
                + "protocol in 'protocolSupportEnumeration'", line: descriptor.line))
        }
        // Without a Redirect or POST endpoint the SP has nowhere to send users to sign in.
        let usable = descriptor.singleSignOnServices.contains { EndpointTranslation.isRequestBinding($0.binding) }
        if !usable {
            diagnostics.append(diagnostic(.error, "'\(name)' has no SingleSignOnService with the HTTP-Redirect or "
                + "HTTP-POST binding; the SP could not send users to it", line: descriptor.line))
        }
        for (kind, endpoints) in [("SingleSignOnService", descriptor.singleSignOnServices),
                                  ("SingleLogoutService", descriptor.singleLogoutServices)] {
            for endpoint in endpoints {
                guard EndpointTranslation.bindingCase(for: endpoint.binding) != nil else {
                    diagnostics.append(diagnostic(.note, "\(kind) binding '\(endpoint.binding)' is not supported; "
                        + "this endpoint is left out", line: endpoint.line))
                    continue
                }
                for location in [endpoint.location, endpoint.responseLocation].compactMap({ $0 }) {
                    let lowercased = location.lowercased()
                    // The SP sends browsers to this URL (an auto-submitting form for HTTP-POST): a
                    // javascript: or data: URL would run script on the SP's own origin.
                    guard lowercased.hasPrefix("https://") || lowercased.hasPrefix("http://") else {
                        diagnostics.append(diagnostic(.error, "\(kind) location '\(location)' is not an http(s) "
                            + "URL; refusing to pin it, since browsers are sent there", line: endpoint.line))
                        continue
                    }
                    // Plain HTTP lets anyone on the path read or alter the messages.
                    if lowercased.hasPrefix("http://") {
                        diagnostics.append(diagnostic(.warning, "\(kind) '\(location)' uses plain HTTP; ask the "
                            + "identity provider for an https:// endpoint", line: endpoint.line))
                    }
                }
            }
        }
        return diagnostics
    }

    // MARK: Algorithms

    private func algorithmProblems() -> [Diagnostic] {
        let methods = (entity.signingMethods + entity.digestMethods).sorted { $0.line < $1.line }
        guard let first = methods.first else { return [] }
        // An IdP that can only do SHA-1 produces signatures the default policy rejects.
        guard methods.allSatisfy({ $0.value.lowercased().hasSuffix("sha1") }) else { return [] }
        if policy.allowSHA1 {
            return [diagnostic(.warning, "'\(name)' advertises only SHA-1 algorithms; they are accepted because "
                + "'allowSHA1' is set, but SHA-1 signatures can be forged", line: first.line)]
        }
        return [diagnostic(.warning, "'\(name)' advertises only SHA-1 algorithms; its responses will be rejected "
            + "unless it is switched to SHA-256 (or 'allowSHA1' is set)", line: first.line)]
    }

    // MARK: Service provider

    private func serviceProviderProblems() -> [Diagnostic] {
        guard let serviceProvider else { return [] }
        var diagnostics: [Diagnostic] = []
        // The IdP would reject every unsigned AuthnRequest.
        if entity.descriptor.wantAuthnRequestsSigned && serviceProvider.signingCertificate == nil {
            diagnostics.append(diagnostic(.error, "'\(name)' sets WantAuthnRequestsSigned=\"true\" but no SP signing "
                + "certificate is configured; set 'serviceProvider.signingCertificate'", line: entity.descriptor.line))
        }
        // One entity ID for both sides lets an assertion meant for the IdP pass as one for the SP.
        if entity.entityID.value == serviceProvider.entityID {
            diagnostics.append(diagnostic(.warning, "the identity provider's entity ID '\(name)' equals the SP's "
                + "entity ID; give the identity provider its own entity ID", line: entity.entityID.line))
        }
        return diagnostics
    }
}
