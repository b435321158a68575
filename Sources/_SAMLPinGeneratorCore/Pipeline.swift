import Foundation
import SAMLMetadata

/// One generator run over a fixed set of inputs: parse → check → translate → render.
struct Pipeline {
    var configuration: GeneratorConfiguration?
    var configurationPath: String
    var configurationText: ConfigurationText
    var metadata: [MetadataInput]
    var serviceProviderSigningCertificate: [UInt8]?
    var now: Date

    /// What checking found: every diagnostic, and the identity providers that can be generated.
    struct Checked {
        var diagnostics: [Diagnostic]
        var selections: [Selection]
    }

    func check() -> Checked {
        var diagnostics: [Diagnostic] = []
        if let configuration {
            diagnostics += ConfigurationChecks.check(
                configuration, file: configurationPath, bytes: configurationText,
                serviceProviderSigningCertificate: serviceProviderSigningCertificate
            )
        }

        // Parse each file once, even when several identity providers come from one aggregate.
        var documents: [String: (input: MetadataInput, document: MetadataDocument?)] = [:]
        var order: [String] = []
        for input in metadata where documents[input.path] == nil {
            order.append(input.path)
            do {
                let document = try MetadataParser.parse(input.bytes, fileName: input.path)
                documents[input.path] = (input, document)
                diagnostics += document.warnings.map {
                    Diagnostic($0.severity == .error ? .error : .warning, $0.message, file: input.diagnosticPath,
                               line: $0.line)
                }
                diagnostics += duplicateEntityProblems(in: document, file: input.diagnosticPath)
            } catch {
                documents[input.path] = (input, nil)
                diagnostics.append(Diagnostic(.error, error.message, file: input.diagnosticPath, line: error.line))
            }
        }

        let selections: [Selection]
        if let configuration {
            (selections, diagnostics) = select(for: configuration, documents: documents, diagnostics: diagnostics)
        } else {
            selections = order.flatMap { path -> [Selection] in
                guard let entry = documents[path], let document = entry.document else { return [] }
                return document.identityProviders.map { entity in
                    Selection(
                        configuration: IdentityProviderConfiguration(slug: "", metadata: path), entity: entity,
                        document: document, input: entry.input
                    )
                }
            }
            diagnostics += crossFileDuplicates(selections)
        }

        for selection in selections {
            diagnostics += EntityChecks(
                entity: selection.entity, document: selection.document, file: selection.input.diagnosticPath,
                policy: selection.configuration, serviceProvider: configuration?.serviceProvider, now: now
            ).run()
        }
        // Several entities of one aggregate can report the same root-level problem; say it once.
        var seen: Set<Diagnostic> = []
        let unique = diagnostics.filter { seen.insert($0).inserted }
        return Checked(diagnostics: Diagnostic.sorted(unique), selections: selections)
    }

    func generate(templates: [String: String]) -> GeneratorResult {
        let checked = check()
        guard let configuration, !checked.diagnostics.contains(where: { $0.severity == .error }) else {
            return GeneratorResult(diagnostics: checked.diagnostics, files: [])
        }
        let context = RenderModel.context(
            configuration: configuration, configurationPath: configurationPath, selections: checked.selections
        )
        var engine = TemplateEngine(templates: templates)
        do {
            let contents = try engine.render(SAMLPinGenerator.mainTemplateName, context: context)
            return GeneratorResult(
                diagnostics: checked.diagnostics,
                files: [RenderedFile(name: SAMLPinGenerator.outputFileName, contents: contents)]
            )
        } catch {
            let diagnostic = Diagnostic(.error, error.message, file: "Templates/\(error.template)", line: error.line)
            return GeneratorResult(diagnostics: Diagnostic.sorted(checked.diagnostics + [diagnostic]), files: [])
        }
    }

    // MARK: Choosing entities

    /// Each entity ID's first position in `document.identityProviders`.
    private static func entityIndex(_ document: MetadataDocument) -> [String: Int] {
        var index: [String: Int] = [:]
        for (position, entity) in document.identityProviders.enumerated() where index[entity.entityID.value] == nil {
            index[entity.entityID.value] = position
        }
        return index
    }

    private func select(
        for configuration: GeneratorConfiguration,
        documents: [String: (input: MetadataInput, document: MetadataDocument?)],
        diagnostics: [Diagnostic]
    ) -> ([Selection], [Diagnostic]) {
        var diagnostics = diagnostics
        var selections: [Selection] = []
        var slugByEntityID: [String: String] = [:]
        // Entity lookups by ID, built once per file: an aggregate may be pinned thousands of times.
        var entityIndexByPath: [String: [String: Int]] = [:]
        var seenSlugs: Set<String> = []
        for (position, provider) in configuration.identityProviders.enumerated() {
            // A repeated slug is already an error of the configuration; checking the entry again would only
            // add a second, misleading error about the same line ("pinned twice, as 'a' and 'a'").
            guard seenSlugs.insert(provider.slug).inserted else { continue }
            let configLine = configurationText.line(ofSlugAt: position, slug: provider.slug)
            guard let entry = documents[provider.metadata] else {
                diagnostics.append(Diagnostic(
                    .error, "metadata file '\(provider.metadata)' of '\(provider.slug)' was not provided; check the "
                        + "path in 'identityProviders'", file: configurationPath, line: configLine
                ))
                continue
            }
            // The file's own error was reported when it was parsed.
            guard let document = entry.document else { continue }
            let file = entry.input.diagnosticPath
            var entityIDs: [String] { document.identityProviders.map(\.entityID.value) }
            var listed: String { Self.list(entityIDs) }

            let entity: IdentityProviderEntity
            if let wanted = provider.entityID {
                // Only the entity the configuration names may be pinned, never a look-alike.
                let index = entityIndexByPath[provider.metadata] ?? Self.entityIndex(document)
                entityIndexByPath[provider.metadata] = index
                guard let position = index[wanted] else {
                    let message = entityIDs.isEmpty
                        ? "'\(wanted)' (chosen for '\(provider.slug)') is not in '\(provider.metadata)', which has no "
                            + "identity provider"
                        : "'\(wanted)' (chosen for '\(provider.slug)') is not an identity provider in "
                            + "'\(provider.metadata)'; the identity providers there are \(listed)"
                    diagnostics.append(Diagnostic(.error, message, file: configurationPath,
                                                  line: configurationText.line(of: "\"\(wanted)\"") ?? configLine))
                    continue
                }
                entity = document.identityProviders[position]
            } else if document.identityProviders.count == 1, let only = document.identityProviders.first {
                entity = only
            } else if document.identityProviders.isEmpty {
                diagnostics.append(Diagnostic(
                    .error, "'\(provider.metadata)' has no EntityDescriptor with an IDPSSODescriptor; it cannot pin "
                        + "an identity provider", file: file, line: nil
                ))
                continue
            } else {
                diagnostics.append(Diagnostic(
                    .error, "'\(provider.metadata)' holds \(entityIDs.count) identity providers; set 'entityID' for "
                        + "'\(provider.slug)' to one of \(listed)", file: configurationPath, line: configLine
                ))
                continue
            }

            // Two slugs pinning one entity would give one IdP two identities in URLs and code.
            if let other = slugByEntityID[entity.entityID.value] {
                diagnostics.append(Diagnostic(
                    .error, "entity '\(entity.entityID.value)' is pinned twice, as '\(other)' and '\(provider.slug)'; "
                        + "keep one", file: configurationPath, line: configLine
                ))
                continue
            }
            slugByEntityID[entity.entityID.value] = provider.slug
            selections.append(
                Selection(configuration: provider, entity: entity, document: document, input: entry.input)
            )
        }
        return (selections, diagnostics)
    }

    /// The most entity IDs one diagnostic quotes; an aggregate can hold thousands.
    static let maximumListedEntityIDs = 10

    /// `'a', 'b', 'c'` in document order, or the first `maximumListedEntityIDs` and `and N more`.
    static func list(_ entityIDs: [String]) -> String {
        let quoted = entityIDs.prefix(maximumListedEntityIDs).map { "'\($0)'" }.joined(separator: ", ")
        let rest = entityIDs.count - maximumListedEntityIDs
        return rest > 0 ? "\(quoted) and \(rest) more" : quoted
    }

    /// An entity ID defined twice in one file makes the choice of entity ambiguous.
    private func duplicateEntityProblems(in document: MetadataDocument, file: String) -> [Diagnostic] {
        var firstLine: [String: Int] = [:]
        var diagnostics: [Diagnostic] = []
        for entity in document.identityProviders {
            let entityID = entity.entityID.value
            if let line = firstLine[entityID] {
                diagnostics.append(Diagnostic(
                    .error, "entity ID '\(entityID)' is defined twice (first on line \(line)); remove one definition",
                    file: file, line: entity.entityID.line
                ))
            } else {
                firstLine[entityID] = entity.entityID.line
            }
        }
        return diagnostics
    }

    /// Without a configuration: the same identity provider in two files.
    private func crossFileDuplicates(_ selections: [Selection]) -> [Diagnostic] {
        var firstFile: [String: String] = [:]
        var diagnostics: [Diagnostic] = []
        for selection in selections {
            let entityID = selection.entity.entityID.value
            let file = selection.input.diagnosticPath
            if let other = firstFile[entityID] {
                if other != file {
                    diagnostics.append(Diagnostic(
                        .error, "entity ID '\(entityID)' is also defined in '\(other)'; pin it from one file only",
                        file: file, line: selection.entity.entityID.line
                    ))
                }
            } else {
                firstFile[entityID] = file
            }
        }
        return diagnostics
    }
}
