import Dispatch

/// Decodes many DER certificates with OpenSSL, each distinct one once, spread over the CPU cores.
///
/// Decoding is the largest cost of a large aggregate after the XML parse itself; identical
/// certificates (an IdP that lists one key for signing and for encryption) are decoded once, and
/// the rest run in parallel.
enum CertificateBatch {
    /// Below this many distinct certificates, threads cost more than they save.
    private static let parallelThreshold = 16

    /// - Returns: one verdict per input, in input order.
    static func read(_ certificates: [[UInt8]]) -> [Result<CertificateDetails, CertificateParseError>] {
        var slots: [DERKey: Int] = [:]
        var distinct: [[UInt8]] = []
        let slotOfInput = certificates.map { der in
            if let slot = slots[DERKey(bytes: der)] { return slot }
            slots[DERKey(bytes: der)] = distinct.count
            distinct.append(der)
            return distinct.count - 1
        }

        let verdicts = decode(distinct)
        return slotOfInput.map { verdicts[$0] }
    }

    private static func decode(_ distinct: [[UInt8]]) -> [Result<CertificateDetails, CertificateParseError>] {
        guard distinct.count >= parallelThreshold else { return distinct.map(CertificateDetails.read(der:)) }

        let placeholder: Result<CertificateDetails, CertificateParseError> = .failure(CertificateEntry.pendingDecode)
        var verdicts = Array(repeating: placeholder, count: distinct.count)
        let workers = min(distinct.count, 64)
        verdicts.withUnsafeMutableBufferPointer { output in
            // Each worker writes only the slots congruent to its own index: no two writers share a slot.
            let shared = SendableBuffer(base: output)
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                for index in stride(from: worker, to: distinct.count, by: workers) {
                    shared.base[index] = CertificateDetails.read(der: distinct[index])
                }
            }
        }
        return verdicts
    }
}

/// A buffer written by several workers at disjoint indices.
private struct SendableBuffer<Element>: @unchecked Sendable {
    let base: UnsafeMutableBufferPointer<Element>
}

/// DER bytes as a dictionary key, hashed in one call rather than byte by byte.
private struct DERKey: Hashable {
    let bytes: [UInt8]

    func hash(into hasher: inout Hasher) {
        bytes.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}
