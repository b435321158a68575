// `saml-pin`: pins SAML identity provider metadata as generated Swift, and checks it.
// This file only dispatches; each command lives in its own file.

import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
let exitCode: Int32

switch arguments.first {
case "inspect":
    exitCode = runInspectCommand(Array(arguments.dropFirst()))
case "lint":
    exitCode = runLintCommand(Array(arguments.dropFirst()))
case "generate":
    exitCode = runGenerateCommand(Array(arguments.dropFirst()))
case "verify":
    exitCode = runVerifyCommand(Array(arguments.dropFirst()))
default:
    exitCode = runToolCommand(arguments)
}

exit(exitCode)
