import Foundation

/// The exit codes of `saml-pin`, following the BSD `sysexits` convention for usage errors.
enum ExitCode {
    /// Everything went well.
    static let success: Int32 = 0
    /// The input was read but is wrong (diagnostics with severity error), or could not be read.
    static let failure: Int32 = 1
    /// The command line itself is wrong (`EX_USAGE`).
    static let usage: Int32 = 64
}

/// A mistake on the command line, reported with the command's usage and exit code 64.
struct UsageError: Error, Sendable, Equatable {
    /// What is wrong, for a person (`unknown option '--foo'`).
    var message: String
}

/// What a command accepts on its command line.
///
/// Each command declares one of these and calls `run(_:_:)`, which handles `--help`, usage errors and
/// exit codes the same way for every command:
///
/// ```swift
/// let command = CommandLineInterface(
///     name: "lint", usage: usageText, valueOptions: ["--config", "--now"], flags: []
/// )
/// return command.run(arguments) { parsed in ... }
/// ```
struct CommandLineInterface: Sendable {
    /// The command's name as typed after `saml-pin` (empty for the tool itself).
    var name: String
    /// The help text printed for `--help` (to stdout) and after a usage error (to stderr).
    var usage: String
    /// Options that take a value, written `--name value` or `--name=value`.
    var valueOptions: Set<String>
    /// Options that take no value.
    var flags: Set<String>

    init(name: String, usage: String, valueOptions: Set<String> = [], flags: Set<String> = []) {
        self.name = name
        self.usage = usage
        self.valueOptions = valueOptions
        self.flags = flags
    }

    /// The prefix of this command's error lines (`saml-pin lint`).
    var displayName: String { name.isEmpty ? "saml-pin" : "saml-pin \(name)" }

    /// Parses `arguments` and runs `body`, or prints help or a usage error.
    ///
    /// - Parameters:
    ///   - arguments: the arguments after the command's name.
    ///   - body: the command itself; it may throw `UsageError` for checks that need the parsed values
    ///     (a missing required option, a malformed `--now`).
    /// - Returns: 0 after `--help`, 64 after a usage error, else what `body` returns.
    func run(_ arguments: [String], _ body: (ParsedArguments) throws(UsageError) -> Int32) -> Int32 {
        do {
            let parsed = try parse(arguments)
            if parsed.wantsHelp {
                StandardOutput.write(usage)
                return ExitCode.success
            }
            return try body(parsed)
        } catch {
            reportUsageError(error)
            return ExitCode.usage
        }
    }

    /// Prints `error` and the usage text to stderr.
    func reportUsageError(_ error: UsageError) {
        StandardError.write("\(displayName): error: \(error.message)")
        StandardError.write(usage)
    }

    /// Splits `arguments` into options, flags and positionals.
    ///
    /// `--help` and `-h` are always accepted. `--` ends option parsing: everything after it is positional.
    ///
    /// - Throws: `UsageError` for an unknown option, an option without its value, a value given to a
    ///   flag, or an option repeated.
    func parse(_ arguments: [String]) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments()
        var index = arguments.startIndex
        var optionsEnded = false

        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1

            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                parsed.positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "-h" || argument == "--help" {
                parsed.wantsHelp = true
                continue
            }

            // `--name=value` carries its value inline.
            let name: String
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            } else {
                name = argument
            }

            if flags.contains(name) {
                guard inlineValue == nil else {
                    throw UsageError(message: "option '\(name)' takes no value")
                }
                parsed.flags.insert(name)
            } else if valueOptions.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < arguments.endIndex {
                    value = arguments[index]
                    index += 1
                } else {
                    throw UsageError(message: "option '\(name)' needs a value")
                }
                // A repeated option would silently override the first one.
                guard parsed.values[name] == nil else {
                    throw UsageError(message: "option '\(name)' is given more than once")
                }
                parsed.values[name] = value
            } else {
                throw UsageError(message: "unknown option '\(name)'")
            }
        }
        return parsed
    }
}

/// The command line of one command, split into its parts.
struct ParsedArguments: Sendable, Equatable {
    /// Values of options that take one, by option name (`--config`).
    var values: [String: String] = [:]
    /// Flags that were given (`--json`).
    var flags: Set<String> = []
    /// Arguments that are not options, in order.
    var positionals: [String] = []
    /// Whether `--help` or `-h` was given.
    var wantsHelp = false

    /// The value of `option`, if given.
    func value(_ option: String) -> String? {
        values[option]
    }

    /// The value of `option`.
    ///
    /// - Throws: `UsageError` when the option is missing.
    func requiredValue(_ option: String) throws(UsageError) -> String {
        guard let value = values[option] else {
            throw UsageError(message: "missing required option '\(option)'")
        }
        return value
    }

    /// Whether the flag was given.
    func has(_ flag: String) -> Bool {
        flags.contains(flag)
    }

    /// The value of `option` read as an ISO 8601 instant (`2026-01-31T12:00:00Z`, fractional seconds
    /// and offsets allowed), or nil when the option is absent.
    ///
    /// - Throws: `UsageError` when the value is not such an instant.
    func instant(_ option: String) throws(UsageError) -> Date? {
        guard let text = values[option] else {
            return nil
        }
        guard let date = Self.parseInstant(text) else {
            throw UsageError(
                message: "'\(text)' given to '\(option)' is not an ISO 8601 instant like 2026-01-31T12:00:00Z"
            )
        }
        return date
    }

    /// Exactly `count` positionals.
    ///
    /// - Parameter what: what the positionals are, for the error (`metadata file`).
    /// - Throws: `UsageError` when there are more or fewer.
    func positionals(count: Int, what: String) throws(UsageError) -> [String] {
        guard positionals.count == count else {
            let noun = count == 1 ? "one \(what)" : "\(count) \(what)s"
            throw UsageError(message: "expected \(noun), got \(positionals.count) argument(s)")
        }
        return positionals
    }

    /// Reads an ISO 8601 instant with or without fractional seconds.
    static func parseInstant(_ text: String) -> Date? {
        let styles = [
            Date.ISO8601FormatStyle(),
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
        ]
        for style in styles {
            if let date = try? style.parse(text) {
                return date
            }
        }
        return nil
    }
}
