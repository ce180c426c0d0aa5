/// Text encodings the CSV reader understands; detected from the bytes unless the caller forces one.
public enum CSVEncoding: String, Sendable, Equatable, CaseIterable {
    case utf8
    case utf16LittleEndian
    case utf16BigEndian
    /// What Excel on Windows writes for "CSV (séparateur: point-virgule)" in Western Europe.
    case windows1252
    /// ISO-8859-1; differs from Windows-1252 only in 0x80–0x9F.
    case latin1
}
