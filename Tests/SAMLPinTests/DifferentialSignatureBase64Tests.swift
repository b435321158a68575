@preconcurrency import CXMLSec
import Foundation
import SAMLPinSupport
import Testing

/// The narrow engine's decoder of DigestValue and SignatureValue text against libxmlsec1's own
/// (`xmlSecBase64Decode_ex`), which the reference engine reads the same text with: the same bytes,
/// or a refusal from both, for valid values, wrapped and spaced ones, and damaged ones.
@Suite("differential: signature base64 against libxmlsec1's decoder")
struct DifferentialSignatureBase64Tests {
    private static func xmlsec(_ text: String) -> [UInt8]? {
        var output = [UInt8](repeating: 0, count: text.utf8.count + 4)
        var written: UInt32 = 0
        let result = text.withXMLChars { xmlSecBase64Decode_ex($0, &output, UInt32(output.count), &written) }
        return result == 0 ? Array(output.prefix(Int(written))) : nil
    }

    private static func narrow(_ text: String) -> [UInt8]? {
        text.withXMLChars { SignatureBase64.decode($0) }
    }

    @Test("valid, spaced, unpadded and damaged values, seeded")
    func seededValues() throws {
        try LibraryInitialization.ensure()
        var generator = SplitMix64(state: 3)
        var accepted = 0
        var refused = 0
        for round in 0..<3_000 {
            let length = Int.random(in: 0...300, using: &generator)
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var characters = Array(Data(bytes).base64EncodedString(options: [.lineLength64Characters]))
            // One damage or none: whitespace, padding moved or dropped, a stray character, a tail.
            switch round % 8 {
            case 1:
                for _ in 0..<Int.random(in: 1...6, using: &generator) {
                    let space = [" ", "\t", "\r", "\n"].randomElement(using: &generator)!
                    characters.insert(Character(space), at: Int.random(in: 0...characters.count, using: &generator))
                }
            case 2:
                characters.removeAll { $0 == "=" }
            case 3:
                characters.insert("=", at: Int.random(in: 0...characters.count, using: &generator))
            case 4:
                let stray = ["*", "-", "_", ".", "é", "\u{0B}"].randomElement(using: &generator)!
                characters.insert(Character(stray), at: Int.random(in: 0...characters.count, using: &generator))
            case 5:
                characters += ["\n", " ", "\t"]
            case 6:
                characters += ["A"]
            case 7:
                if !characters.isEmpty {
                    characters.remove(at: Int.random(in: 0..<characters.count, using: &generator))
                }
            default:
                break
            }
            let text = String(characters)
            let expected = Self.xmlsec(text)
            #expect(Self.narrow(text) == expected, "round \(round): '\(text.prefix(80))'")
            if expected == nil { refused += 1 } else { accepted += 1 }
        }
        // Both outcomes are exercised in earnest.
        #expect(accepted > 1_000)
        #expect(refused > 500)
    }
}
