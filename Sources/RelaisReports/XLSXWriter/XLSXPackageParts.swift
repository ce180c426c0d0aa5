/// The small fixed XML parts of a workbook written by `XLSXWriter`: content types,
/// relationships, the workbook and the style sheet.
enum XLSXPackageParts {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    private static let relationshipType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// `[Content_Types].xml`: every part must be declared or Excel offers to repair the file.
    static func contentTypes(sheetCount: Int) -> String {
        var xml = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
        xml += #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
        xml += #"<Default Extension="xml" ContentType="application/xml"/>"#
        xml += #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
        for index in 1...max(sheetCount, 1) {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" "#
            xml += #"ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        }
        xml += #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
        return xml + "</Types>"
    }

    /// `_rels/.rels`: the package's entry point.
    static let rootRelationships =
        declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipType)/officeDocument" Target="xl/workbook.xml"/>"#
        + "</Relationships>"

    /// `xl/workbook.xml`: sheets `rId1…rIdN` in tab order.
    static func workbook(sheetNames: [String]) -> String {
        var xml = declaration + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipsNamespace)">"#
        xml += #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (offset, name) in sheetNames.enumerated() {
            xml += #"<sheet name="\#(XMLText.escaped(name))" sheetId="\#(offset + 1)" r:id="rId\#(offset + 1)"/>"#
        }
        return xml + "</sheets></workbook>"
    }

    /// `xl/_rels/workbook.xml.rels`: the sheets, then the styles as `rId(N+1)`.
    static func workbookRelationships(sheetCount: Int) -> String {
        var xml = declaration + #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#
        for index in 1...max(sheetCount, 1) {
            xml += #"<Relationship Id="rId\#(index)" Type="\#(relationshipType)/worksheet" Target="worksheets/sheet\#(index).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relationshipType)/styles" Target="styles.xml"/>"#
        return xml + "</Relationships>"
    }

    /// `xl/styles.xml`: the `<cellXfs>` rows are the cases of `XLSXStyle`, in order.
    static let styles =
        declaration + #"<styleSheet xmlns="\#(mainNamespace)">"#
        + #"<numFmts count="3"><numFmt numFmtId="164" formatCode="0.0%"/>"#
        + #"<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm:ss"/><numFmt numFmtId="166" formatCode="yyyy-mm-dd"/></numFmts>"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        + #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        + #"<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>"#
        + #"<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="2" borderId="0" xfId="0" applyFont="1" applyFill="1"/>"#
        + numberStyle(3) + numberStyle(4) + numberStyle(164) + numberStyle(165) + numberStyle(166) + "</cellXfs>"
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>"#
        + "</styleSheet>"

    private static func numberStyle(_ id: Int) -> String {
        #"<xf numFmtId="\#(id)" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
    }
}
