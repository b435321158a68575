import Foundation
import Testing

@testable import SAMLPin

/// The form value decoder against Foundation's base64 decoder, over every length and split of the
/// fast paths (eight characters at a time, four at a time, one at a time), with whitespace
/// anywhere, and every kind of bad character at every position.
@Suite("form value decoding against Foundation's base64")
struct FormValueDecoderTests {
    @Test("every length from 1 to 300 bytes, padded, unpadded and wrapped")
    func lengths() throws {
        var generator = SplitMix64(state: 1)
        for length in 1...300 {
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let encoded = Data(bytes).base64EncodedString()
            #expect(try FormValueDecoder.decode(encoded, maximumSize: 1 << 20) == bytes, "length \(length)")
            let unpadded = String(encoded.prefix { $0 != "=" })
            #expect(try FormValueDecoder.decode(unpadded, maximumSize: 1 << 20) == bytes, "unpadded \(length)")
            for width in [1, 3, 5, 7, 9, 64, 76] {
                let wrapped = Data(bytes).base64EncodedString()
                    .enumerated().map { index, character in
                        index > 0 && index % width == 0 ? "\r\n\(character)" : "\(character)"
                    }.joined()
                #expect(
                    try FormValueDecoder.decode(wrapped, maximumSize: 1 << 20) == bytes,
                    "length \(length) width \(width)")
            }
        }
    }

    @Test("whitespace of every kind at random places")
    func whitespace() throws {
        var generator = SplitMix64(state: 2)
        for round in 0..<400 {
            let length = Int.random(in: 1...2_000, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var characters = Array(Data(bytes).base64EncodedString())
            for _ in 0..<Int.random(in: 0...40, using: &generator) {
                let space = [" ", "\t", "\r", "\n"].randomElement(using: &generator)!
                characters.insert(Character(space), at: Int.random(in: 0...characters.count, using: &generator))
            }
            #expect(
                try FormValueDecoder.decode(String(characters), maximumSize: 1 << 20) == bytes, "round \(round)")
        }
    }

    @Test("a character outside the alphabet at every position is refused")
    func badCharacters() throws {
        let encoded = Array(Data((0..<90).map { UInt8($0) }).base64EncodedString())
        for position in 0..<encoded.count {
            for bad in ["*", "-", "_", "\u{0}", "é", "=", "\u{0B}"] {
                var characters = encoded
                characters[position] = Character(bad)
                // A '=' where the padding already is leaves the value unchanged, which is fine.
                if bad == "=", position >= encoded.count - 2 { continue }
                let error = #expect(throws: SAMLError.self, "'\(bad)' at \(position)") {
                    try FormValueDecoder.decode(String(characters), maximumSize: 1 << 20)
                }
                #expect(error?.code == .invalidBase64, "'\(bad)' at \(position)")
            }
        }
    }
}
