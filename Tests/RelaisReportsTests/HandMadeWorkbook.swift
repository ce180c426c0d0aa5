/// XML parts of small workbooks written by hand, the way other producers lay them out.
enum HandMadeWorkbook {
    static let main = #"xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main""#
    static let relationships = #"xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#
    static let relationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A workbook with `sheets` (name, XML), plus optional shared strings and styles parts.
    static func parts(sheets: [(String, String)], sharedStrings: String? = nil, styles: String? = nil) -> [(String, String)] {
        var workbook = #"<?xml version="1.0" encoding="UTF-8"?><workbook \#(main) \#(relationships)><sheets>"#
        var rels = #"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        var parts: [(String, String)] = []
        for (index, sheet) in sheets.enumerated() {
            workbook += #"<sheet name="\#(sheet.0)" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
            rels += #"<Relationship Id="rId\#(index + 1)" Type="\#(relationshipType)/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
            parts.append(("xl/worksheets/sheet\(index + 1).xml", sheet.1))
        }
        if sharedStrings != nil {
            rels += #"<Relationship Id="rId90" Type="\#(relationshipType)/sharedStrings" Target="sharedStrings.xml"/>"#
        }
        if styles != nil { rels += #"<Relationship Id="rId91" Type="\#(relationshipType)/styles" Target="/xl/styles.xml"/>"# }
        parts.append(("xl/workbook.xml", workbook + "</sheets></workbook>"))
        parts.append(("xl/_rels/workbook.xml.rels", rels + "</Relationships>"))
        if let sharedStrings { parts.append(("xl/sharedStrings.xml", sharedStrings)) }
        if let styles { parts.append(("xl/styles.xml", styles)) }
        return parts
    }

    /// A worksheet part around `rows` (the XML of `<row>` elements).
    static func sheet(_ rows: String) -> String {
        #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet \#(main) \#(relationships)><sheetData>\#(rows)</sheetData></worksheet>"#
    }

    /// Shared strings: a rich text entry with a phonetic guide that must be ignored, then plain ones.
    static let sharedStrings =
        #"<?xml version="1.0" encoding="UTF-8"?><sst \#(main) count="5" uniqueCount="5">"#
        + "<si><t>name</t></si><si><t>phone</t></si><si><t>birthday</t></si>"
        + #"<si><r><rPr><b/></rPr><t>Ren</t></r><r><t xml:space="preserve">ée &amp; Zoë 🎉</t></r><rPh sb="0" eb="1"><t>RENE</t></rPh></si>"#
        + "<si><t>note</t></si></sst>"

    /// Styles: 0 General, 1 built-in date 14, 2 custom dd/mm/yyyy, 3 built-in date-time 22,
    /// 4 built-in #,##0 (not a date), 5 custom text with a quoted "d" (not a date).
    static let styles =
        #"<?xml version="1.0" encoding="UTF-8"?><styleSheet \#(main)>"#
        + #"<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0&quot; days&quot;"/></numFmts>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs><cellXfs count="6">"#
        + #"<xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="22"/><xf numFmtId="3"/><xf numFmtId="165"/></cellXfs></styleSheet>"#
}
