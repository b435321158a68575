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
        BorrowedXMLText.withContent(of: element) { content in content.flatMap(decode) }
    }

    /// Decodes a NUL-terminated string.
    package static func decode(_ text: UnsafePointer<xmlChar>) -> [UInt8]? {
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
            valid = Base64Alphabet.sextets.withUnsafeBufferPointer { table in
                decode(text, length: length, table: table, into: out, written: &count)
            }
            written = valid ? count : 0
        }
        return valid ? output : nil
    }

    /// The decoding loop over `length` characters; false when the text is not base64 by these rules.
    private static func decode(
        _ text: UnsafePointer<xmlChar>,
        length: Int,
        table: UnsafeBufferPointer<UInt8>,
        into out: UnsafeMutablePointer<UInt8>,
        written: inout Int
    ) -> Bool {
        var count = 0
        var position = 0
        var previous: UInt8 = 0
        var finished = false
        var index = 0
        guard let sextets = table.baseAddress else { return false }
        while index < length {
            // Between groups, four alphabet characters in a row are one whole group: three bytes,
            // exactly what the character-by-character rules below would make of them.
            while position == 0, !finished, index + 4 <= length {
                let first = sextets[Int(text[index])], second = sextets[Int(text[index + 1])]
                let third = sextets[Int(text[index + 2])], fourth = sextets[Int(text[index + 3])]
                guard (first | second | third | fourth) < 64 else { break }
                out[count] = first << 2 | second >> 4
                out[count + 1] = second << 4 | third >> 2
                out[count + 2] = third << 6 | fourth
                count += 3
                index += 4
            }
            guard index < length else { break }
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
            let value = table[Int(character)]
            guard value < 64, !finished else { return false }
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
}
