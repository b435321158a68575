@preconcurrency import CLibXML2

/// The `PrefixList` of an exclusive c14n `InclusiveNamespaces` parameter, split the way
/// libxmlsec1 splits it, ready for `xmlC14NExecute`.
///
/// Only the space character separates prefixes; a leading space or two spaces in a row give an
/// empty prefix, which libxml2 reads as the default namespace. Matching this byte for byte keeps
/// the canonical form, and so the digest, identical to the reference implementation's.
package final class InclusivePrefixList {
    /// The attribute value with every space replaced by a NUL byte, owned by this object.
    private let storage: UnsafeMutablePointer<xmlChar>
    /// The NULL-terminated C array of prefixes that `xmlC14NExecute` takes, pointing into `storage`.
    package let cArray: UnsafeMutablePointer<UnsafeMutablePointer<xmlChar>?>
    /// The same prefixes in list order, with `#default` and the empty prefix as nil (the default
    /// namespace), as libxml2 reads them; pointing into `storage`.
    package let prefixes: [UnsafePointer<xmlChar>?]

    /// Splits the `PrefixList` attribute of `element`; nil when the attribute is missing.
    package init?(of element: xmlNodePtr) {
        // xmlGetProp matches the name in any namespace, first one wins, as libxmlsec1 reads it.
        guard let value = xmlGetProp(element, "PrefixList") else { return nil }
        storage = value
        var offsets: [Int] = []
        var start = 0
        var index = 0
        while value[start] != 0 {
            index = start
            while value[index] != 0, value[index] != UInt8(ascii: " ") { index += 1 }
            offsets.append(start)
            guard value[index] != 0 else { break }
            value[index] = 0
            start = index + 1
        }
        cArray = .allocate(capacity: offsets.count + 1)
        for (position, offset) in offsets.enumerated() {
            (cArray + position).initialize(to: value.advanced(by: offset))
        }
        (cArray + offsets.count).initialize(to: nil)
        prefixes = offsets.map { offset in
            let prefix = UnsafePointer(value.advanced(by: offset))
            let isDefault = prefix.pointee == 0 || sameXMLString(prefix, "#default")
            return isDefault ? nil : prefix
        }
    }

    deinit {
        cArray.deallocate()
        samlpin_xml_free(storage)
    }
}
