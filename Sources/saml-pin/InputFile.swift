#if canImport(Glibc)
    import Glibc

    private let systemRead = Glibc.read
#elseif canImport(Darwin)
    import Darwin

    private let systemRead = Darwin.read
#endif

/// Reading the files named on the command line, with one clear error line on failure.
enum InputFile {
    /// The largest file read, in bytes: the metadata parser's own ceiling.
    static let maximumSize = 64 << 20

    /// Why a file could not be read.
    struct ReadError: Error, Sendable, Equatable, CustomStringConvertible {
        var path: String
        var reason: String

        var description: String { "cannot read '\(path)': \(reason)" }
    }

    /// Reads a whole file.
    ///
    /// - Parameters:
    ///   - path: the path as the user wrote it (also used in the error).
    ///   - maximumSize: files larger than this are refused without being read.
    /// - Returns: the bytes.
    /// - Throws: `ReadError` naming the path and the system's reason (missing, a directory, no permission,
    ///   too large).
    static func read(_ path: String, maximumSize: Int = maximumSize) throws(ReadError) -> [UInt8] {
        // Opening a FIFO for reading would wait for a writer forever; non-blocking open returns at once.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw ReadError(path: path, reason: systemReason(errno))
        }
        defer { close(descriptor) }

        // A FIFO or device could block forever or never end: read regular files only.
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw ReadError(path: path, reason: systemReason(errno))
        }
        if (status.st_mode & S_IFMT) == S_IFDIR {
            throw ReadError(path: path, reason: systemReason(EISDIR))
        }
        guard (status.st_mode & S_IFMT) == S_IFREG else {
            throw ReadError(path: path, reason: "not a regular file")
        }

        // An oversized input would be read into memory whole; refuse it first.
        guard Int(status.st_size) <= maximumSize else {
            throw ReadError(path: path, reason: "file is larger than \(maximumSize) bytes")
        }

        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(status.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                systemRead(descriptor, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if errno == EINTR {
                    continue
                }
                throw ReadError(path: path, reason: systemReason(errno))
            }
            if count == 0 {
                break
            }
            bytes.append(contentsOf: chunk[0..<count])
            // The file may have grown since fstat; the ceiling still holds.
            guard bytes.count <= maximumSize else {
                throw ReadError(path: path, reason: "file is larger than \(maximumSize) bytes")
            }
        }
        return bytes
    }

    /// The C library's message for `code` (`No such file or directory`).
    static func systemReason(_ code: Int32) -> String {
        guard let message = strerror(code) else {
            return "error \(code)"
        }
        return String(cString: message)
    }
}
