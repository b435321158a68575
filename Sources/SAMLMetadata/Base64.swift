import SAMLPinSupport

/// A strict base64 decoder (RFC 4648 alphabet, `=` padding, no whitespace).
enum Base64 {
    /// Decodes `text`; nil when its length is not a multiple of four, a character is outside the
    /// alphabet, or padding appears anywhere but at the end.
    static func decode(_ text: [UInt8]) -> [UInt8]? {
        guard !text.isEmpty, text.count % 4 == 0 else { return nil }
        var padding = 0
        if text[text.count - 1] == 0x3D { padding += 1 }
        if text[text.count - 2] == 0x3D { padding += 1 }

        var output: [UInt8] = []
        output.reserveCapacity(text.count / 4 * 3)
        let table = Base64Alphabet.sextets
        var index = 0
        while index < text.count {
            let isLast = index + 4 == text.count
            var quantum: UInt32 = 0
            for offset in 0..<4 {
                let character = text[index + offset]
                let value: UInt8
                if character == 0x3D, isLast, offset >= 4 - padding {
                    value = 0
                } else {
                    value = table[Int(character)]
                    guard value != 0xFF else { return nil }
                }
                quantum = quantum << 6 | UInt32(value)
            }
            output.append(UInt8(truncatingIfNeeded: quantum >> 16))
            if !isLast || padding < 2 { output.append(UInt8(truncatingIfNeeded: quantum >> 8)) }
            if !isLast || padding < 1 { output.append(UInt8(truncatingIfNeeded: quantum)) }
            index += 4
        }
        return output
    }
}
