import CXMLSec

#if canImport(Glibc)
import Glibc
#endif

/// Keeps libxmlsec1's error reports out of the process's output, and notes on the reporting
/// thread whether libxml2's canonicalizer was among the failures.
///
/// xmlsec reports every failure, including those an attacker can trigger at will, through one
/// process-wide callback. A verifier reports through typed errors instead, so the callback
/// installed here discards the reports; any failure still reaches the caller as a return code
/// or status and becomes a rejection. The one fact kept is whether `xmlC14NExecute` failed, so
/// that a canonicalization that cannot run (the void-canonicalization class) is reported as
/// such by both signature engines.
package enum XMLSecErrorCapture {
    private static let installed: Bool = {
        xmlSecErrorsSetCallback(discardXMLSecError)
        return true
    }()

    /// Installs the callback once per process.
    package static func install() {
        _ = installed
    }

    /// Forgets, for the calling thread, any canonicalization failure noted so far.
    package static func resetCanonicalizationFailure() {
        pthread_setspecific(canonicalizationFailureKey, nil)
    }

    /// Whether xmlsec reported, on the calling thread since the last reset, that libxml2's
    /// canonicalizer failed.
    package static var canonicalizationFailed: Bool {
        pthread_getspecific(canonicalizationFailureKey) != nil
    }
}

/// The thread-specific flag behind `XMLSecErrorCapture.canonicalizationFailed`: xmlsec calls its
/// error callback on the thread that runs the verification, and verifications run concurrently.
private let canonicalizationFailureKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// The xmlsec error callback: a plain global function, so it never hops to an actor.
private func discardXMLSecError(
    _ file: UnsafePointer<CChar>?,
    _ line: Int32,
    _ function: UnsafePointer<CChar>?,
    _ errorObject: UnsafePointer<CChar>?,
    _ errorSubject: UnsafePointer<CChar>?,
    _ reason: Int32,
    _ message: UnsafePointer<CChar>?
) {
    // xmlsec names the failed libxml2 function as the error's subject.
    if let errorSubject, strcmp(errorSubject, "xmlC14NExecute") == 0 {
        pthread_setspecific(canonicalizationFailureKey, UnsafeRawPointer(bitPattern: 1))
    }
}
