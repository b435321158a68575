@preconcurrency import CLibXML2
import CXMLSec

/// A pinned public key loaded once into libxmlsec1, shared read-only by every verification.
///
/// A DSig context takes ownership of its `signKey` and destroys it, so a verification never
/// receives this master key: it receives a duplicate from `duplicate()`.
package final class XMLSecPinnedKey: @unchecked Sendable {
    /// The public key algorithm family, used to skip keys that cannot match a SignatureMethod.
    package enum Family: Sendable, Hashable {
        case rsa
        case ecdsa
        case other
    }

    private let master: xmlSecKeyPtr
    /// The key's algorithm family.
    package let family: Family

    /// Loads the public key of a DER-encoded X.509 certificate.
    ///
    /// Only the key is trusted; the certificate's chain and dates play no part in verification.
    ///
    /// - Parameter certificateDER: the certificate bytes.
    /// - Throws: `XMLSecFailure` when the bytes are not a certificate xmlsec can load.
    package init(certificateDER: [UInt8]) throws(XMLSecFailure) {
        do {
            try LibraryInitialization.ensure()
        } catch {
            throw XMLSecFailure(reason: error.description)
        }
        guard !certificateDER.isEmpty, certificateDER.count <= Int(UInt32.max) else {
            throw XMLSecFailure(reason: "the certificate is empty")
        }
        XMLSecErrorCapture.install()
        let loaded = certificateDER.withUnsafeBufferPointer { buffer in
            xmlSecOpenSSLAppKeyLoadMemory(
                buffer.baseAddress, UInt32(buffer.count), xmlSecKeyDataFormatCertDer, nil, nil, nil
            )
        }
        guard let loaded else { throw XMLSecFailure(reason: "xmlsec could not load the certificate's key") }
        defer { xmlSecKeyDestroy(loaded) }
        // Keep only the public key: duplicating a key that still holds its certificate copies the
        // certificate (a DER round trip in OpenSSL 3) on every verification, for nothing.
        guard let value = xmlSecKeyGetValue(loaded), let bare = xmlSecKeyCreate() else {
            throw XMLSecFailure(reason: "the certificate carries no usable public key")
        }
        guard let copy = xmlSecKeyDataDuplicate(value) else {
            xmlSecKeyDestroy(bare)
            throw XMLSecFailure(reason: "xmlsec could not copy the public key")
        }
        guard xmlSecKeySetValue(bare, copy) == 0 else {
            xmlSecKeyDataDestroy(copy)
            xmlSecKeyDestroy(bare)
            throw XMLSecFailure(reason: "xmlsec could not hold the public key")
        }
        let klass = value.pointee.id
        if klass == xmlSecOpenSSLKeyDataRsaGetKlass() {
            family = .rsa
        } else if klass == xmlSecOpenSSLKeyDataEcdsaGetKlass() {
            family = .ecdsa
        } else {
            family = .other
        }
        master = bare
    }

    deinit {
        xmlSecKeyDestroy(master)
    }

    /// A fresh copy of the key for one DSig context, which will own and destroy it; nil when
    /// xmlsec cannot allocate one.
    package func duplicate() -> xmlSecKeyPtr? {
        xmlSecKeyDuplicate(master)
    }
}

/// libxmlsec1 refused an operation.
package struct XMLSecFailure: Error, Sendable, CustomStringConvertible {
    package let reason: String
    package init(reason: String) { self.reason = reason }
    package var description: String { reason }
}
