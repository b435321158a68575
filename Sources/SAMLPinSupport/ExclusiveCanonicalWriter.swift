@preconcurrency import CLibXML2
import COpenSSL

/// Exclusive XML canonicalization 1.0 (without comments) of one subtree, written by walking the
/// libxml2 tree directly and handed to OpenSSL in large chunks.
///
/// It writes the bytes that `ExclusiveCanonicalizer` (libxml2's `xmlC14NExecute` over a node set
/// of "the subtree of the root minus the enveloped signature") writes, rule for rule, where
/// libxml2 departs from the letter of the specification too, so that a digest libxml2-based
/// signers computed is reproduced exactly. The differential tests compare the two on every
/// element of every test document. Walking the tree ourselves avoids libxml2's per-node visibility
/// callbacks, per-value allocations and small writes, which cost more than the RSA verification.
///
/// What it renders, for each element in document order:
/// - `<`, the qualified name, the namespace declarations to render sorted by prefix, the
///   attributes sorted by namespace URI then local name, `>`, the children, and the end tag;
/// - text with `&`, `<`, `>` and carriage return escaped; processing instructions as
///   `<?target data?>`; never comments.
///
/// A namespace declaration is rendered where it is visibly used (by the element's name or one of
/// its attributes' names) and the nearest output ancestor that used the prefix bound it to
/// another URI, or never used it; a prefix of the InclusiveNamespaces list is rendered as
/// inclusive canonicalization would, wherever it is in scope and the parent output element did
/// not already render the same binding.
package enum ExclusiveCanonicalWriter {
    /// Canonicalizes the subtree of `root`, leaving out the subtree of `excluded`.
    ///
    /// - Parameters:
    ///   - root: the element whose subtree is canonicalized.
    ///   - excluded: an element whose subtree is left out (the enveloped signature), or nil.
    ///   - prefixes: the InclusiveNamespaces PrefixList, already split, or nil when there is none.
    ///   - sink: the OpenSSL context that receives the bytes.
    /// - Returns: the number of bytes produced, or nil when the tree holds a node that exclusive
    ///   canonicalization cannot render or OpenSSL failed. Call `namespacesAreAbsolute(in:)`
    ///   first: like libxml2, this type refuses relative namespace URIs, but only there.
    package static func canonicalize(
        _ root: xmlNodePtr,
        excluding excluded: xmlNodePtr?,
        prefixes: InclusivePrefixList?,
        into sink: ExclusiveCanonicalizer.Sink
    ) -> Int? {
        guard root.pointee.type == XML_ELEMENT_NODE else { return nil }
        // An excluded subtree around the root hides everything, as the node set would.
        var cursor: xmlNodePtr? = root
        while let node = cursor {
            if node == excluded { return 0 }
            cursor = node.pointee.parent
        }
        // The chunk buffer lives on the stack: a heap block this large would make malloc consolidate.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: CanonicalByteWriter.capacity) { buffer in
            guard let base = buffer.baseAddress else { return nil }
            var walk = CanonicalWalk(
                sink: sink, buffer: base, excluded: excluded, inclusivePrefixes: prefixes?.prefixes ?? []
            )
            guard walk.element(root, depth: 0), walk.output.flush() else { return nil }
            return walk.output.total
        }
    }

    /// Whether every namespace URI declared anywhere in the document is absolute, as libxml2's
    /// canonicalization requires of every element it walks: a URI that libxml2 cannot parse, or
    /// one without a scheme, makes canonicalization fail.
    package static func namespacesAreAbsolute(in document: xmlDocPtr) -> Bool {
        var cursor: xmlNodePtr? = document.pointee.children
        // The last few URIs found absolute: SAML messages declare the same namespaces again and
        // again. A fixed handful keeps each check a straight line when a hostile document declares
        // thousands of distinct ones.
        var recent: (UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?, UnsafePointer<xmlChar>?) = (nil, nil, nil)
        var next = 0
        // An iterative pre-order walk over every node of the document; each declaration is checked
        // once, as libxml2 does.
        while let node = cursor {
            if node.pointee.type == XML_ELEMENT_NODE {
                var declaration = node.pointee.nsDef
                while let namespace = declaration {
                    declaration = namespace.pointee.next
                    guard let href = namespace.pointee.href, href.pointee != 0 else { continue }
                    if sameXMLString(href, recent.0) || sameXMLString(href, recent.1) || sameXMLString(href, recent.2) {
                        continue
                    }
                    guard isAbsolute(href) else { return false }
                    switch next {
                    case 0: recent.0 = href
                    case 1: recent.1 = href
                    default: recent.2 = href
                    }
                    next = (next + 1) % 3
                }
                if let child = node.pointee.children {
                    cursor = child
                    continue
                }
            }
            cursor = nextInPreOrder(after: node)
        }
        return true
    }

    private static func nextInPreOrder(after node: xmlNodePtr) -> xmlNodePtr? {
        var current = node
        while true {
            if let next = current.pointee.next { return next }
            guard let parent = current.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
            current = parent
        }
    }

    /// Whether libxml2's canonicalization accepts `href` as a namespace URI: its URI parser reads it
    /// and finds a scheme.
    package static func isAbsolute(_ href: UnsafePointer<xmlChar>) -> Bool {
        // The namespace URIs of SAML and XML-DSig need no full parse; anything else gets libxml2's.
        if isPlainAbsolute(href) { return true }
        guard let uri = xmlParseURI(UnsafeRawPointer(href).assumingMemoryBound(to: CChar.self)) else {
            return false
        }
        defer { xmlFreeURI(uri) }
        guard let scheme = uri.pointee.scheme, scheme.pointee != 0 else { return false }
        return true
    }
}

extension ExclusiveCanonicalWriter {
    /// Whether `href` is `urn:` followed by letters, digits and `:._-`, or `http://` or `https://`,
    /// a host of letters, digits, `.` and `-`, and an optional path and fragment of letters,
    /// digits and `._~/-`: a small subset of the URIs libxml2's parser accepts with a scheme, which
    /// covers the namespaces SAML messages declare and spares `xmlParseURI` for them.
    package static func isPlainAbsolute(_ href: UnsafePointer<xmlChar>) -> Bool {
        func isAlphanumeric(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        }
        func hasPrefix(_ prefix: StaticString) -> Bool {
            xmlStrncmp(href, prefix.utf8Start, Int32(prefix.utf8CodeUnitCount)) == 0
        }
        var cursor: UnsafePointer<xmlChar>
        if hasPrefix("urn:") {
            cursor = href + 4
            guard cursor.pointee != 0 else { return false }
            while cursor.pointee != 0 {
                let byte = cursor.pointee
                guard
                    isAlphanumeric(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: ".")
                        || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                else { return false }
                cursor += 1
            }
            return true
        }
        if hasPrefix("http://") {
            cursor = href + 7
        } else if hasPrefix("https://") {
            cursor = href + 8
        } else {
            return false
        }
        // The host, at least one character, ending where the path or the fragment starts.
        let hostStart = cursor
        while isAlphanumeric(cursor.pointee) || cursor.pointee == UInt8(ascii: ".")
            || cursor.pointee == UInt8(ascii: "-")
        {
            cursor += 1
        }
        guard cursor > hostStart else { return false }
        guard cursor.pointee == 0 || cursor.pointee == UInt8(ascii: "/") || cursor.pointee == UInt8(ascii: "#") else {
            return false
        }
        // The path, then at most one fragment.
        var seenFragment = false
        while cursor.pointee != 0 {
            let byte = cursor.pointee
            if byte == UInt8(ascii: "#") {
                guard !seenFragment else { return false }
                seenFragment = true
            } else if !(isAlphanumeric(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
                || byte == UInt8(ascii: "~") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-"))
            {
                return false
            }
            cursor += 1
        }
        return true
    }
}

/// The state of one canonicalization: the output and the stack of namespace bindings that the
/// output elements above the current one used or rendered.
private struct CanonicalWalk {
    /// One namespace binding on the stack, by the tree's own strings (nil and "" are the same).
    struct Binding {
        let prefix: UnsafePointer<xmlChar>?
        let href: UnsafePointer<xmlChar>?
    }

    var output: CanonicalByteWriter
    let excluded: xmlNodePtr?
    /// The InclusiveNamespaces prefixes in list order; nil stands for the default namespace.
    let inclusivePrefixes: [UnsafePointer<xmlChar>?]
    var stack: [Binding] = []
    /// Where the bindings of the parent output element start and end on the stack.
    var parentStart = 0
    var parentEnd = 0
    /// Scratch lists, reused by every element (each is emptied before the children are walked).
    var pendingNamespaces: [Binding] = []
    var pendingAttributes: [xmlAttrPtr] = []

    init(
        sink: ExclusiveCanonicalizer.Sink,
        buffer: UnsafeMutablePointer<UInt8>,
        excluded: xmlNodePtr?,
        inclusivePrefixes: [UnsafePointer<xmlChar>?]
    ) {
        self.output = CanonicalByteWriter(sink: sink, buffer: buffer)
        self.excluded = excluded
        self.inclusivePrefixes = inclusivePrefixes
        stack.reserveCapacity(32)
        pendingNamespaces.reserveCapacity(8)
        pendingAttributes.reserveCapacity(16)
    }

    /// Renders one element and its subtree; false when a node cannot be rendered.
    mutating func element(_ node: xmlNodePtr, depth: Int) -> Bool {
        // The parser bounds the depth already; this bound only keeps the recursion finite.
        guard depth < 4096 else { return false }
        let saved = (count: stack.count, parentStart: parentStart, parentEnd: parentEnd)

        output.write("<")
        writeQualifiedName(node.pointee.ns, node.pointee.name)
        collectNamespaces(of: node)
        for binding in pendingNamespaces { writeNamespace(binding) }
        pendingNamespaces.removeAll(keepingCapacity: true)
        // The children see this element's bindings as their parent's.
        parentStart = parentEnd
        parentEnd = stack.count

        guard collectAttributes(of: node) else { return false }
        for attribute in pendingAttributes {
            output.write(" ")
            writeQualifiedName(attribute.pointee.ns, attribute.pointee.name)
            output.write("=\"")
            var child = attribute.pointee.children
            while let text = child {
                guard text.pointee.type == XML_TEXT_NODE else { return false }
                if let content = text.pointee.content { output.writeEscaped(content, attribute: true) }
                child = text.pointee.next
            }
            output.write("\"")
        }
        pendingAttributes.removeAll(keepingCapacity: true)
        output.write(">")

        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if current != excluded {
                    guard element(current, depth: depth + 1) else { return false }
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { output.writeEscaped(content, attribute: false) }
            case XML_PI_NODE:
                output.write("<?")
                if let target = current.pointee.name { output.write(target) }
                if let content = current.pointee.content, content.pointee != 0 {
                    output.write(" ")
                    output.writeEscapedInstruction(content)
                }
                output.write("?>")
            case XML_COMMENT_NODE:
                break
            default:
                // Entity references and the like cannot come out of the hardened parse; refuse them.
                return false
            }
            child = current.pointee.next
        }

        output.write("</")
        writeQualifiedName(node.pointee.ns, node.pointee.name)
        output.write(">")

        stack.removeSubrange(saved.count...)
        parentStart = saved.parentStart
        parentEnd = saved.parentEnd
        return !output.failed
    }

    // MARK: - Namespaces

    /// Decides which namespace declarations `node` renders, in libxml2's order of decisions, and
    /// leaves them in `pendingNamespaces` sorted by prefix.
    private mutating func collectNamespaces(of node: xmlNodePtr) {
        var renderedEmptyPrefix = false
        var usesEmptyDefault = false
        var listsDefault = false

        // 1. Prefixes of the InclusiveNamespaces list, as inclusive canonicalization treats them.
        for listed in inclusivePrefixes {
            if listed == nil { listsDefault = true }
            guard let namespace = xmlSearchNs(node.pointee.doc, node, listed), !isXMLNamespace(namespace) else {
                continue
            }
            let binding = Binding(prefix: namespace.pointee.prefix, href: namespace.pointee.href)
            let already = renderedByParent(binding)
            stack.append(binding)
            if !already { insertPending(binding) }
            if isEmpty(binding.prefix) { renderedEmptyPrefix = true }
        }

        // 2. The element's own namespace (for an unprefixed element, the default in scope).
        let own: xmlNsPtr?
        if let namespace = node.pointee.ns {
            own = namespace
        } else {
            own = xmlSearchNs(node.pointee.doc, node, nil)
            usesEmptyDefault = true
        }
        if let namespace = own, !isXMLNamespace(namespace) {
            let binding = Binding(prefix: namespace.pointee.prefix, href: namespace.pointee.href)
            if !usedAbove(binding) { insertPending(binding) }
            stack.append(binding)
            if isEmpty(binding.prefix) { renderedEmptyPrefix = true }
        }

        // 3. The namespaces of its attributes (the default namespace never applies to them).
        var attribute = node.pointee.properties
        while let current = attribute {
            if let namespace = current.pointee.ns {
                if !isXMLNamespace(namespace) {
                    let binding = Binding(prefix: namespace.pointee.prefix, href: namespace.pointee.href)
                    let already = usedAbove(binding)
                    stack.append(binding)
                    if !already { insertPending(binding) }
                    if isEmpty(binding.prefix) { renderedEmptyPrefix = true }
                } else if isEmpty(namespace.pointee.prefix), isEmpty(namespace.pointee.href) {
                    usesEmptyDefault = true
                }
            }
            attribute = current.pointee.next
        }

        // 4. `xmlns=""` where the element is in no namespace but an ancestor rendered a default one.
        let emptyDefault = Binding(prefix: nil, href: nil)
        if usesEmptyDefault, !renderedEmptyPrefix, !listsDefault {
            if !usedAbove(emptyDefault) { writeNamespace(emptyDefault) }
        } else if !renderedEmptyPrefix, listsDefault {
            if !renderedByParent(emptyDefault) { writeNamespace(emptyDefault) }
        }
    }

    /// Exclusive rule: whether the nearest binding of the prefix on the whole stack has the same
    /// URI; with no binding, only the empty default counts as rendered.
    private func usedAbove(_ binding: Binding) -> Bool {
        nearestBindingMatches(binding, searchingDownTo: 0)
    }

    /// Inclusive rule, for listed prefixes: the same, but a non-empty binding is looked for only
    /// among the parent output element's bindings and this element's own.
    private func renderedByParent(_ binding: Binding) -> Bool {
        let emptyDefault = isEmpty(binding.prefix) && isEmpty(binding.href)
        return nearestBindingMatches(binding, searchingDownTo: emptyDefault ? 0 : parentStart)
    }

    /// Whether the topmost stack entry at or above `start` for the binding's prefix has its URI;
    /// with no such entry, only the empty default (no prefix, no URI) counts as a match.
    private func nearestBindingMatches(_ binding: Binding, searchingDownTo start: Int) -> Bool {
        var index = stack.count - 1
        while index >= start {
            let candidate = stack[index]
            if sameString(candidate.prefix, binding.prefix) { return sameString(candidate.href, binding.href) }
            index -= 1
        }
        return isEmpty(binding.prefix) && isEmpty(binding.href)
    }

    /// Inserts into `pendingNamespaces`, kept sorted by prefix (no prefix first), before any equal
    /// prefix as libxml2's sorted list inserts.
    private mutating func insertPending(_ binding: Binding) {
        var index = pendingNamespaces.count
        while index > 0, xmlStrcmp(pendingNamespaces[index - 1].prefix, binding.prefix) >= 0 { index -= 1 }
        pendingNamespaces.insert(binding, at: index)
    }

    private mutating func writeNamespace(_ binding: Binding) {
        if let prefix = binding.prefix, prefix.pointee != 0 {
            output.write(" xmlns:")
            output.write(prefix)
            output.write("=")
        } else {
            output.write(" xmlns=")
        }
        guard let href = binding.href else {
            output.write("\"\"")
            return
        }
        // libxml2 quotes a namespace URI without escaping it (a URI it accepted holds no quote).
        output.writeQuoted(href)
    }

    // MARK: - Attributes

    /// Leaves the attributes of `node` in `pendingAttributes`, in canonical order.
    private mutating func collectAttributes(of node: xmlNodePtr) -> Bool {
        var attribute = node.pointee.properties
        while let current = attribute {
            guard current.pointee.type == XML_ATTRIBUTE_NODE else { return false }
            var index = pendingAttributes.count
            while index > 0, Self.attributeOrder(pendingAttributes[index - 1], current) >= 0 { index -= 1 }
            pendingAttributes.insert(current, at: index)
            attribute = current.pointee.next
        }
        return true
    }

    /// Unqualified attributes first by local name, then qualified ones by namespace URI and local name.
    private static func attributeOrder(_ first: xmlAttrPtr, _ second: xmlAttrPtr) -> Int32 {
        let firstNamespace = first.pointee.ns
        let secondNamespace = second.pointee.ns
        if firstNamespace == secondNamespace { return xmlStrcmp(first.pointee.name, second.pointee.name) }
        guard let firstNamespace else { return -1 }
        guard let secondNamespace else { return 1 }
        if firstNamespace.pointee.prefix == nil { return -1 }
        if secondNamespace.pointee.prefix == nil { return 1 }
        let byURI = xmlStrcmp(firstNamespace.pointee.href, secondNamespace.pointee.href)
        return byURI != 0 ? byURI : xmlStrcmp(first.pointee.name, second.pointee.name)
    }

    // MARK: - Names and strings

    private mutating func writeQualifiedName(_ namespace: xmlNsPtr?, _ name: UnsafePointer<xmlChar>?) {
        if let prefix = namespace?.pointee.prefix, prefix.pointee != 0 {
            output.write(prefix)
            output.write(":")
        }
        if let name { output.write(name) }
    }

    private func isXMLNamespace(_ namespace: xmlNsPtr) -> Bool {
        sameXMLString(namespace.pointee.prefix, "xml")
            && sameXMLString(namespace.pointee.href, "http://www.w3.org/XML/1998/namespace")
    }

    private func isEmpty(_ string: UnsafePointer<xmlChar>?) -> Bool {
        string == nil || string?.pointee == 0
    }

    /// String equality where nil and "" are the same, as libxml2's canonicalizer compares.
    private func sameString(_ first: UnsafePointer<xmlChar>?, _ second: UnsafePointer<xmlChar>?) -> Bool {
        if isEmpty(first) || isEmpty(second) { return isEmpty(first) && isEmpty(second) }
        return sameXMLString(first, second)
    }
}

/// A fixed buffer, owned by the caller, that fills with canonical bytes and empties into the
/// OpenSSL context.
private struct CanonicalByteWriter {
    static let capacity = 16 * 1024

    let sink: ExclusiveCanonicalizer.Sink
    let buffer: UnsafeMutablePointer<UInt8>
    var used = 0
    var total = 0
    var failed = false

    init(sink: ExclusiveCanonicalizer.Sink, buffer: UnsafeMutablePointer<UInt8>) {
        self.sink = sink
        self.buffer = buffer
    }

    /// Hands the buffered bytes to OpenSSL; false once any hand-over failed.
    mutating func flush() -> Bool {
        guard !failed else { return false }
        guard used > 0 else { return true }
        if !sink.accept(buffer, used) { failed = true }
        total += used
        used = 0
        return !failed
    }

    mutating func write(_ text: StaticString) {
        write(text.utf8Start, text.utf8CodeUnitCount)
    }

    mutating func write(_ string: UnsafePointer<xmlChar>) {
        write(string, strlen(UnsafeRawPointer(string).assumingMemoryBound(to: CChar.self)))
    }

    @inline(__always)
    mutating func write(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        // Most pieces are a name or a bracket: copied in place while they fit.
        if count <= 16, count <= Self.capacity - used {
            for offset in 0..<count { buffer[used + offset] = bytes[offset] }
            used += count
            return
        }
        writeChunked(bytes, count)
    }

    private mutating func writeChunked(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        var start = bytes
        var remaining = count
        while remaining > 0 {
            if used == Self.capacity, !flush() { return }
            let chunk = min(remaining, Self.capacity - used)
            (buffer + used).update(from: start, count: chunk)
            used += chunk
            start += chunk
            remaining -= chunk
        }
    }

    private mutating func writeByte(_ byte: UInt8) {
        if used == Self.capacity, !flush() { return }
        buffer[used] = byte
        used += 1
    }

    /// Text (`attribute` false) or an attribute value (true), escaped as libxml2's canonicalizer does.
    mutating func writeEscaped(_ string: UnsafePointer<xmlChar>, attribute: Bool) {
        // The bytes below 64 that may need escaping here, one bit each: `&`, `<`, `>` and CR in
        // text; `&`, `<`, `"`, tab, LF and CR in attribute values.
        let mayEscape: UInt64 =
            attribute
            ? 1 << 0x26 | 1 << 0x3C | 1 << 0x22 | 1 << 0x09 | 1 << 0x0A | 1 << 0x0D
            : 1 << 0x26 | 1 << 0x3C | 1 << 0x3E | 1 << 0x0D
        var runStart = string
        var cursor = string
        while cursor.pointee != 0 {
            let byte = cursor.pointee
            guard byte < 64, mayEscape & (1 << UInt64(byte)) != 0 else {
                cursor += 1
                continue
            }
            let replacement: StaticString
            switch cursor.pointee {
            case UInt8(ascii: "&"): replacement = "&amp;"
            case UInt8(ascii: "<"): replacement = "&lt;"
            case UInt8(ascii: ">") where !attribute: replacement = "&gt;"
            case UInt8(ascii: "\"") where attribute: replacement = "&quot;"
            case 0x09 where attribute: replacement = "&#x9;"
            case 0x0A where attribute: replacement = "&#xA;"
            case 0x0D: replacement = "&#xD;"
            default:
                cursor += 1
                continue
            }
            if cursor > runStart { write(runStart, cursor - runStart) }
            write(replacement)
            cursor += 1
            runStart = cursor
        }
        if cursor > runStart { write(runStart, cursor - runStart) }
    }

    /// Processing-instruction data: only carriage returns are escaped.
    mutating func writeEscapedInstruction(_ string: UnsafePointer<xmlChar>) {
        var cursor = string
        while cursor.pointee != 0 {
            if cursor.pointee == 0x0D {
                write("&#xD;")
            } else {
                writeByte(cursor.pointee)
            }
            cursor += 1
        }
    }

    /// A namespace URI in quotes, as libxml2's `xmlBufWriteQuotedString` writes it.
    mutating func writeQuoted(_ string: UnsafePointer<xmlChar>) {
        let hasDouble = xmlStrchr(string, UInt8(ascii: "\"")) != nil
        let hasSingle = xmlStrchr(string, UInt8(ascii: "'")) != nil
        if !hasDouble {
            write("\"")
            write(string)
            write("\"")
        } else if !hasSingle {
            write("'")
            write(string)
            write("'")
        } else {
            write("\"")
            var cursor = string
            while cursor.pointee != 0 {
                if cursor.pointee == UInt8(ascii: "\"") { write("&quot;") } else { writeByte(cursor.pointee) }
                cursor += 1
            }
            write("\"")
        }
    }
}

extension ExclusiveCanonicalizer.Sink {
    /// Hands `count` bytes to the OpenSSL context; false when OpenSSL refused them.
    func accept(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        switch self {
        case .digest(let digest):
            return EVP_DigestUpdate(digest, bytes, count) == 1
        case .verification(let verification):
            return EVP_DigestVerifyUpdate(verification, bytes, count) == 1
        case .collect(let collector):
            collector.bytes.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
            return true
        }
    }
}
