@preconcurrency import CLibXML2
import COpenSSL

/// Exclusive XML canonicalization (without comments) of one subtree, streamed into an OpenSSL
/// digest or signature-verification context.
///
/// libxml2's `xmlC14NExecute` walks the whole document and asks a visibility callback about every
/// node, attribute and namespace node. The callback here answers exactly as libxmlsec1's node sets
/// do for a same-document `#id` reference with the enveloped-signature transform: a node is visible
/// when it lies in the subtree of `root` and not in the subtree of `excluded`; comments are never
/// visible. The canonical bytes are never held in memory: libxml2 hands them over in chunks.
package enum ExclusiveCanonicalizer {
    /// Where the canonical bytes go.
    package enum Sink {
        /// `EVP_DigestUpdate` on a context set up with `EVP_DigestInit_ex`.
        case digest(OpaquePointer)
        /// `EVP_DigestVerifyUpdate` on a context set up with `EVP_DigestVerifyInit`.
        case verification(OpaquePointer)
        /// Appended to a collector, for comparing canonical forms byte for byte.
        case collect(CanonicalBytes)
    }

    /// Canonical bytes kept in memory; only for tests that compare two canonicalizers.
    package final class CanonicalBytes {
        package var bytes: [UInt8] = []

        package init() {}
    }

    /// Canonicalizes the subtree of `root`, leaving out the subtree of `excluded`.
    ///
    /// - Parameters:
    ///   - root: the element whose subtree is canonicalized.
    ///   - excluded: an element whose subtree is left out (the enveloped signature), or nil.
    ///   - prefixes: the InclusiveNamespaces PrefixList, already split, or nil when there is none.
    ///   - sink: the OpenSSL context that receives the bytes.
    ///   - walk: where libxml2's walk starts; see `Walk`.
    /// - Returns: the number of bytes produced, or nil when libxml2 or OpenSSL failed.
    package static func canonicalize(
        _ root: xmlNodePtr,
        excluding excluded: xmlNodePtr?,
        prefixes: InclusivePrefixList?,
        into sink: Sink,
        walk: Walk = .wholeDocument
    ) -> Int? {
        guard let realDocument = root.pointee.doc else { return nil }
        // A shallow copy of the document node whose child list starts at `root`: libxml2 then
        // walks `root` and its following siblings only. Every node it skips is invisible anyway,
        // and invisible ancestors leave no state in libxml2's exclusive c14n (nothing is rendered
        // or pushed on its namespace stack for them), so the bytes are the same.
        var shallowDocument = realDocument.pointee
        if walk == .fromRoot { shallowDocument.children = root }
        return withUnsafeMutablePointer(to: &shallowDocument) { document in
            canonicalize(root, excluding: excluded, prefixes: prefixes, into: sink, document: document)
        }
    }

    /// Where libxml2's walk starts.
    package enum Walk {
        /// At the document node: every element is visited, so a relative namespace URI anywhere
        /// in the document fails the canonicalization.
        case wholeDocument
        /// At the root, skipping its ancestors and preceding nodes. Only for a document that
        /// already passed a `.wholeDocument` canonicalization, which checked every element.
        case fromRoot
    }

    private static func canonicalize(
        _ root: xmlNodePtr,
        excluding excluded: xmlNodePtr?,
        prefixes: InclusivePrefixList?,
        into sink: Sink,
        document: xmlDocPtr
    ) -> Int? {
        var visibility = CanonicalVisibility(root: root, excluded: excluded, excludedHoldsRoot: false)
        // An excluded subtree around the root would hide everything; the walk then says so.
        if let excluded {
            var cursor: xmlNodePtr? = root
            while let node = cursor {
                if node == excluded { visibility.excludedHoldsRoot = true }
                cursor = node.pointee.parent
            }
        }
        var output = CanonicalOutput(sink: sink)
        return withUnsafeMutablePointer(to: &output) { outputPointer in
            guard let buffer = xmlOutputBufferCreateIO(writeCanonicalBytes, nil, outputPointer, nil) else {
                return nil
            }
            let result = withUnsafeMutablePointer(to: &visibility) { visibilityPointer in
                xmlC14NExecute(
                    document, isVisible, visibilityPointer, Int32(XML_C14N_EXCLUSIVE_1_0.rawValue), prefixes?.cArray, 0,
                    buffer
                )
            }
            let closed = xmlOutputBufferClose(buffer)
            // Any libxml2 error (a relative namespace URI, for one) or OpenSSL error is fatal.
            guard result >= 0, closed >= 0, !outputPointer.pointee.failed else { return nil }
            return outputPointer.pointee.count
        }
    }
}

/// The visibility callback: in the subtree of the root, outside the excluded subtree, not a comment.
private func isVisible(
    _ context: UnsafeMutableRawPointer?,
    _ node: xmlNodePtr?,
    _ parent: xmlNodePtr?
) -> Int32 {
    guard let context, let node else { return 0 }
    let visibility = context.assumingMemoryBound(to: CanonicalVisibility.self)
    // Comments are outside a same-document `#id` reference.
    if node.pointee.type == XML_COMMENT_NODE { return 0 }
    // A namespace node is not an xmlNode: only its element (passed as parent) has a parent chain.
    var cursor: xmlNodePtr? = node.pointee.type == XML_NAMESPACE_DECL ? parent : node
    if node.pointee.type == XML_ATTRIBUTE_NODE { cursor = parent }
    while let current = cursor {
        if current == visibility.pointee.excluded { return 0 }
        if current == visibility.pointee.root { return visibility.pointee.excludedHoldsRoot ? 0 : 1 }
        cursor = current.pointee.parent
    }
    return 0
}

/// What the visibility callback needs.
private struct CanonicalVisibility {
    let root: xmlNodePtr
    let excluded: xmlNodePtr?
    var excludedHoldsRoot: Bool
}

/// What the output callback needs.
private struct CanonicalOutput {
    let sink: ExclusiveCanonicalizer.Sink
    var count = 0
    var failed = false
}

/// The output callback: hands each chunk of canonical bytes to OpenSSL.
private func writeCanonicalBytes(
    _ context: UnsafeMutableRawPointer?,
    _ bytes: UnsafePointer<CChar>?,
    _ length: Int32
) -> Int32 {
    guard let context, length >= 0 else { return -1 }
    let output = context.assumingMemoryBound(to: CanonicalOutput.self)
    guard length > 0 else { return 0 }
    guard let bytes else { return -1 }
    let accepted: Int32
    switch output.pointee.sink {
    case .digest(let digest):
        accepted = EVP_DigestUpdate(digest, bytes, Int(length))
    case .verification(let verification):
        accepted = EVP_DigestVerifyUpdate(verification, bytes, Int(length))
    case .collect(let collector):
        bytes.withMemoryRebound(to: UInt8.self, capacity: Int(length)) { start in
            collector.bytes.append(contentsOf: UnsafeBufferPointer(start: start, count: Int(length)))
        }
        accepted = 1
    }
    guard accepted == 1 else {
        output.pointee.failed = true
        return -1
    }
    output.pointee.count += Int(length)
    return length
}
