import Foundation
import Testing

@testable import RelaisReports

@Suite struct ChartSVGTests {
    let format = ChartFormat.englishDefault

    @Test func stackedBarsHaveHandComputedGeometry() {
        // Totals 20 and 30: the axis runs 0…30 in steps of 10, its widest label "30" leaves the 28 pt minimum
        // margin, so the plot spans x 28…588 and y 34…274 (240 points for 30 messages: 8 points each).
        let chart = StackedBarChart(
            title: "Per day", summary: "Messages per day", categories: ["Mon", "Tue"],
            series: [
                ChartSeries(name: "Read", paint: .status(.read), values: [10, 30]),
                ChartSeries(name: "Failed", paint: .status(.failed), values: [10, 0]),
            ])
        let drawing = chart.drawing(width: 600, height: 300, format: format)
        let bars = rects(drawing).filter { $0.label != nil }
        #expect(bars.count == 3)  // The zero segment is not drawn.
        #expect(near(bars[0].x, 70) && near(bars[0].y, 194) && near(bars[0].width, 196) && near(bars[0].height, 80))
        #expect(near(bars[1].y, 114) && near(bars[1].height, 80) && bars[1].paint == .status(.failed))
        #expect(near(bars[2].x, 350) && near(bars[2].y, 34) && near(bars[2].height, 240))
        #expect(bars[0].label == "Mon — Read: 10")
        #expect(texts(drawing).contains("30") && texts(drawing).contains("20"))
        let svg = SVGRenderer.render(drawing, id: "per-day")
        #expect(svg.contains("<rect class=\"paint-status-read\" x=\"70\" y=\"194\" width=\"196\" height=\"80\">"))
        #expect(svg.contains("class=\"paint-status-failed\""))
    }

    @Test func lineChartPlacesPointsOnTheScale() {
        let chart = LineChart(
            title: "Read rate", summary: "Read rate per day", categories: ["1", "2", "3"],
            series: [ChartSeries(name: "Read", paint: .series(0), values: [0, 0.5, 1])], valueIsPercent: true)
        let drawing = chart.drawing(width: 600, height: 300, format: format)
        let polyline = drawing.items.compactMap { item -> [ChartPoint]? in
            if case .polyline(let points, _, _) = item { return points }
            return nil
        }
        #expect(polyline.count == 1)
        let points = polyline[0]
        #expect(points.map(\.y).enumerated().allSatisfy { near($0.element, [274, 154, 34][$0.offset]) })
        #expect(near(points[2].x, 588))
        #expect(near(points[1].x, (points[0].x + points[2].x) / 2))
        #expect(texts(drawing).contains("100%") && texts(drawing).contains("20%"))
        #expect(chart.table(format: format).rows == [["1", "0%"], ["2", "50%"], ["3", "100%"]])
    }

    @Test func funnelStepsNarrowToTheNextStep() {
        let chart = FunnelChart(
            title: "Funnel", summary: "From sent to read",
            steps: [(label: "Sent", value: 1000, paint: .status(.sent)), (label: "Read", value: 500, paint: .status(.read))])
        let drawing = chart.drawing(width: 500, height: 200, format: format)
        // Labels take 28 % (140), figures 24 % (120): the funnel is 224 points wide, centred on x 260.
        let shapes = polygons(drawing)
        #expect(shapes.count == 2)
        let expected: [[(Double, Double)]] = [
            [(148, 11), (372, 11), (316, 89), (204, 89)],
            [(204, 111), (316, 111), (316, 189), (204, 189)],
        ]
        for (shape, corners) in zip(shapes, expected) {
            #expect(zip(shape, corners).allSatisfy { near($0.x, $1.0) && near($0.y, $1.1) })
        }
        #expect(texts(drawing).contains("500 · 50%"))
        #expect(chart.table(format: format).rows == [["Sent", "1,000", "100%"], ["Read", "500", "50%"]])
    }

    @Test func donutStartsAtTwelveOClockAndSharesTheTurn() {
        let chart = DonutChart(
            title: "Statuses", summary: "Final status of each message",
            slices: [
                (label: "Read", value: 1, paint: .status(.read)), (label: "Failed", value: 1, paint: .status(.failed)),
                (label: "Sent", value: 2, paint: .status(.sent)),
            ])
        let drawing = chart.drawing(width: 400, height: 200, format: format)
        // Radius min(200 - 16, 400 × 0.45) / 2 = 90, centre (98, 100).
        let shapes = polygons(drawing)
        #expect(shapes.count == 3)
        #expect(near(shapes[0][0].x, 98) && near(shapes[0][0].y, 10))
        #expect(near(shapes[1][0].x, 188) && near(shapes[1][0].y, 100))  // A quarter turn later: three o'clock.
        #expect(near(shapes[2][0].x, 98) && near(shapes[2][0].y, 190))  // Half a turn: six o'clock.
        #expect(texts(drawing).contains("4"))
        #expect(texts(drawing).contains("2 (50%)"))
    }

    @Test func heatMapBucketsCellsAndMarksMissingOnes() {
        let chart = HeatMapChart(
            title: "Read rate by hour", summary: "Weekday and hour", rows: ["Mon", "Tue"], columns: ["0h", "1h"],
            values: [[0, 0.5], [1, nil]], valueIsPercent: true)
        let drawing = chart.drawing(width: 400, height: 200, format: format)
        let cells = rects(drawing).filter { $0.label != nil }
        #expect(cells.map(\.paint) == [.heat(0), .heat(0.5), .heat(1), .grid])
        #expect(cells[1].label == "Mon, 1h: 50%")
        #expect(cells[3].label == "Tue, 1h: –")
        let svg = SVGRenderer.render(drawing, id: "heat")
        #expect(svg.contains("paint-heat-0") && svg.contains("paint-heat-5") && svg.contains("paint-heat-9"))
        #expect(chart.table(format: format).rows == [["Mon", "0%", "50%"], ["Tue", "100%", "–"]])
    }

    @Test func svgIsWellFormedAccessibleAndEscaped() {
        let hostile = "<script>alert(1)</script> & \"Tom\""
        let charts: [any Chart] = [
            LineChart(title: hostile, summary: hostile, categories: [hostile, "b"], series: [ChartSeries(name: hostile, paint: .series(1), values: [1, 2])]),
            StackedBarChart(title: "t", summary: "s", categories: [hostile], series: [ChartSeries(name: hostile, paint: .series(2), values: [3])]),
            FunnelChart(title: "t", summary: "s", steps: [(label: hostile, value: 3, paint: .series(3))]),
            DonutChart(title: "t", summary: "s", slices: [(label: hostile, value: 3, paint: .status(.optedOut))]),
            HeatMapChart(title: "t", summary: "s", rows: [hostile], columns: [hostile], values: [[0.3]], valueIsPercent: true),
        ]
        for (index, chart) in charts.enumerated() {
            let svg = SVGRenderer.render(chart.drawing(width: 640, height: 320, format: format), id: "c\(index)")
            let parsed = SVGInspection(svg)
            #expect(parsed.wellFormed, "chart \(index)")
            #expect(!svg.contains("<script"), "chart \(index)")
            #expect(!svg.contains("style="), "chart \(index)")
            #expect(parsed.attributesAreFinite, "chart \(index)")
            #expect(parsed.all("svg").first?["role"] == "img")
            #expect(parsed.all("svg").first?["aria-labelledby"] == "c\(index)-title c\(index)-desc")
            #expect(parsed.all("title").first?["id"] == "c\(index)-title")
            #expect(parsed.all("desc").count == 1)
            #expect(parsed.texts.contains { $0.contains("<script>") || $0.contains("…") }, "chart \(index): hostile text kept as text")
        }
        #expect(SVGRenderer.render(charts[0].drawing(width: 640, height: 320, format: format), id: "x").contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Tom&quot;"))
        #expect(SVGRenderer.render(Drawing(width: 10, height: 10, title: "", summary: "", items: [], isEmpty: false), id: "\"><x").contains("id=\"x\" "))
        #expect(SVGRenderer.render(Drawing(width: 10, height: 10, title: "", summary: "", items: [], isEmpty: false), id: "9").contains("id=\"chart-9\" "))
    }

    @Test func emptyDataShowsTheEmptyStateText() {
        let drawings = [
            LineChart(title: "t", summary: "s", categories: [], series: []).drawing(width: 600, height: 300, format: format),
            StackedBarChart(title: "t", summary: "s", categories: ["a"], series: []).drawing(width: 600, height: 300, format: format),
            FunnelChart(title: "t", summary: "s", steps: [(label: "Sent", value: 0, paint: .status(.sent))]).drawing(width: 600, height: 300, format: format),
            DonutChart(title: "t", summary: "s", slices: []).drawing(width: 600, height: 300, format: format),
            HeatMapChart(title: "t", summary: "s", rows: ["a"], columns: ["b"], values: [[nil]], valueIsPercent: false).drawing(width: 600, height: 300, format: format),
        ]
        for drawing in drawings {
            #expect(drawing.isEmpty)
            #expect(texts(drawing) == ["No data for this period"])
            let svg = SVGRenderer.render(drawing, id: "empty")
            #expect(svg.contains("class=\"chart chart-empty\"") && svg.contains(">No data for this period</text>"))
        }
    }

    @Test func badNumbersAreDrawnAsZero() {
        let values = [Double.nan, -5, .infinity, -.infinity, 4]
        let charts: [any Chart] = [
            LineChart(title: "t", summary: "s", categories: ["a", "b", "c", "d", "e"], series: [ChartSeries(name: "n", paint: .series(-3), values: values)]),
            StackedBarChart(title: "t", summary: "s", categories: ["a", "b", "c", "d", "e"], series: [ChartSeries(name: "n", paint: .series(9), values: values)]),
            FunnelChart(title: "t", summary: "s", steps: values.map { (label: "x", value: $0, paint: Paint.series(0)) }),
            DonutChart(title: "t", summary: "s", slices: values.map { (label: "x", value: $0, paint: Paint.series(0)) }),
            HeatMapChart(title: "t", summary: "s", rows: ["r"], columns: ["a", "b", "c", "d", "e"], values: [values], valueIsPercent: false),
            StackedBarChart(title: "t", summary: "s", categories: ["a"], series: [ChartSeries(name: "zero", paint: .series(0), values: [0])]),
        ]
        for (index, chart) in charts.enumerated() {
            for size in [(600.0, 300.0), (0, 0), (.nan, .infinity), (-10, 5)] {
                let drawing = chart.drawing(width: size.0, height: size.1, format: format)
                let parsed = SVGInspection(SVGRenderer.render(drawing, id: "bad"))
                #expect(parsed.wellFormed && parsed.attributesAreFinite, "chart \(index) at \(size)")
            }
        }
        #expect(SVGRenderer.render(charts[0].drawing(width: 600, height: 300, format: format), id: "p").contains("paint-series-5"))  // -3 mod 8
    }

    @Test func tenYearsOfDailyCategoriesRenderWithThinnedLabels() {
        let days = (0..<3650).map { "Day \($0)" }
        let values = (0..<3650).map { Double($0 % 97) }
        let bars = StackedBarChart(title: "t", summary: "s", categories: days, series: [ChartSeries(name: "Sent", paint: .status(.sent), values: values)])
        let line = LineChart(title: "t", summary: "s", categories: days, series: [ChartSeries(name: "Sent", paint: .status(.sent), values: values)])
        for drawing in [bars.drawing(width: 900, height: 320, format: format), line.drawing(width: 900, height: 320, format: format)] {
            let labels = texts(drawing).filter { $0.hasPrefix("Day") }
            #expect(labels.count > 3 && labels.count < 20)
            let parsed = SVGInspection(SVGRenderer.render(drawing, id: "decade"))
            #expect(parsed.wellFormed && parsed.attributesAreFinite)
        }
        #expect(rects(bars.drawing(width: 900, height: 320, format: format)).filter { $0.paint == .status(.sent) }.count == 3650 - 38 + 1)  // 38 days at zero get no bar; plus the legend swatch
    }

    @Test func longLabelsWithEmojiAreTruncated() {
        let long = String(repeating: "Campagne de Noël 🎄 ", count: 16)
        #expect(long.count >= 300)
        let chart = DonutChart(title: long, summary: long, slices: [(label: long, value: 1, paint: .series(0))])
        let drawing = chart.drawing(width: 500, height: 200, format: format)
        let label = texts(drawing).first { $0.hasPrefix("Campagne") }
        #expect(label?.hasSuffix("…") == true)
        #expect(label.map { ChartText.width($0, size: 12, bold: false) < 300 } == true)
        #expect(SVGInspection(SVGRenderer.render(drawing, id: "long")).wellFormed)
        #expect(ChartText.truncate("🎄🎄🎄🎄", maxWidth: 25, size: 10, bold: false) == "🎄…")
    }

    @Test func ticksAreNiceNumbers() {
        #expect(NiceScale(dataMaximum: 30).ticks == [0, 10, 20, 30])
        #expect(NiceScale(dataMaximum: 7) == NiceScale(maximum: 8, step: 2))
        #expect(NiceScale(dataMaximum: 1234) == NiceScale(maximum: 1500, step: 500))
        #expect(NiceScale(dataMaximum: 0.83).step == 0.2)
        #expect(NiceScale(dataMaximum: 0).ticks == [0, 0.25, 0.5, 0.75, 1])
        #expect(NiceScale(dataMaximum: .nan).maximum == 1)
    }

    @Test func numbersAreShortAndFinite() {
        #expect(SVGNumber.format(12) == "12")
        #expect(SVGNumber.format(12.5) == "12.5")
        #expect(SVGNumber.format(-0.05) == "-0.05")
        #expect(SVGNumber.format(.nan) == "0")
        #expect(EnglishNumber.format(12345.6) == "12,345.6")
        #expect(EnglishNumber.format(-1000) == "-1,000")
    }
}
