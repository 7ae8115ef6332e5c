import Foundation
import IICSADomain
import IICSAReports

/// Renders a `DiffReport` in each output format. Pure: same report, same bytes.
enum DiffRendering {
  static func render(_ report: DiffReport, as format: OutputFormat) -> String {
    switch format {
    case .table: return text(report)
    case .json: return JSONOutput.string(DiffJSON(report: report))
    case .csv: return csv(report)
    case .md: return markdown(report)
    }
  }

  static func fromText(_ status: Status?, of kind: Recommendation.Kind) -> String {
    status.map { ChangeText.status($0, of: kind) } ?? "not yet published"
  }

  static func text(_ report: DiffReport) -> String {
    let t = Escape.terminal
    var out =
      "Changes after \(report.from) up to \(report.to) "
      + "(\(Provenance.line(log: report.log, knownAt: report.knownAt)))\n"
    let count = report.rows.count
    out += "\(count) recommendation\(count == 1 ? "" : "s") changed\n"
    let indent = "            "
    for row in report.rows {
      out += "\n\(row.id)  \(t(row.title))\n"
      out += "\(indent)\(fromText(row.from, of: row.kind))\n\(indent)→ \(ChangeText.status(row.to, of: row.kind))\n"
      for step in row.steps {
        out += ShowRendering.wrap(
          "\(step.date) \(step.statement): \(ChangeText.describe(from: step.from, to: step.to))",
          indent: indent + "  ", first: indent)
      }
    }
    return out
  }

  static let csvHeader = [
    "id", "source", "title", "from_position", "from_stage", "from_headline", "to_position",
    "to_stage", "to_headline", "change_date", "statement", "source_url",
  ]

  /// Tidy: one row per responsible change; a recommendation that only appeared (its report was
  /// published between the dates) has one row with empty change fields.
  static func csv(_ report: DiffReport) -> String {
    var out = Escape.csvLine(csvHeader)
    for row in report.rows {
      let head = [
        row.id.description, row.source.rawValue, row.title,
        row.from?.position.rawValue ?? "", row.from?.stage.rawValue ?? "",
        row.from?.headline(for: row.kind).rawValue ?? "", row.to.position.rawValue, row.to.stage.rawValue,
        row.to.headline(for: row.kind).rawValue,
      ]
      if row.steps.isEmpty { out += Escape.csvLine(head + ["", "", ""]) }
      for step in row.steps {
        out += Escape.csvLine(
          head + [step.date.description, step.statement.rawValue, step.sourceURL ?? ""])
      }
    }
    return out
  }

  static func markdown(_ report: DiffReport) -> String {
    let m = Escape.markdownCell
    var out = "# Changes after \(report.from) up to \(report.to)\n\n"
    if let knownAt = report.knownAt { out += "As known at \(knownAt).\n\n" }
    out += "Log: \(report.log.length) events, head `\(report.log.head)`.\n\n"
    if report.rows.isEmpty { return out + "No recommendation changed.\n" }
    out += "| ID | Title | From | To | Statements |\n|---|---|---|---|---|\n"
    for row in report.rows {
      let statements = row.steps.map { step in
        let name = "\(step.date) \(step.statement.rawValue)"
        return step.sourceURL.map { Escape.markdownLink(name, url: $0) } ?? m(name)
      }.joined(separator: "; ")
      out +=
        "| \(row.id) | \(m(row.title)) | \(m(fromText(row.from, of: row.kind))) | \(m(ChangeText.status(row.to, of: row.kind))) "
        + "| \(statements.isEmpty ? "—" : statements) |\n"
    }
    return out
  }
}

/// The JSON of `diff`.
struct DiffJSON: Encodable {
  var report: DiffReport

  enum CodingKeys: String, CodingKey {
    case from, to, log, recommendations
    case knownAt = "known_at"
  }

  struct Row: Encodable {
    var row: DiffRow

    enum CodingKeys: String, CodingKey {
      case id, source, title, from, to, changes
    }

    struct Step: Encodable {
      var step: DiffStep
      var kind: Recommendation.Kind

      enum CodingKeys: String, CodingKey {
        case date, statement, from, to
        case sourceURL = "source_url"
      }

      func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(step.date, forKey: .date)
        try c.encode(step.statement, forKey: .statement)
        try c.encode(StatusJSONValue(step.from, of: kind), forKey: .from)
        try c.encode(StatusJSONValue(step.to, of: kind), forKey: .to)
        try c.encode(step.sourceURL, forKey: .sourceURL)
      }
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(row.id, forKey: .id)
      try c.encode(row.source, forKey: .source)
      try c.encode(row.title, forKey: .title)
      try c.encode(row.from.map { StatusJSONValue($0, of: row.kind) }, forKey: .from)
      try c.encode(StatusJSONValue(row.to, of: row.kind), forKey: .to)
      try c.encode(row.steps.map { Step(step: $0, kind: row.kind) }, forKey: .changes)
    }
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(report.from, forKey: .from)
    try c.encode(report.to, forKey: .to)
    try c.encode(report.knownAt, forKey: .knownAt)
    try c.encode(report.log, forKey: .log)
    try c.encode(report.rows.map(Row.init), forKey: .recommendations)
  }
}
