@preconcurrency import CLibXML2

/// Decodes the base64 text of `ds:DigestValue` and `ds:SignatureValue` with exactly the rules of
/// libxmlsec1's decoder, so both signature engines read the same bytes.
///
/// Space, tab, CR and LF are skipped anywhere. Padding is required (the significant characters
/// come in groups of four), may only close the value, and after it only whitespace may follow.
/// Bits left over in the last character are ignored, as libxmlsec1 ignores them.
package enum SignatureBase64 {
    /// The decoded text content of `element`, or nil when it is not base64 by these rules.
    package static func decodeContent(of element: xmlNodePtr) -> [UInt8]? {
        guard let content = xmlNodeGetContent(element) else { return nil }
        defer { samlpin_xml_free(content) }
        return decode(content)
    }

    /// Decodes a NUL-terminated string.
    static func decode(_ text: UnsafePointer<xmlChar>) -> [UInt8]? {
        let length = Int(max(xmlStrlen(text), 0))
        var valid = true
        // Each character yields at most one byte; the decoder writes at most 3 per 4 sextets.
        let output = [UInt8](unsafeUninitializedCapacity: length / 4 * 3 + 3) { buffer, written in
            guard let out = buffer.baseAddress else {
                valid = false
                written = 0
                return
            }
            var count = 0
            valid = decode(text, length: length, into: out, written: &count)
            written = valid ? count : 0
        }
        return valid ? output : nil
    }

    /// The decoding loop over `length` characters; false when the text is not base64 by these rules.
    private static func decode(
        _ text: UnsafePointer<xmlChar>,
        length: Int,
        into out: UnsafeMutablePointer<UInt8>,
        written: inout Int
    ) -> Bool {
        var count = 0
        var position = 0
        var previous: UInt8 = 0
        var finished = false
        var index = 0
        while index < length {
            let character = text[index]
            index += 1
            // After the closing padding only whitespace may follow: anything else was spliced on.
            if finished, position == 0 {
                guard isSpace(character) else { return false }
                continue
            }
            if character == UInt8(ascii: "=") {
                finished = true
                switch position {
                case 2: position = 3
                case 3: position = 0
                default: return false
                }
                continue
            }
            if isSpace(character) { continue }
            guard let value = sextet(character), !finished else { return false }
            switch position {
            case 0:
                position = 1
            case 1:
                out[count] = previous << 2 | value >> 4
                count += 1
                position = 2
            case 2:
                out[count] = previous << 4 | value >> 2
                count += 1
                position = 3
            default:
                out[count] = previous << 6 | value
                count += 1
                position = 0
            }
            previous = value
        }
        written = count
        // A value that stops inside a group is truncated.
        return position == 0
    }

    private static func isSpace(_ character: UInt8) -> Bool {
        character == 0x20 || character == 0x09 || character == 0x0D || character == 0x0A
    }

    private static func sextet(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return character - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return character - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return character - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }
}
