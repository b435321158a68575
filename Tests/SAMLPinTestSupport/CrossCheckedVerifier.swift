import SAMLPin

extension ResponseVerifier {
    /// This verifier with both signature engines run on every signature and key.
    ///
    /// Every verifier the tests build goes through here, so each test input is also a
    /// differential test of the narrow engine against libxmlsec1: a disagreement fails the
    /// message with `internal.signatureEnginesDisagree`, which no test expects.
    public var crossChecked: ResponseVerifier {
        ResponseVerifier(copying: self, signatureEngine: .crossChecked, replayCache: replayCache)
    }
}
