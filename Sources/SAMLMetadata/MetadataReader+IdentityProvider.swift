extension MetadataReader {
    /// What an `IDPSSODescriptor` contributes to its entity.
    struct DescriptorContent {
        var descriptor: IDPSSODescriptor
        var displayNames: [Located<LocalizedName>]
        var signingMethods: [Located<String>]
        var digestMethods: [Located<String>]
    }

    /// Reads an `IDPSSODescriptor`: keys, endpoints, NameID formats and its Extensions.
    mutating func readIdentityProviderDescriptor(_ element: XMLElement) -> DescriptorContent {
        let protocols = (element.attribute("protocolSupportEnumeration") ?? "")
            .split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            .map(String.init)
        var descriptor = IDPSSODescriptor(
            line: element.line, protocolSupportEnumeration: protocols,
            wantAuthnRequestsSigned: readWantAuthnRequestsSigned(element),
            validUntil: readValidUntil(of: element), cacheDuration: readCacheDuration(of: element),
            keyDescriptors: [], singleSignOnServices: [], singleLogoutServices: [], nameIDFormats: [])
        var content = DescriptorContent(descriptor: descriptor, displayNames: [], signingMethods: [], digestMethods: [])

        for child in element.children {
            if child.is(MetadataNamespace.metadata, "KeyDescriptor") {
                if let key = readKeyDescriptor(child) { descriptor.keyDescriptors.append(key) }
            } else if child.is(MetadataNamespace.metadata, "SingleSignOnService") {
                if let endpoint = readEndpoint(child) { descriptor.singleSignOnServices.append(endpoint) }
            } else if child.is(MetadataNamespace.metadata, "SingleLogoutService") {
                if let endpoint = readEndpoint(child) { descriptor.singleLogoutServices.append(endpoint) }
            } else if child.is(MetadataNamespace.metadata, "NameIDFormat") {
                descriptor.nameIDFormats.append(Located(child.trimmedText, line: child.line))
            } else if child.is(MetadataNamespace.metadata, "Extensions") {
                readAlgorithmSupport(child, signing: &content.signingMethods, digest: &content.digestMethods)
                content.displayNames += readDisplayNames(child)
            }
        }
        content.descriptor = descriptor
        return content
    }

    /// Reads `WantAuthnRequestsSigned` as an `xs:boolean`.
    private mutating func readWantAuthnRequestsSigned(_ element: XMLElement) -> Bool {
        guard let raw = element.attribute("WantAuthnRequestsSigned") else { return false }
        switch raw.trimmingCharacters(in: .whitespacesAndNewlines) {
        case "true", "1":
            return true
        case "false", "0":
            return false
        default:
            // Signing a request the IdP does not need is harmless; not signing one it needs fails logins.
            warn("'WantAuthnRequestsSigned' value '\(raw)' is not an xs:boolean; it is read as 'true'",
                at: element.line)
            return true
        }
    }

    /// Reads a `KeyDescriptor` and every `ds:X509Certificate` in its `ds:KeyInfo`.
    ///
    /// - Returns: nil when the `use` attribute has a value other than `signing` or `encryption`.
    private mutating func readKeyDescriptor(_ element: XMLElement) -> KeyDescriptor? {
        let use: KeyDescriptor.Use
        switch element.attribute("use")?.trimmingCharacters(in: .whitespacesAndNewlines) {
        case nil: use = .unspecified
        case "signing": use = .signing
        case "encryption": use = .encryption
        case let other?:
            // An unknown purpose must not silently turn a key into a signing key.
            warn("'KeyDescriptor' has 'use' value '\(other)' (expected 'signing' or 'encryption'); "
                + "the key is ignored", at: element.line)
            return nil
        }

        var certificates: [CertificateEntry] = []
        for keyInfo in element.children where keyInfo.is(MetadataNamespace.signature, "KeyInfo") {
            for data in keyInfo.children where data.is(MetadataNamespace.signature, "X509Data") {
                for certificate in data.children where certificate.is(MetadataNamespace.signature, "X509Certificate") {
                    let (entry, der) = CertificateEntry.reading(certificate)
                    certificates.append(entry)
                    if let der { pendingCertificates.append(der) }
                }
            }
        }
        if certificates.isEmpty {
            warn("'KeyDescriptor' has no 'ds:X509Certificate'; there is no key to pin from it", at: element.line)
        }
        return KeyDescriptor(use: use, line: element.line, certificates: certificates)
    }

    /// Reads a `SingleSignOnService` or `SingleLogoutService`; nil when `Binding` or `Location` is missing.
    private mutating func readEndpoint(_ element: XMLElement) -> EndpointDescription? {
        guard let binding = element.attribute("Binding"), let location = element.attribute("Location") else {
            warn("'\(element.localName)' needs both 'Binding' and 'Location'; it is ignored", at: element.line)
            return nil
        }
        return EndpointDescription(
            binding: binding, location: location, responseLocation: element.attribute("ResponseLocation"),
            line: element.line)
    }

    /// Reads `mdui:UIInfo/mdui:DisplayName` values from an `Extensions` element.
    private func readDisplayNames(_ extensions: XMLElement) -> [Located<LocalizedName>] {
        var names: [Located<LocalizedName>] = []
        for info in extensions.children where info.is(MetadataNamespace.userInterface, "UIInfo") {
            for name in info.children where name.is(MetadataNamespace.userInterface, "DisplayName") {
                names.append(Located(LocalizedName(language: name.language, name: name.trimmedText), line: name.line))
            }
        }
        return names
    }
}
