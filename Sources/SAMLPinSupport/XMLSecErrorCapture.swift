import CXMLSec

/// Keeps libxmlsec1's error reports out of the process's output.
///
/// xmlsec reports every failure, including those an attacker can trigger at will, through one
/// process-wide callback. A verifier reports through typed errors instead, so the callback
/// installed here discards the reports; any failure still reaches the caller as a return code
/// or status and becomes a rejection.
package enum XMLSecErrorCapture {
    private static let installed: Bool = {
        xmlSecErrorsSetCallback(discardXMLSecError)
        return true
    }()

    /// Installs the callback once per process.
    package static func install() {
        _ = installed
    }
}

/// The xmlsec error callback: a plain global function, so it never hops to an actor.
private func discardXMLSecError(
    _ file: UnsafePointer<CChar>?,
    _ line: Int32,
    _ function: UnsafePointer<CChar>?,
    _ errorObject: UnsafePointer<CChar>?,
    _ errorSubject: UnsafePointer<CChar>?,
    _ reason: Int32,
    _ message: UnsafePointer<CChar>?
) {}
