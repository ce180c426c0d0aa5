/// The byte-level RFC 4180 state machine behind `CSVReader.next()`.
extension CSVReader {
    private static let quote: UInt8 = 0x22
    private static let carriageReturn: UInt8 = 0x0D
    private static let lineFeed: UInt8 = 0x0A

    /// Feeds one byte; returns a row when it completes a non-blank record.
    func consume(_ byte: UInt8) throws(SpreadsheetError) -> SpreadsheetRow? {
        if skipLineFeed {
            skipLineFeed = false
            if byte == Self.lineFeed { return nil }
        }
        recordStarted = true
        switch state {
        case .quoted:
            if byte == Self.quote { state = .quoteInQuoted } else { append(byte) }
            return nil
        case .quoteInQuoted:
            if byte == Self.quote {
                append(byte)
                state = .quoted
                return nil
            }
            // Closing quote; text after it (`"a"b`) is kept, as Excel does.
            state = .unquoted
        case .fieldStart:
            if byte == Self.quote {
                state = .quoted
                return nil
            }
            state = .unquoted
        case .unquoted:
            break
        }
        return try consumeUnquoted(byte)
    }

    private func consumeUnquoted(_ byte: UInt8) throws(SpreadsheetError) -> SpreadsheetRow? {
        switch byte {
        case separatorByte:
            endField()
            state = .fieldStart
            return nil
        case Self.carriageReturn, Self.lineFeed:
            skipLineFeed = byte == Self.carriageReturn
            endField()
            return try endRecord()
        default:
            append(byte)
            return nil
        }
    }

    /// Buffers a byte of the current field, up to the cell limit: past it only the length is
    /// counted, so a huge cell costs no memory.
    private func append(_ byte: UInt8) {
        fieldLength += 1
        if fieldLength <= limits.maxCellBytes { field.append(byte) }
    }

    /// Closes the current field, decoding it unless the row is already lost.
    func endField() {
        columnCount += 1
        if fieldLength > limits.maxCellBytes && oversized == nil {
            oversized = .cellTooLarge(column: columnCount, bytes: fieldLength, limit: limits.maxCellBytes)
        }
        if oversized == nil && columnCount <= limits.maxColumns {
            cells.append(TextDecoding.decode(field[...], as: encoding))
        }
        field.removeAll(keepingCapacity: fieldLength <= 4096)
        fieldLength = 0
    }

    /// Closes the current record: the whole file fails past the column limit, an oversized cell
    /// rejects the row, blank rows are skipped.
    func endRecord() throws(SpreadsheetError) -> SpreadsheetRow? {
        defer {
            rowNumber += 1
            cells = []
            columnCount = 0
            oversized = nil
            recordStarted = false
            state = .fieldStart
        }
        if columnCount > limits.maxColumns {
            finished = true  // The file is unusable: later calls return nil rather than carry on.
            throw .tooManyColumns(row: rowNumber, count: columnCount, limit: limits.maxColumns)
        }
        if let oversized { return SpreadsheetRow(number: rowNumber, cells: [], rejection: oversized) }
        if cells.allSatisfy(\.isEmpty) { return nil }
        return SpreadsheetRow(number: rowNumber, cells: cells)
    }
}
