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
        var output: [UInt8] = []
        var position = 0
        var previous: UInt8 = 0
        var finished = false
        var index = 0
        while text[index] != 0 {
            let character = text[index]
            index += 1
            // After the closing padding only whitespace may follow: anything else was spliced on.
            if finished, position == 0 {
                guard isSpace(character) else { return nil }
                continue
            }
            if character == UInt8(ascii: "=") {
                finished = true
                switch position {
                case 2: position = 3
                case 3: position = 0
                default: return nil
                }
                continue
            }
            if isSpace(character) { continue }
            guard let value = sextet(character), !finished else { return nil }
            switch position {
            case 0:
                position = 1
            case 1:
                output.append(previous << 2 | value >> 4)
                position = 2
            case 2:
                output.append(previous << 4 | value >> 2)
                position = 3
            default:
                output.append(previous << 6 | value)
                position = 0
            }
            previous = value
        }
        // A value that stops inside a group is truncated.
        guard position == 0 else { return nil }
        return output
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
