/// Runs `saml-pin verify`.
///
/// - Parameter arguments: the arguments after the word `verify`.
/// - Returns: the process exit code.
func runVerifyCommand(_ arguments: [String]) -> Int32 {
    StandardError.write("saml-pin verify: error: this build of saml-pin cannot verify responses")
    return ExitCode.failure
}
