extension MetadataDuration {
    /// Reads an `xs:duration` such as `PT15M`, `P1D` or `P0Y0M0DT0H15M0.000S`.
    ///
    /// Years count 365 days and months 30 days. Negative durations are refused (a cache
    /// duration below zero has no meaning), as are an empty `P`, a `T` with nothing after it,
    /// components out of order and a fraction anywhere but in the seconds.
    ///
    /// - Returns: nil when `text` is not a non-negative `xs:duration`.
    init?(parsing text: String) {
        var scanner = ByteScanner(Array(text.utf8))
        guard scanner.take(0x50) else { return nil }  // 'P'; a leading '-' fails here too

        let dateUnits: [(designator: UInt8, seconds: Double)] = [(0x59, 31_536_000), (0x4D, 2_592_000), (0x44, 86_400)]
        let timeUnits: [(designator: UInt8, seconds: Double)] = [(0x48, 3600), (0x4D, 60), (0x53, 1)]
        var total = 0.0
        var sawComponent = false

        guard let dateTotal = Self.components(&scanner, units: dateUnits, fractionUnit: nil, saw: &sawComponent)
        else { return nil }
        total += dateTotal

        if scanner.take(0x54) {  // 'T'
            var sawTimeComponent = false
            let timeTotal = Self.components(&scanner, units: timeUnits, fractionUnit: 0x53, saw: &sawTimeComponent)
            guard let timeTotal, sawTimeComponent
            else { return nil }
            total += timeTotal
            sawComponent = true
        }
        guard sawComponent, scanner.isAtEnd, total.isFinite else { return nil }
        self.init(text: text, seconds: total)
    }

    /// Reads `<digits>[.<digits>]<designator>` groups whose designators appear in `units`'s order.
    private static func components(
        _ scanner: inout ByteScanner,
        units: [(designator: UInt8, seconds: Double)],
        fractionUnit: UInt8?,
        saw: inout Bool
    ) -> Double? {
        var total = 0.0
        var unitIndex = 0
        while let digits = scanner.digits(minimum: 1, maximum: 18) {
            var value = Double(digits.value)
            if scanner.take(0x2E) {  // '.'
                guard let fraction = scanner.digits(minimum: 1, maximum: 18) else { return nil }
                value += Double("0." + String(decoding: fraction.text, as: UTF8.self)) ?? 0
                guard scanner.peek == fractionUnit else { return nil }
            }
            // Find the designator at or after the current position; going backwards is invalid.
            guard let designator = scanner.peek,
                let found = units[unitIndex...].firstIndex(where: { $0.designator == designator })
            else { return nil }
            scanner.advance()
            total += value * units[found].seconds
            unitIndex = found + 1
            saw = true
        }
        return total
    }
}
