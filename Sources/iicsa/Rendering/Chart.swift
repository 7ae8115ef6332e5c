import IICSADomain
import IICSAReports

/// The export's chart: how many recommendations had each headline at each month end, as stacked
/// bars in inline SVG. Drawn here, not by a script, so that it shows with JavaScript off, prints,
/// and costs no network request.
enum HeadlineChart {
  /// Bottom to top: delivery first, so the green band grows upwards as things get done.
  static let order: [Headline] = [.done, .inProgress, .promised, .accepted, .awaitingAnswer, .notAccepted]

  static func colour(_ headline: Headline) -> String {
    switch headline {
    case .done: return "#1b7a3a"
    case .inProgress: return "#d99a00"
    case .promised: return "#3a6fb0"
    case .notAccepted: return "#b3261e"
    case .awaitingAnswer: return "#6b6b6b"
    case .accepted: return "#2f6f73"
    }
  }

  static let width = 800
  static let height = 320
  static let left = 44
  static let right = 12
  static let top = 14
  static let bottom = 40

  /// The SVG element for `months`, with a text alternative for screen readers.
  static func svg(_ months: [ChartMonth]) -> String {
    let maxTotal = max(1, months.map(\.total).max() ?? 1)
    let step = tickStep(maxTotal)
    let yMax = ((maxTotal + step - 1) / step) * step
    let plotWidth = Double(width - left - right)
    let plotHeight = Double(height - top - bottom)
    let slot = plotWidth / Double(max(1, months.count))
    let barWidth = max(1, slot * 0.78)
    func y(_ value: Int) -> Double { Double(top) + plotHeight * (1 - Double(value) / Double(yMax)) }

    let label: String
    if let last = months.last, let first = months.first {
      let counts = order.map { "\(last.counts[$0] ?? 0) \($0.label)" }.joined(separator: ", ")
      label =
        "Recommendations by headline at each month end from \(MonthlyExport.name(of: first.month)) "
        + "to \(MonthlyExport.name(of: last.month)). At the end: \(counts)."
    } else {
      label = "No months to show."
    }
    var out =
      "<svg class=\"chart\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" "
      + "aria-label=\"\(Escape.html(label))\" xmlns=\"http://www.w3.org/2000/svg\">\n"
    // Grid lines and y labels.
    var tick = 0
    while tick <= yMax {
      let ty = number(y(tick))
      out +=
        "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(ty)\" y2=\"\(ty)\" class=\"grid\"/>"
      out +=
        "<text x=\"\(left - 6)\" y=\"\(number(y(tick) + 4))\" class=\"ylabel\">\(tick)</text>\n"
      tick += step
    }
    for (index, month) in months.enumerated() {
      let x = Double(left) + slot * Double(index) + (slot - barWidth) / 2
      var base = 0
      for headline in order {
        let count = month.counts[headline] ?? 0
        guard count > 0 else { continue }
        let top = y(base + count)
        let title = "\(MonthlyExport.name(of: month.month)): \(count) \(headline.label)"
        out +=
          "<rect x=\"\(number(x))\" y=\"\(number(top))\" width=\"\(number(barWidth))\" "
          + "height=\"\(number(y(base) - top))\" fill=\"\(colour(headline))\">"
          + "<title>\(Escape.html(title))</title></rect>"
        base += count
      }
      // Label the first month and every January, so the axis reads as years.
      if index == 0 || month.month.month == 1 {
        let text = index == 0 ? short(month.month) : String(month.month.year)
        out +=
          "<text x=\"\(number(x + barWidth / 2))\" y=\"\(height - bottom + 16)\" class=\"xlabel\">"
          + "\(text)</text><line x1=\"\(number(x + barWidth / 2))\" x2=\"\(number(x + barWidth / 2))\" "
          + "y1=\"\(height - bottom)\" y2=\"\(height - bottom + 4)\" class=\"axis\"/>"
      }
      out += "\n"
    }
    out +=
      "<line x1=\"\(left)\" x2=\"\(width - right)\" y1=\"\(height - bottom)\" "
      + "y2=\"\(height - bottom)\" class=\"axis\"/>\n"
    out += "</svg>\n"
    return out
  }

  /// A legend as HTML, so that it wraps on a phone.
  static func legend() -> String {
    "<ul class=\"legend\">"
      + order.map { headline in
        "<li><span class=\"swatch\" style=\"background:\(colour(headline))\"></span>\(headline.label)</li>"
      }.joined() + "</ul>\n"
  }

  /// `Oct 2022`.
  static func short(_ month: Month) -> String {
    String(MonthlyExport.name(of: month).prefix(3)) + " \(month.year)"
  }

  /// A step of 1, 2 or 5 times a power of ten giving at most about six grid lines.
  static func tickStep(_ maximum: Int) -> Int {
    var magnitude = 1
    while true {
      for factor in [1, 2, 5] where maximum / (factor * magnitude) <= 6 {
        return factor * magnitude
      }
      magnitude *= 10
    }
  }

  /// A coordinate to one decimal place, without a locale or trailing `.0`: the same bytes on every
  /// machine.
  static func number(_ value: Double) -> String {
    let tenths = Int((value * 10).rounded())
    let sign = tenths < 0 ? "-" : ""
    let magnitude = abs(tenths)
    return magnitude % 10 == 0
      ? "\(sign)\(magnitude / 10)" : "\(sign)\(magnitude / 10).\(magnitude % 10)"
  }
}
