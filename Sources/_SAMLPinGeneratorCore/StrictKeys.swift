/// Refuses JSON object keys that a configuration type does not know.
///
/// Foundation's `JSONDecoder` ignores unknown keys; a misspelt policy key (`allowSha1`) would then
/// silently keep the default, so every configuration type checks its keys first.
enum StrictKeys {
    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }

        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { return nil }
    }

    /// An unknown key, with the coding path of the object that holds it.
    struct UnknownKeyError: Error {
        var key: String
        var codingPath: [any CodingKey]
        var allowed: [String]
    }

    static func refuseUnknownKeys(in decoder: any Decoder, allowed: [String]) throws {
        let container = try decoder.container(keyedBy: AnyKey.self)
        // Sorted so that the first unknown key reported does not depend on dictionary order.
        let unknown = container.allKeys.map(\.stringValue).filter { !allowed.contains($0) }.sorted()
        if let first = unknown.first {
            throw UnknownKeyError(key: first, codingPath: decoder.codingPath, allowed: allowed)
        }
    }
}
