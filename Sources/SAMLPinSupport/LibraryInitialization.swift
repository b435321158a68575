@preconcurrency import CLibXML2
import CXMLSec

/// One-time, process-wide initialisation of libxml2 and libxmlsec1 (OpenSSL backend).
///
/// The order is fixed by the libraries: libxml2 first, then xmlsec's core, then its
/// OpenSSL application layer and crypto engine. A `static let` runs its initialiser exactly
/// once, thread-safely, before any parse or verification can start.
package enum LibraryInitialization {
    private static let outcome: Result<Void, LibraryInitializationError> = {
        xmlInitParser()

        // A header/library mismatch would corrupt memory silently; refuse to go on instead.
        guard samlpin_xmlsec_size_width() == 4 else {
            return .failure(LibraryInitializationError(reason: "xmlSecSize is not 4 bytes wide"))
        }
        guard xmlSecInit() >= 0 else {
            return .failure(LibraryInitializationError(reason: "xmlSecInit failed"))
        }
        guard samlpin_xmlsec_check_version() == 1 else {
            return .failure(LibraryInitializationError(reason: "libxmlsec1 is not ABI compatible with its headers"))
        }
        guard xmlSecOpenSSLAppInit(nil) >= 0 else {
            return .failure(LibraryInitializationError(reason: "xmlSecOpenSSLAppInit failed"))
        }
        guard xmlSecOpenSSLInit() >= 0 else {
            return .failure(LibraryInitializationError(reason: "xmlSecOpenSSLInit failed"))
        }

        // xmlsec prints every failure to stderr by default; a verifier reports through
        // typed errors instead, and a server must not leak attacker-driven text to its logs.
        xmlSecErrorsDefaultCallbackEnableOutput(0)
        return .success(())
    }()

    /// Initialises the libraries on first use.
    ///
    /// - Throws: `LibraryInitializationError` when the libraries cannot be initialised; this
    ///   is permanent for the process.
    package static func ensure() throws(LibraryInitializationError) {
        try outcome.get()
    }
}

/// libxml2 or libxmlsec1 could not be initialised.
package struct LibraryInitializationError: Error, CustomStringConvertible, Sendable {
    package let reason: String
    package var description: String { "could not initialise the XML security libraries: \(reason)" }
}
