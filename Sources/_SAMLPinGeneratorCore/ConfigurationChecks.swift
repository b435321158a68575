import SAMLMetadata

/// Checks on `saml-pin.json` that need no metadata: names, slugs, policy ranges and the SP itself.
enum ConfigurationChecks {
    /// The largest clock skew the runtime accepts, in seconds (`IdentityProviderPolicy.maximumClockSkew`).
    static let maximumClockSkewSeconds = 300

    static func check(
        _ configuration: GeneratorConfiguration,
        file: String,
        bytes: ConfigurationText,
        serviceProviderSigningCertificate: [UInt8]?
    ) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        func report(_ severity: Diagnostic.Severity, _ message: String, near needle: String? = nil) {
            diagnostics.append(Diagnostic(severity, message, file: file, line: needle.flatMap(bytes.line(of:))))
        }
        func report(_ severity: Diagnostic.Severity, _ message: String, line: Int?) {
            diagnostics.append(Diagnostic(severity, message, file: file, line: line))
        }

        // Generated type names are pasted into code, so they must be plain identifiers.
        for (key, name) in [("namespace", configuration.namespace), ("registryName", configuration.registryName)] {
            if !SwiftNames.isValidTypeName(name) {
                report(.error, "'\(key)' is '\(name)', which is not a usable Swift type name; use letters, digits "
                    + "and '_', starting with a letter", near: "\"\(key)\"")
            }
        }
        if configuration.namespace == configuration.registryName {
            report(.error, "'namespace' and 'registryName' are both '\(configuration.namespace)'; choose two names",
                   near: "\"registryName\"")
        }

        // The SP values end up in every audience and destination check, so they must be present.
        let serviceProvider = configuration.serviceProvider
        if serviceProvider.entityID.isEmpty {
            report(.error, "'serviceProvider.entityID' is empty; set it to this SP's entity ID", near: "\"entityID\"")
        }
        if serviceProvider.assertionConsumerServiceURLs.isEmpty {
            report(.error, "'serviceProvider.assertionConsumerServiceURLs' is empty; list at least one ACS URL",
                   near: "\"assertionConsumerServiceURLs\"")
        }
        for url in serviceProvider.assertionConsumerServiceURLs {
            // A plain-HTTP ACS exposes assertions to anyone on the network path.
            if url.lowercased().hasPrefix("http://") {
                report(.warning, "ACS URL '\(url)' uses plain HTTP; assertions can be read and replayed in "
                    + "transit; use https://", near: "\"\(url)\"")
            } else if !url.lowercased().hasPrefix("https://") {
                report(.error, "ACS URL '\(url)' is not an absolute https:// URL", near: "\"\(url)\"")
            }
        }
        if let certificatePath = serviceProvider.signingCertificate, let pem = serviceProviderSigningCertificate {
            // A file without a usable certificate would make signed requests fail only at run time.
            let text = String(decoding: pem, as: UTF8.self)
            if !text.contains(CertificateDetails.pemBeginMarker) {
                report(.error, "'serviceProvider.signingCertificate' names '\(certificatePath)', which holds no "
                    + "PEM certificate ('\(CertificateDetails.pemBeginMarker)'); point it at the SP's signing "
                    + "certificate", near: "\"signingCertificate\"")
            } else if case .failure(let problem) = CertificateDetails.read(pem: pem) {
                report(.error, "'serviceProvider.signingCertificate' names '\(certificatePath)', whose certificate "
                    + "cannot be read: \(problem.reason); export the SP's signing certificate again as PEM",
                       near: "\"signingCertificate\"")
            }
        }

        if configuration.identityProviders.isEmpty {
            report(.error, "'identityProviders' is empty; add the identity providers to pin",
                   near: "\"identityProviders\"")
        }
        var seenSlugs: [String: Int] = [:]
        var seenIdentifiers: [String: String] = [:]
        for (index, provider) in configuration.identityProviders.enumerated() {
            // Located by position, not text: the second of two equal slugs is the one to fix.
            let slugLine = bytes.line(ofSlugAt: index, slug: provider.slug)
            // Slugs appear in URLs and become Swift names; anything else could break either.
            if let problem = SwiftNames.problem(withSlug: provider.slug) {
                report(.error, "slug '\(provider.slug)' of 'identityProviders[\(index)]' \(problem); use lowercase "
                    + "letters, digits and single '-' (for example 'example-okta-com')", line: slugLine)
                continue
            }
            // Two IdPs with one slug would share a URL and a Swift name.
            if let first = seenSlugs[provider.slug] {
                report(.error, "slug '\(provider.slug)' is used by 'identityProviders[\(first)]' and "
                    + "'identityProviders[\(index)]'; give each identity provider its own slug", line: slugLine)
                continue
            }
            seenSlugs[provider.slug] = index
            let identifier = SwiftNames.identifier(forSlug: provider.slug)
            if SwiftNames.generatedMembers.contains(identifier) {
                report(.error, "slug '\(provider.slug)' becomes the Swift name '\(identifier)', which the generated "
                    + "code already uses; choose another slug", line: slugLine)
            } else if let other = seenIdentifiers[identifier] {
                report(.error, "slugs '\(other)' and '\(provider.slug)' both become the Swift name '\(identifier)'; "
                    + "choose another slug", line: slugLine)
            }
            seenIdentifiers[identifier] = provider.slug

            diagnostics += policyProblems(provider).map { Diagnostic(.error, $0, file: file, line: slugLine) }
        }
        return diagnostics
    }

    private static func policyProblems(_ provider: IdentityProviderConfiguration) -> [String] {
        var problems: [String] = []
        let slug = provider.slug
        // The runtime clamps the skew silently; an out-of-range value is refused here instead.
        if !(0...maximumClockSkewSeconds).contains(provider.clockSkewSeconds) {
            problems.append("'clockSkewSeconds' of '\(slug)' is \(provider.clockSkewSeconds); it must be between 0 "
                + "and \(maximumClockSkewSeconds)")
        }
        if provider.maximumMessageSize <= 0 {
            problems.append("'maximumMessageSize' of '\(slug)' is \(provider.maximumMessageSize); it must be positive")
        }
        if !(0...3650).contains(provider.expiryWarningDays) {
            problems.append("'expiryWarningDays' of '\(slug)' is \(provider.expiryWarningDays); it must be between 0 "
                + "and 3650")
        }
        if provider.metadata.isEmpty {
            problems.append("'metadata' of '\(slug)' is empty; name the metadata file")
        }
        return problems
    }
}
