import SAMLPinSupport

/// Decodes the base64 `SAMLResponse` form value of the HTTP-POST binding.
///
/// The alphabet is strict (RFC 4648 section 4); XML whitespace anywhere is skipped, because
/// IdPs and proxies wrap the value at 64 or 76 columns. Padding is optional but may only
/// close the value.
enum FormValueDecoder {
    /// Decodes `value`.
    ///
    /// - Parameters:
    ///   - value: the form value as posted.
    ///   - maximumSize: the largest decoded message accepted, in bytes.
    /// - Returns: the decoded bytes.
    /// - Throws: `messageTooLarge` when the value (or its decoding) exceeds the limit, before
    ///   decoding; `invalidBase64` for any character outside the alphabet or a bad length.
    static func decode(_ value: String, maximumSize: Int) throws(SAMLError) -> [UInt8] {
        let encodedLimit = (maximumSize / 3 + 1) * 4
        var value = value
        // Refuse oversized input before doing any work; whitespace may at most double the text.
        guard value.utf8.count <= encodedLimit * 2 else {
            throw SAMLError(
                .messageTooLarge,
                "the form value has \(value.utf8.count) bytes; the limit is \(maximumSize) decoded bytes"
            )
        }
        value.makeContiguousUTF8()
        let result = value.utf8.withContiguousStorageIfAvailable { bytes in
            Result { () throws(SAMLError) in try decode(bytes, maximumSize: maximumSize) }
        }
        guard let result else { throw SAMLError(.internalError, "the form value has no contiguous storage") }
        return try result.get()
    }

    /// The sextet of each byte; -1 outside the alphabet, -2 for XML whitespace, -3 for '='.
    private static let table: [Int8] = {
        var table = Base64Alphabet.sextets.map { $0 < 64 ? Int8($0) : -1 }
        for byte in [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n")] {
            table[Int(byte)] = -2
        }
        table[Int(UInt8(ascii: "="))] = -3
        return table
    }()

    /// Set in `shiftedTables` for every byte outside the alphabet.
    private static let notInAlphabet: UInt32 = 0x8000_0000

    /// Set in `wideTables` for every byte outside the alphabet.
    private static let notInAlphabetWide: UInt64 = 1 << 63

    /// Eight tables of 256 entries: for the character at position k of two groups, its sextet
    /// already shifted into place in the 48 bits they decode to, or `notInAlphabetWide`.
    private static let wideTables: [UInt64] = {
        var shifted = [UInt64](repeating: notInAlphabetWide, count: 8 * 256)
        for position in 0..<8 {
            for byte in 0..<256 where table[byte] >= 0 {
                shifted[position * 256 + byte] = UInt64(table[byte]) << (42 - 6 * position)
            }
        }
        return shifted
    }()

    /// Four tables of 256 entries: for the character at position k of a group, its sextet
    /// already shifted into place in the 24-bit group, or `notInAlphabet`.
    private static let shiftedTables: [UInt32] = {
        var shifted = [UInt32](repeating: notInAlphabet, count: 1024)
        for position in 0..<4 {
            for byte in 0..<256 where table[byte] >= 0 {
                shifted[position * 256 + byte] = UInt32(table[byte]) << (18 - 6 * position)
            }
        }
        return shifted
    }()

    /// What one pass over the text leaves behind.
    private struct Scan {
        var accumulator: UInt32 = 0
        var pending = 0
        var padding = 0
        var written = 0
        var invalid = false
    }

    /// Decodes whole groups into `output` and reports the partial group, the padding seen and
    /// whether a character was invalid. One tight loop over raw pointers, no allocation.
    private static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>,
        table: UnsafeBufferPointer<Int8>,
        shiftedTable: UnsafeBufferPointer<UInt32>,
        wideTable: UnsafeBufferPointer<UInt64>,
        into output: UnsafeMutableBufferPointer<UInt8>
    ) -> Scan {
        var accumulator: UInt32 = 0
        var pending = 0
        var padding = 0
        var written = 0
        guard let input = bytes.baseAddress, let sextets = table.baseAddress, let out = output.baseAddress,
            let shifted = shiftedTable.baseAddress, let wide = wideTable.baseAddress
        else {
            return Scan()
        }
        var index = 0
        let count = bytes.count
        while index < count {
            // Fast path: whole groups of four alphabet characters decode straight to three bytes,
            // two groups at a time while a wrapped line lasts.
            if pending == 0, padding == 0 {
                // Eight characters give six bytes, stored as one eight-byte word whose last two
                // bytes the next store overwrites (the output has room for them; see `decode`).
                while index &+ 8 <= count {
                    let half =
                        wide[Int(input[index])] | wide[256 &+ Int(input[index &+ 1])]
                        | wide[512 &+ Int(input[index &+ 2])] | wide[768 &+ Int(input[index &+ 3])]
                    let bits =
                        half | wide[1024 &+ Int(input[index &+ 4])] | wide[1280 &+ Int(input[index &+ 5])]
                        | wide[1536 &+ Int(input[index &+ 6])] | wide[1792 &+ Int(input[index &+ 7])]
                    guard bits & notInAlphabetWide == 0 else { break }
                    UnsafeMutableRawPointer(out + written).storeBytes(of: (bits << 16).bigEndian, as: UInt64.self)
                    written &+= 6
                    index &+= 8
                }
                while index &+ 4 <= count {
                    let group =
                        shifted[Int(input[index])] | shifted[256 &+ Int(input[index &+ 1])]
                        | shifted[512 &+ Int(input[index &+ 2])] | shifted[768 &+ Int(input[index &+ 3])]
                    guard group & notInAlphabet == 0 else { break }
                    out[written] = UInt8(truncatingIfNeeded: group >> 16)
                    out[written &+ 1] = UInt8(truncatingIfNeeded: group >> 8)
                    out[written &+ 2] = UInt8(truncatingIfNeeded: group)
                    written &+= 3
                    index &+= 4
                }
                guard index < count else { break }
            }
            let value = sextets[Int(input[index])]
            index += 1
            if value >= 0 {
                // Padding may only close the value; data after '=' means the value was spliced.
                guard padding == 0 else { return Scan(invalid: true) }
                accumulator = accumulator << 6 | UInt32(truncatingIfNeeded: value)
                pending += 1
                if pending == 4 {
                    out[written] = UInt8(truncatingIfNeeded: accumulator >> 16)
                    out[written + 1] = UInt8(truncatingIfNeeded: accumulator >> 8)
                    out[written + 2] = UInt8(truncatingIfNeeded: accumulator)
                    written += 3
                    accumulator = 0
                    pending = 0
                }
            } else if value == -3 {
                padding += 1
            } else if value != -2 {
                return Scan(invalid: true)
            }
        }
        return Scan(accumulator: accumulator, pending: pending, padding: padding, written: written)
    }

    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, maximumSize: Int) throws(SAMLError) -> [UInt8] {
        var result = Scan()
        // Every 4 significant characters give 3 bytes, so this capacity is never exceeded; the
        // 2 bytes more are what the last eight-byte store of `scan` writes past its six.
        var output = [UInt8](unsafeUninitializedCapacity: bytes.count / 4 * 3 + 3 + 2) { buffer, written in
            result = table.withUnsafeBufferPointer { table in
                shiftedTables.withUnsafeBufferPointer { shifted in
                    wideTables.withUnsafeBufferPointer { wide in
                        scan(bytes, table: table, shiftedTable: shifted, wideTable: wide, into: buffer)
                    }
                }
            }
            written = result.invalid ? 0 : result.written
        }
        let (pending, padding, accumulator) = (result.pending, result.padding, result.accumulator)
        guard !result.invalid else {
            throw SAMLError(.invalidBase64, "the form value contains a character outside the base64 alphabet")
        }
        switch (pending, padding) {
        case (0, 0):
            break
        case (2, 0), (2, 2):
            output.append(UInt8(truncatingIfNeeded: accumulator >> 4))
        case (3, 0), (3, 1):
            output.append(UInt8(truncatingIfNeeded: accumulator >> 10))
            output.append(UInt8(truncatingIfNeeded: accumulator >> 2))
        default:
            throw SAMLError(.invalidBase64, "the form value is not a whole number of base64 groups")
        }
        guard !output.isEmpty else { throw SAMLError(.invalidBase64, "the form value is empty") }
        guard output.count <= maximumSize else {
            throw SAMLError(.messageTooLarge, "the decoded message exceeds \(maximumSize) bytes")
        }
        return output
    }
}
