/// The configuration file's bytes, for pointing diagnostics at a line. Without bytes no line is given.
struct ConfigurationText {
    var bytes: [UInt8]?

    func line(of needle: String) -> Int? {
        bytes.flatMap { ConfigurationLoader.line(of: needle, in: $0) }
    }
}
