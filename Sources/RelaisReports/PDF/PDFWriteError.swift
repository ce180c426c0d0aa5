/// Why a PDF report could not be written.
public enum PDFWriteError: Error, Equatable, CustomStringConvertible {
    /// The file could not be created or written (disk full, permissions).
    case unwritable(reason: String)
    /// The writer was used after `finish()`.
    case finished

    public var description: String {
        switch self {
        case .unwritable(let reason): return "The PDF could not be written: \(reason)"
        case .finished: return "The PDF report is already finished."
        }
    }
}
