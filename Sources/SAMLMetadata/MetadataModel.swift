import Foundation

/// A value read from metadata together with the line of the element it came from.
public struct Located<Value: Sendable & Hashable>: Sendable, Hashable {
    public var value: Value
    /// The 1-based line in the metadata file.
    public var line: Int

    public init(_ value: Value, line: Int) {
        self.value = value
        self.line = line
    }
}

/// A parsed metadata file: one `EntityDescriptor`, or an `EntitiesDescriptor` aggregate.
public struct MetadataDocument: Sendable, Hashable {
    /// The file name as given to the parser (used in diagnostics and provenance).
    public var fileName: String
    /// Lowercase hex SHA-256 of the file's bytes.
    public var sha256: String
    /// The root element's local name: `EntityDescriptor` or `EntitiesDescriptor`.
    public var rootElement: String
    /// `validUntil` on the root element.
    public var validUntil: Located<Date>?
    /// `cacheDuration` on the root element.
    public var cacheDuration: Located<MetadataDuration>?
    /// Every entity that has an `IDPSSODescriptor`, in document order (nested aggregates flattened).
    public var identityProviders: [IdentityProviderEntity]
    /// Entity IDs of all entities in the file, IdPs or not, in document order.
    public var allEntityIDs: [String]
    /// Problems found while reading that did not stop the parse (an unsupported element value, …).
    public var warnings: [MetadataWarning]

    public init(
        fileName: String, sha256: String, rootElement: String,
        validUntil: Located<Date>? = nil, cacheDuration: Located<MetadataDuration>? = nil,
        identityProviders: [IdentityProviderEntity], allEntityIDs: [String], warnings: [MetadataWarning] = []
    ) {
        self.fileName = fileName
        self.sha256 = sha256
        self.rootElement = rootElement
        self.validUntil = validUntil
        self.cacheDuration = cacheDuration
        self.identityProviders = identityProviders
        self.allEntityIDs = allEntityIDs
        self.warnings = warnings
    }
}

/// Something in the metadata worth telling the user about that did not stop parsing.
///
/// Most items are warnings. A `validUntil` that is not a valid `xs:dateTime` is reported with
/// severity `.error` instead: the value is left out of the model (and of
/// `effectiveValidUntil`), so silently ignoring it could make expired metadata look valid.
/// A consumer must refuse the metadata (or demand an explicit override) when any item is an error.
public struct MetadataWarning: Sendable, Hashable {
    /// How serious an item is.
    public enum Severity: String, Sendable, Hashable {
        /// Worth reading; the parsed model is still trustworthy.
        case warning
        /// Part of the model could not be read in a way that matters for trust.
        case error
    }

    public var message: String
    public var line: Int
    public var severity: Severity

    public init(message: String, line: Int, severity: Severity = .warning) {
        self.message = message
        self.line = line
        self.severity = severity
    }
}

/// An `xs:duration`, such as `PT15M` or `P0Y0M0DT0H15M0.000S`.
public struct MetadataDuration: Sendable, Hashable {
    /// The text as written.
    public var text: String
    /// The duration in seconds (years count 365 days, months 30 days).
    public var seconds: Double

    public init(text: String, seconds: Double) {
        self.text = text
        self.seconds = seconds
    }
}

/// An `EntityDescriptor` that contains an `IDPSSODescriptor`.
public struct IdentityProviderEntity: Sendable, Hashable {
    /// The `entityID` attribute, at the `EntityDescriptor`'s line.
    public var entityID: Located<String>
    /// `validUntil` on the entity itself.
    public var validUntil: Located<Date>?
    /// `cacheDuration` on the entity itself.
    public var cacheDuration: Located<MetadataDuration>?
    /// The earliest `validUntil` among the entity and every enclosing `EntitiesDescriptor`.
    public var effectiveValidUntil: Located<Date>?
    /// The `IDPSSODescriptor` (the first one, if there are several).
    public var descriptor: IDPSSODescriptor
    /// `mdui:DisplayName` values (language tag, name), from the IDPSSODescriptor's UIInfo.
    public var displayNames: [Located<LocalizedName>]
    /// The `Organization` element, if any.
    public var organization: Organization?
    /// `alg:SigningMethod` Algorithm URIs, from the entity's or the descriptor's Extensions.
    public var signingMethods: [Located<String>]
    /// `alg:DigestMethod` Algorithm URIs, from the entity's or the descriptor's Extensions.
    public var digestMethods: [Located<String>]

    public init(
        entityID: Located<String>, validUntil: Located<Date>? = nil, cacheDuration: Located<MetadataDuration>? = nil,
        effectiveValidUntil: Located<Date>? = nil, descriptor: IDPSSODescriptor,
        displayNames: [Located<LocalizedName>] = [], organization: Organization? = nil,
        signingMethods: [Located<String>] = [], digestMethods: [Located<String>] = []
    ) {
        self.entityID = entityID
        self.validUntil = validUntil
        self.cacheDuration = cacheDuration
        self.effectiveValidUntil = effectiveValidUntil
        self.descriptor = descriptor
        self.displayNames = displayNames
        self.organization = organization
        self.signingMethods = signingMethods
        self.digestMethods = digestMethods
    }
}

/// A name with its `xml:lang`.
public struct LocalizedName: Sendable, Hashable {
    public var language: String?
    public var name: String

    public init(language: String?, name: String) {
        self.language = language
        self.name = name
    }
}

/// The `Organization` element of an entity.
public struct Organization: Sendable, Hashable {
    public var names: [LocalizedName]
    public var displayNames: [LocalizedName]
    public var urls: [LocalizedName]
    public var line: Int

    public init(names: [LocalizedName], displayNames: [LocalizedName], urls: [LocalizedName], line: Int) {
        self.names = names
        self.displayNames = displayNames
        self.urls = urls
        self.line = line
    }
}

/// The `IDPSSODescriptor` role of an entity.
public struct IDPSSODescriptor: Sendable, Hashable {
    public var line: Int
    /// `protocolSupportEnumeration`, split on whitespace.
    public var protocolSupportEnumeration: [String]
    /// `WantAuthnRequestsSigned` (false when absent).
    public var wantAuthnRequestsSigned: Bool
    public var validUntil: Located<Date>?
    public var cacheDuration: Located<MetadataDuration>?
    public var keyDescriptors: [KeyDescriptor]
    public var singleSignOnServices: [EndpointDescription]
    public var singleLogoutServices: [EndpointDescription]
    public var nameIDFormats: [Located<String>]

    public init(
        line: Int, protocolSupportEnumeration: [String], wantAuthnRequestsSigned: Bool,
        validUntil: Located<Date>? = nil, cacheDuration: Located<MetadataDuration>? = nil,
        keyDescriptors: [KeyDescriptor], singleSignOnServices: [EndpointDescription],
        singleLogoutServices: [EndpointDescription], nameIDFormats: [Located<String>]
    ) {
        self.line = line
        self.protocolSupportEnumeration = protocolSupportEnumeration
        self.wantAuthnRequestsSigned = wantAuthnRequestsSigned
        self.validUntil = validUntil
        self.cacheDuration = cacheDuration
        self.keyDescriptors = keyDescriptors
        self.singleSignOnServices = singleSignOnServices
        self.singleLogoutServices = singleLogoutServices
        self.nameIDFormats = nameIDFormats
    }

    /// Certificates usable for signing: the first certificate of each KeyDescriptor with
    /// `use="signing"` or no `use`.
    ///
    /// Further certificates in the same KeyDescriptor are its chain (an issuing CA, say), never
    /// keys of the IdP: pinning a CA's key would trust everything its holder signs. They are in
    /// `chainCertificates`.
    public var signingCertificates: [CertificateEntry] {
        keyDescriptors.filter { $0.use != .encryption }.compactMap(\.certificates.first)
    }

    /// Certificates usable for encryption: the first certificate of each KeyDescriptor with
    /// `use="encryption"` or no `use`.
    public var encryptionCertificates: [CertificateEntry] {
        keyDescriptors.filter { $0.use != .signing }.compactMap(\.certificates.first)
    }

    /// Certificates after the first in a KeyDescriptor, which are never pinned.
    public var chainCertificates: [CertificateEntry] {
        keyDescriptors.flatMap { $0.certificates.dropFirst() }
    }
}

/// A `SingleSignOnService` or `SingleLogoutService` element.
public struct EndpointDescription: Sendable, Hashable {
    /// The Binding URI exactly as written.
    public var binding: String
    public var location: String
    public var responseLocation: String?
    public var line: Int

    public init(binding: String, location: String, responseLocation: String? = nil, line: Int) {
        self.binding = binding
        self.location = location
        self.responseLocation = responseLocation
        self.line = line
    }
}

/// A `KeyDescriptor` element.
public struct KeyDescriptor: Sendable, Hashable {
    public enum Use: String, Sendable, Hashable {
        case signing, encryption
        /// No `use` attribute: the key serves both purposes.
        case unspecified
    }

    public var use: Use
    public var line: Int
    /// Each `ds:X509Certificate` inside, in order.
    public var certificates: [CertificateEntry]

    public init(use: Use, line: Int, certificates: [CertificateEntry]) {
        self.use = use
        self.line = line
        self.certificates = certificates
    }
}

/// One `ds:X509Certificate` element and what OpenSSL made of it.
public struct CertificateEntry: Sendable, Hashable {
    /// The line of the `ds:X509Certificate` element.
    public var line: Int
    /// The base64 text with all whitespace (and `&#13;`) removed.
    public var base64: String
    /// The parsed certificate, or why it could not be parsed.
    public var parsed: Result<CertificateDetails, CertificateParseError>

    public init(line: Int, base64: String, parsed: Result<CertificateDetails, CertificateParseError>) {
        self.line = line
        self.base64 = base64
        self.parsed = parsed
    }
}

/// What a certificate says about itself, as read by OpenSSL.
public struct CertificateDetails: Sendable, Hashable {
    public enum KeyType: Sendable, Hashable, CustomStringConvertible {
        case rsa
        /// An elliptic-curve key, with the curve's short name (`prime256v1`).
        case ec(curve: String)
        /// Anything else, with OpenSSL's name for it.
        case other(String)

        public var description: String {
            switch self {
            case .rsa: return "RSA"
            case .ec(let curve): return "EC \(curve)"
            case .other(let name): return name
            }
        }
    }

    public var der: [UInt8]
    public var subject: String
    public var issuer: String
    /// The serial number in uppercase hex.
    public var serialNumber: String
    public var notBefore: Date
    public var notAfter: Date
    public var keyType: KeyType
    public var keyBits: Int
    /// The certificate's own signature algorithm (`sha256WithRSAEncryption`).
    public var signatureAlgorithm: String
    /// Uppercase hex pairs separated by colons.
    public var sha256Fingerprint: String

    public init(
        der: [UInt8], subject: String, issuer: String, serialNumber: String, notBefore: Date, notAfter: Date,
        keyType: KeyType, keyBits: Int, signatureAlgorithm: String, sha256Fingerprint: String
    ) {
        self.der = der
        self.subject = subject
        self.issuer = issuer
        self.serialNumber = serialNumber
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.keyType = keyType
        self.keyBits = keyBits
        self.signatureAlgorithm = signatureAlgorithm
        self.sha256Fingerprint = sha256Fingerprint
    }
}

/// Why a `ds:X509Certificate` could not be used.
public struct CertificateParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String

    public init(reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}

/// Why a metadata file could not be parsed at all.
public struct MetadataParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var fileName: String
    /// The 1-based line, or 0 when no line applies.
    public var line: Int
    public var message: String

    public init(fileName: String, line: Int, message: String) {
        self.fileName = fileName
        self.line = line
        self.message = message
    }

    public var description: String { "\(fileName):\(line): error: \(message)" }
}
