/// A cursor over ASCII bytes for the small grammars of XML Schema values.
struct ByteScanner {
    private let bytes: [UInt8]
    private var index = 0

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    var isAtEnd: Bool { index == bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }

    mutating func advance() {
        index += 1
    }

    /// Consumes `byte` if it comes next.
    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        index += 1
        return true
    }

    /// Consumes exactly `count` decimal digits.
    mutating func digits(exactly count: Int) -> (value: Int, count: Int, text: ArraySlice<UInt8>)? {
        digits(minimum: count, maximum: count)
    }

    /// Consumes a run of decimal digits of the given length bounds; nil (consuming nothing) otherwise.
    mutating func digits(minimum: Int, maximum: Int) -> (value: Int, count: Int, text: ArraySlice<UInt8>)? {
        let start = index
        var end = index
        while end < bytes.count, bytes[end] >= 0x30, bytes[end] <= 0x39 { end += 1 }
        let count = end - start
        guard count >= minimum, count <= maximum else { return nil }
        index = end
        var value = 0
        // Values past 18 digits only appear in fractions, which are read as text.
        for byte in bytes[start..<min(end, start + 18)] { value = value * 10 + Int(byte - 0x30) }
        return (value, count, bytes[start..<end])
    }
}
