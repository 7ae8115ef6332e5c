import Foundation
import IICSADomain
import IICSAReports

/// Renders an `AlertReport` in each output format. Pure: same report, same bytes.
enum AlertRendering {
  static func render(_ report: AlertReport, as format: OutputFormat) -> String {
    switch format {
    case .table: return text(report)
    case .json: return JSONOutput.string(AlertReportJSON(report: report))
    case .csv: return csv(report.rows)
    case .md: return markdown(report)
    }
  }

  static func period(_ report: AlertReport) -> String {
    report.since.map { "from \($0) to \(report.asOf)" } ?? "up to \(report.asOf)"
  }

  static func text(_ report: AlertReport) -> String {
    let t = Escape.terminal
    var out = "Alerts \(period(report)) (\(Provenance.line(log: report.log, knownAt: report.knownAt)))\n"
    out += "\(PledgeText.count(report.rows.count, "alert")): what weakened, newest first\n"
    if report.rows.isEmpty { return out + "\nNothing weakened in this period.\n" }
    let indent = "            "
    for row in report.rows {
      out += "\n\(row.alert.date)  \(row.alert.recommendation)  \(t(row.title))\n"
      out += ShowRendering.wrap(AlertText.describe(row.alert).uppercasedFirst, indent: indent)
      out += ShowRendering.wrap(t(row.statementTitle), indent: indent)
      if let url = row.sourceURL { out += "\(indent)Source: \(t(url))\n" }
      out += "\(indent)Id: \(row.alert.statement)\n"
    }
    return out
  }

  static let csvHeader = [
    "date", "kind", "recommendation", "title", "from", "to", "pledge", "statement", "statement_title", "source_url",
  ]

  static func csv(_ rows: [AlertRow]) -> String {
    Escape.csvLine(csvHeader)
      + rows.map { row in
        Escape.csvLine([
          row.alert.date.description, row.alert.kind.rawValue, row.alert.recommendation.description, row.title,
          row.alert.from ?? "", row.alert.to ?? "", row.alert.pledge?.description ?? "",
          row.alert.statement.rawValue, row.statementTitle, row.sourceURL ?? "",
        ])
      }.joined()
  }

  static func markdown(_ report: AlertReport) -> String {
    var out = "# Alerts \(period(report))\n\n"
    if let knownAt = report.knownAt { out += "As known at \(knownAt).\n\n" }
    out += "Log: \(report.log.length) events, head `\(report.log.head)`.\n\n"
    if report.rows.isEmpty { return out + "Nothing weakened in this period.\n" }
    return out + markdownTable(report.rows)
  }

  /// The Markdown table of alerts, shared with the monthly export.
  static func markdownTable(_ rows: [AlertRow]) -> String {
    let m = Escape.markdownCell
    var out = "| Date | Recommendation | What weakened | Statement |\n|---|---|---|---|\n"
    for row in rows {
      let statement =
        row.sourceURL.map { Escape.markdownLink(row.statementTitle, url: $0) } ?? m(row.statementTitle)
      out +=
        "| \(row.alert.date) | \(row.alert.recommendation) \(m(row.title)) | \(m(AlertText.describe(row.alert))) "
        + "| \(statement) |\n"
    }
    return out
  }
}

/// `{"as_of", "since", "known_at", "log", "alerts": [...]}`.
struct AlertReportJSON: Encodable {
  var report: AlertReport

  enum CodingKeys: String, CodingKey {
    case asOf = "as_of", since, knownAt = "known_at", log, alerts
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(report.asOf, forKey: .asOf)
    try c.encode(report.since, forKey: .since)
    try c.encode(report.knownAt, forKey: .knownAt)
    try c.encode(report.log, forKey: .log)
    try c.encode(report.rows.map(AlertRowJSON.init), forKey: .alerts)
  }
}

/// An alert's keys, plus the titles and source a reader checks it by.
struct AlertRowJSON: Encodable {
  var row: AlertRow

  enum CodingKeys: String, CodingKey {
    case title, statementTitle = "statement_title", sourceURL = "source_url"
  }

  func encode(to encoder: any Encoder) throws {
    try AlertJSON(alert: row.alert).encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(row.title, forKey: .title)
    try c.encode(row.statementTitle, forKey: .statementTitle)
    try c.encode(row.sourceURL, forKey: .sourceURL)
  }
}
