/// Swift names derived from configuration: slugs become member names, type names are validated.
enum SwiftNames {
    /// Members of the generated types that a slug's Swift name must not shadow.
    static let generatedMembers: Set<String> = [
        "serviceProvider", "identityProviders", "identityProvider", "configuration", "allCases", "rawValue",
        "init", "self", "Type", "Protocol", "deinit", "subscript",
    ]

    /// Words that need backticks to be used as a name.
    static let keywords: Set<String> = [
        "associatedtype", "borrowing", "break", "case", "catch", "class", "consume", "consuming", "continue",
        "default", "defer", "do", "else", "enum", "extension", "fallthrough", "false", "fileprivate", "for",
        "func", "guard", "if", "import", "in", "inout", "internal", "is", "let", "nil", "operator", "package",
        "precedencegroup", "private", "protocol", "public", "repeat", "rethrows", "return", "static", "struct",
        "super", "switch", "throw", "throws", "true", "try", "typealias", "var", "where", "while", "as", "any",
        "await", "some", "copy", "discard", "macro", "nonisolated", "open",
    ]

    /// Why a slug is not acceptable, or nil when it is.
    ///
    /// Slugs appear in URLs and become Swift names, so only lowercase ASCII letters, digits and
    /// single hyphens between them are allowed.
    static func problem(withSlug slug: String) -> String? {
        if slug.isEmpty { return "is empty" }
        let allowed = slug.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
        }
        if !allowed { return "may contain only lowercase letters a-z, digits and '-'" }
        if slug.hasPrefix("-") || slug.hasSuffix("-") { return "must not start or end with '-'" }
        if slug.contains("--") { return "must not contain '--'" }
        if slug.count > 64 { return "is longer than 64 characters" }
        return nil
    }

    /// The camelCase Swift name of a valid slug, without backticks: `example-okta-com` →
    /// `exampleOktaCom`; a leading digit gets the prefix `idp` (`1password` → `idp1password`).
    static func identifier(forSlug slug: String) -> String {
        var result = ""
        var upperNext = false
        for character in slug {
            if character == "-" {
                upperNext = true
            } else if upperNext {
                result += character.uppercased()
                upperNext = false
            } else {
                result.append(character)
            }
        }
        if let first = result.first, first.isNumber { result = "idp" + result }
        return result
    }

    /// `name`, in backticks when it is a keyword.
    static func escaped(_ name: String) -> String {
        keywords.contains(name) ? "`\(name)`" : name
    }

    /// Whether `name` can name a generated type: an ASCII identifier starting with a letter or `_`.
    static func isValidTypeName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !keywords.contains(name), !generatedMembers.contains(name) else {
            return false
        }
        let isLetter: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_"
        }
        return isLetter(first) && name.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
    }
}
