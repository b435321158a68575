/// Byte-level damage to a document: the same variants on every run, so a failure names a round
/// that can be replayed.
enum SeededMutations {
    /// Characters that matter to XML, plus NUL.
    private static let replacements = Array("<>&\"'=/ x0:#;\u{0}".utf8)

    /// `count` damaged copies of `original`, cycling through replacing, removing and inserting one
    /// byte, and truncating.
    static func variants(of original: [UInt8], count: Int = 400) -> [[UInt8]] {
        var generator = SplitMix64(state: 0x5A4D_4C50_494E)
        return (0..<count).map { round in
            var bytes = original
            let position = Int.random(in: 0..<bytes.count, using: &generator)
            switch round % 4 {
            case 0: bytes[position] = replacements.randomElement(using: &generator) ?? 0
            case 1: bytes.remove(at: position)
            case 2: bytes.insert(replacements.randomElement(using: &generator) ?? 0, at: position)
            default: bytes.removeSubrange(position..<bytes.count)
            }
            return bytes
        }
    }
}
