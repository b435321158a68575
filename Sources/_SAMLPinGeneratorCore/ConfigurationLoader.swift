import Foundation

/// Reads `saml-pin.json` into a `GeneratorConfiguration`, turning every decoding problem into one
/// diagnostic that names the key and the file.
public enum ConfigurationLoader {
    /// The largest configuration file accepted, in bytes.
    public static let maximumSize = 1 << 20

    /// Decodes a configuration file.
    ///
    /// - Parameters:
    ///   - bytes: the file's content (UTF-8 JSON).
    ///   - fileName: the path printed in diagnostics.
    /// - Returns: the configuration, or an error diagnostic for the first problem found: a JSON
    ///   syntax error, an unknown key, a missing key or a value of the wrong type.
    public static func load(_ bytes: [UInt8], fileName: String) -> Result<GeneratorConfiguration, Diagnostic> {
        // An oversized file is refused before decoding so it cannot exhaust memory.
        guard bytes.count <= maximumSize else {
            return .failure(Diagnostic(
                .error, "the configuration is \(bytes.count) bytes; the limit is \(maximumSize) bytes",
                file: fileName
            ))
        }
        do {
            let configuration = try JSONDecoder().decode(GeneratorConfiguration.self, from: Data(bytes))
            return .success(configuration)
        } catch let error as StrictKeys.UnknownKeyError {
            let place = error.codingPath.isEmpty ? "at the top level" : "in '\(render(error.codingPath))'"
            let message = "unknown key '\(error.key)' \(place); the known keys are "
                + error.allowed.map { "'\($0)'" }.joined(separator: ", ")
            return .failure(Diagnostic(.error, message, file: fileName, line: line(ofKey: error.key, in: bytes)))
        } catch let error as DecodingError {
            return .failure(diagnostic(for: error, fileName: fileName, bytes: bytes))
        } catch {
            return .failure(Diagnostic(.error, "the configuration could not be read: \(error)", file: fileName))
        }
    }

    private static func diagnostic(for error: DecodingError, fileName: String, bytes: [UInt8]) -> Diagnostic {
        switch error {
        case .keyNotFound(let key, let context):
            let path = render(context.codingPath + [key])
            return Diagnostic(.error, "the required key '\(path)' is missing; add it", file: fileName)
        case .typeMismatch(let type, let context):
            return Diagnostic(
                .error, "'\(render(context.codingPath))' must be \(describe(type))",
                file: fileName, line: context.codingPath.last.flatMap { line(ofKey: $0.stringValue, in: bytes) }
            )
        case .valueNotFound(let type, let context):
            return Diagnostic(
                .error, "'\(render(context.codingPath))' must be \(describe(type)), not null",
                file: fileName, line: context.codingPath.last.flatMap { line(ofKey: $0.stringValue, in: bytes) }
            )
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return Diagnostic(
                    .error, "the configuration is not valid JSON; fix its syntax", file: fileName,
                    line: syntaxErrorLine(in: bytes)
                )
            }
            let key = context.codingPath.last?.stringValue
            let detail = allowedValues(ofKey: key).map { "use one of " + $0.map { "'\($0)'" }.joined(separator: ", ") }
            return Diagnostic(
                .error, "'\(render(context.codingPath))' has an invalid value; \(detail ?? context.debugDescription)",
                file: fileName, line: key.flatMap { line(ofKey: $0, in: bytes) }
            )
        @unknown default:
            return Diagnostic(.error, "the configuration could not be read: \(error)", file: fileName)
        }
    }

    /// The values a key with a fixed set of values accepts, for the message that refuses another.
    private static func allowedValues(ofKey key: String?) -> [String]? {
        switch key {
        case "signatureRequirement": return IdentityProviderConfiguration.SignatureRequirement.allCases.map(\.rawValue)
        case "accessModifier": return GeneratorConfiguration.AccessModifier.allCases.map(\.rawValue)
        default: return nil
        }
    }

    /// The line of a JSON syntax error, from the character offset Foundation's parser reports.
    private static func syntaxErrorLine(in bytes: [UInt8]) -> Int? {
        do {
            _ = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
            return nil
        } catch {
            let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? ""
            guard let range = description.range(of: "character "),
                let offset = Int(description[range.upperBound...].prefix { $0.isNumber })
            else { return nil }
            return bytes.prefix(min(offset, bytes.count)).reduce(1) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        }
    }

    /// `identityProviders[0].slug` from a coding path.
    static func render(_ path: [any CodingKey]) -> String {
        var text = ""
        for key in path {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return text
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        case is [String].Type: return "an array of strings"
        default: return "a value of type '\(type)'"
        }
    }

    /// The 1-based line where `"key"` first appears, so the diagnostic points near the problem.
    static func line(ofKey key: String, in bytes: [UInt8]) -> Int? {
        line(of: "\"" + key + "\"", in: bytes)
    }

    /// The 1-based line where `needle` first appears in `bytes`.
    static func line(of needle: String, in bytes: [UInt8]) -> Int? {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return nil }
        var line = 1
        var index = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern) {
                return line
            }
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
        return nil
    }
}
