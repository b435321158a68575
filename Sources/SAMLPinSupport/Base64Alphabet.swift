/// The base64 alphabet of RFC 4648 section 4, shared by the three decoders (metadata, form value,
/// signature values), whose rules about whitespace and padding differ but whose alphabet does not.
package enum Base64Alphabet {
    /// The value of each alphabet character; 0xFF for every other byte.
    package static let sextets: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (index, byte) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8.enumerated() {
            table[Int(byte)] = UInt8(index)
        }
        return table
    }()
}
