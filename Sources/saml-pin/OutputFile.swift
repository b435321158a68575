#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writing generated files without touching those whose content did not change.
enum OutputFile {
    /// Why a generated file could not be written.
    struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        var path: String
        var reason: String

        var description: String { "cannot write '\(path)': \(reason)" }
    }

    /// Writes `bytes` to `directory/name` unless the file already holds exactly these bytes.
    ///
    /// The directory is created when missing. A new file is written beside the target and renamed over it,
    /// so a reader never sees half a file.
    ///
    /// - Returns: whether the file was written.
    /// - Throws: `WriteError` naming the path and the system's reason.
    @discardableResult
    static func writeIfChanged(_ bytes: [UInt8], named name: String, in directory: String) throws(WriteError) -> Bool {
        let path = directory.hasSuffix("/") ? directory + name : directory + "/" + name

        // An identical file is left alone, keeping its modification time.
        if let existing = try? InputFile.read(path, maximumSize: bytes.count), existing == bytes {
            return false
        }

        try createDirectory(directory)

        let temporaryPath = path + ".tmp-\(getpid())"
        let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw WriteError(path: path, reason: InputFile.systemReason(errno))
        }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 && errno == EINTR {
                continue
            }
            guard count > 0 else {
                let reason = InputFile.systemReason(errno)
                close(descriptor)
                unlink(temporaryPath)
                throw WriteError(path: path, reason: reason)
            }
            written += count
        }
        guard close(descriptor) == 0, rename(temporaryPath, path) == 0 else {
            let reason = InputFile.systemReason(errno)
            unlink(temporaryPath)
            throw WriteError(path: path, reason: reason)
        }
        return true
    }

    /// Creates `directory` and its missing parents.
    private static func createDirectory(_ directory: String) throws(WriteError) {
        var prefix = directory.hasPrefix("/") ? "/" : ""
        for component in directory.split(separator: "/") {
            prefix += component + "/"
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw WriteError(path: directory, reason: InputFile.systemReason(errno))
            }
        }
    }
}
