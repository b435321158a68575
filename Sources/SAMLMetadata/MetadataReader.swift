import Foundation
import SAMLPinSupport

/// One walk over a parsed metadata tree, collecting the model and its warnings.
///
/// The walk visits each element at most once and descends only into the elements the model
/// needs, so its cost grows with the size of the file and nothing else.
struct MetadataReader {
    let fileName: String
    var warnings: [MetadataWarning] = []
    var identityProviders: [IdentityProviderEntity] = []
    var allEntityIDs: [String] = []
    /// DER of every certificate whose base64 decoded, in walk order, for `CertificateBatch`.
    var pendingCertificates: [[UInt8]] = []
    /// The entities whose certificates OpenSSL decodes; nil decodes all.
    let decodedEntityIDs: Set<String>?

    init(fileName: String, decodedEntityIDs: Set<String>? = nil) {
        self.fileName = fileName
        self.decodedEntityIDs = decodedEntityIDs
    }

    /// Reads the whole document from its root element.
    ///
    /// - Throws: `MetadataParseError` when the root is not a SAML 2.0 metadata root.
    mutating func read(root: XMLElement, sha256: String) throws(MetadataParseError) -> MetadataDocument {
        let validUntil: Located<Date>?
        let cacheDuration: Located<MetadataDuration>?
        if root.is(MetadataNamespace.metadata, "EntitiesDescriptor") {
            validUntil = readValidUntil(of: root)
            cacheDuration = readCacheDuration(of: root)
            readEntities(root, enclosingValidUntil: validUntil)
        } else if root.is(MetadataNamespace.metadata, "EntityDescriptor") {
            (validUntil, cacheDuration) = readEntity(root, enclosingValidUntil: nil)
        } else {
            // Anything else (a Response, an SP-only document in another namespace, HTML) is not metadata.
            let namespace = root.namespaceURI.map { "namespace '\($0)'" } ?? "no namespace"
            throw MetadataParseError(
                fileName: fileName, line: root.line,
                message: "the root element is '\(root.localName)' in \(namespace); expected 'EntityDescriptor' "
                    + "or 'EntitiesDescriptor' in namespace '\(MetadataNamespace.metadata)'")
        }

        fillInCertificates()
        return MetadataDocument(
            fileName: fileName, sha256: sha256, rootElement: root.localName,
            validUntil: validUntil, cacheDuration: cacheDuration,
            identityProviders: identityProviders, allEntityIDs: allEntityIDs, warnings: warnings)
    }

    /// Reads the entities of an `EntitiesDescriptor`, descending into nested aggregates.
    ///
    /// libxml2 refuses documents nested deeper than 256 levels, which bounds the recursion.
    private mutating func readEntities(_ aggregate: XMLElement, enclosingValidUntil: Located<Date>?) {
        for child in aggregate.children {
            if child.is(MetadataNamespace.metadata, "EntityDescriptor") {
                _ = readEntity(child, enclosingValidUntil: enclosingValidUntil)
            } else if child.is(MetadataNamespace.metadata, "EntitiesDescriptor") {
                let own = readValidUntil(of: child)
                _ = readCacheDuration(of: child)
                readEntities(child, enclosingValidUntil: earliest(enclosingValidUntil, own))
            }
        }
    }

    /// Reads one `EntityDescriptor`; records its entity ID and, if it has an IdP role, the IdP.
    ///
    /// - Returns: the entity's own `validUntil` and `cacheDuration`.
    private mutating func readEntity(
        _ entity: XMLElement,
        enclosingValidUntil: Located<Date>?
    ) -> (Located<Date>?, Located<MetadataDuration>?) {
        let validUntil = readValidUntil(of: entity)
        let cacheDuration = readCacheDuration(of: entity)
        guard let entityID = entity.attribute("entityID") else {
            warn("an 'EntityDescriptor' has no 'entityID' attribute; the entity is skipped", at: entity.line)
            return (validUntil, cacheDuration)
        }
        allEntityIDs.append(entityID)

        var descriptor: DescriptorContent?
        var organization: Organization?
        var signingMethods: [Located<String>] = []
        var digestMethods: [Located<String>] = []
        for child in entity.children {
            if child.is(MetadataNamespace.metadata, "IDPSSODescriptor") {
                guard descriptor == nil else {
                    warn("entity '\(entityID)' has more than one 'IDPSSODescriptor'; only the first is used",
                        at: child.line)
                    continue
                }
                descriptor = readIdentityProviderDescriptor(child)
            } else if child.is(MetadataNamespace.metadata, "Extensions") {
                readAlgorithmSupport(child, signing: &signingMethods, digest: &digestMethods)
            } else if child.is(MetadataNamespace.metadata, "Organization") {
                organization = readOrganization(child)
            }
        }
        guard let descriptor else { return (validUntil, cacheDuration) }

        let effective = earliest(earliest(enclosingValidUntil, validUntil), descriptor.descriptor.validUntil)
        identityProviders.append(
            IdentityProviderEntity(
                entityID: Located(entityID, line: entity.line), validUntil: validUntil, cacheDuration: cacheDuration,
                effectiveValidUntil: effective, descriptor: descriptor.descriptor,
                displayNames: descriptor.displayNames, organization: organization,
                signingMethods: signingMethods + descriptor.signingMethods,
                digestMethods: digestMethods + descriptor.digestMethods))
        return (validUntil, cacheDuration)
    }

    /// Collects `alg:SigningMethod` and `alg:DigestMethod` from an `Extensions` element.
    mutating func readAlgorithmSupport(
        _ extensions: XMLElement,
        signing: inout [Located<String>],
        digest: inout [Located<String>]
    ) {
        for child in extensions.children {
            let isSigning = child.is(MetadataNamespace.algorithmSupport, "SigningMethod")
            guard isSigning || child.is(MetadataNamespace.algorithmSupport, "DigestMethod") else { continue }
            guard let algorithm = child.attribute("Algorithm") else {
                warn("an 'alg:\(child.localName)' has no 'Algorithm' attribute; it is ignored", at: child.line)
                continue
            }
            if isSigning {
                signing.append(Located(algorithm, line: child.line))
            } else {
                digest.append(Located(algorithm, line: child.line))
            }
        }
    }

    /// Reads an `Organization` element.
    private func readOrganization(_ element: XMLElement) -> Organization {
        var names: [LocalizedName] = []
        var displayNames: [LocalizedName] = []
        var urls: [LocalizedName] = []
        for child in element.children {
            let value = LocalizedName(language: child.language, name: child.trimmedText)
            if child.is(MetadataNamespace.metadata, "OrganizationName") {
                names.append(value)
            } else if child.is(MetadataNamespace.metadata, "OrganizationDisplayName") {
                displayNames.append(value)
            } else if child.is(MetadataNamespace.metadata, "OrganizationURL") {
                urls.append(value)
            }
        }
        return Organization(names: names, displayNames: displayNames, urls: urls, line: element.line)
    }

    // MARK: - Validity

    /// Reads `validUntil`; a value that does not parse is an error-level item, never silently dropped.
    mutating func readValidUntil(of element: XMLElement) -> Located<Date>? {
        guard let text = element.attribute("validUntil") else { return nil }
        guard let date = SchemaDateTime.parse(text) else {
            warn(
                "'validUntil' value '\(text)' on '\(element.localName)' is not a valid xs:dateTime; "
                    + "the metadata's expiry cannot be checked",
                at: element.line, severity: .error)
            return nil
        }
        return Located(date, line: element.line)
    }

    /// Reads `cacheDuration`; a value that does not parse is a warning.
    mutating func readCacheDuration(of element: XMLElement) -> Located<MetadataDuration>? {
        guard let text = element.attribute("cacheDuration") else { return nil }
        guard let duration = MetadataDuration(parsing: text) else {
            warn(
                "'cacheDuration' value '\(text)' on '\(element.localName)' is not a non-negative xs:duration; "
                    + "it is ignored",
                at: element.line)
            return nil
        }
        return Located(duration, line: element.line)
    }

    /// Decodes every pending certificate at once and puts OpenSSL's verdicts into the model,
    /// visiting entries in the same order the walk collected them.
    private mutating func fillInCertificates() {
        guard !pendingCertificates.isEmpty else { return }
        let skipped = Result<CertificateDetails, CertificateParseError>.failure(
            CertificateParseError(reason: "not decoded: the entity was not selected for decoding"))
        var selected: [[UInt8]] = []
        var isSelected: [Bool] = []
        var cursor = 0
        for provider in identityProviders {
            let wanted = decodedEntityIDs.map { $0.contains(provider.entityID.value) } ?? true
            for entry in provider.descriptor.keyDescriptors.flatMap(\.certificates)
            where entry.parsed == .failure(CertificateEntry.pendingDecode) {
                if wanted { selected.append(pendingCertificates[cursor]) }
                isSelected.append(wanted)
                cursor += 1
            }
        }
        var decoded = CertificateBatch.read(selected).makeIterator()
        var verdicts = isSelected.map { $0 ? (decoded.next() ?? skipped) : skipped }.makeIterator()
        for provider in identityProviders.indices {
            for key in identityProviders[provider].descriptor.keyDescriptors.indices {
                for index in identityProviders[provider].descriptor.keyDescriptors[key].certificates.indices {
                    let entry = identityProviders[provider].descriptor.keyDescriptors[key].certificates[index]
                    guard entry.parsed == .failure(CertificateEntry.pendingDecode), let verdict = verdicts.next()
                    else { continue }
                    identityProviders[provider].descriptor.keyDescriptors[key].certificates[index].parsed = verdict
                }
            }
        }
    }

    private func earliest(_ first: Located<Date>?, _ second: Located<Date>?) -> Located<Date>? {
        guard let first else { return second }
        guard let second else { return first }
        return second.value < first.value ? second : first
    }

    mutating func warn(_ message: String, at line: Int, severity: MetadataWarning.Severity = .warning) {
        warnings.append(MetadataWarning(message: message, line: line, severity: severity))
    }
}
