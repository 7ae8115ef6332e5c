import Foundation
import IICSADomain
import IICSAReports

/// Renders a `TimelineReport` in each output format. Pure: same report, same bytes.
enum TimelineRendering {
  static func render(_ report: TimelineReport, as format: OutputFormat) -> String {
    switch format {
    case .table: return text(report)
    case .json: return JSONOutput.string(TimelineJSON(report: report))
    case .csv: return csv(report.entries)
    case .md: return markdown(report)
    }
  }

  static func text(_ report: TimelineReport) -> String {
    let t = Escape.terminal
    let indent = "            "
    var out =
      "Timeline from \(report.range) (\(Provenance.line(log: report.log, knownAt: report.knownAt)))\n"
    out += "\(report.entries.count) statement\(report.entries.count == 1 ? "" : "s")\n"
    for entry in report.entries {
      let s = entry.statement.statement
      let when =
        s.date.description + (s.datePrecision == .day ? "" : " (\(s.datePrecision.rawValue) only)")
      out += "\n" + ShowRendering.wrap(t(s.title), indent: indent, first: "\(when)  ")
      out += ShowRendering.wrap(
        "\(t(s.speaker)), \(t(s.role)) [\(s.kind.rawValue)]", indent: indent)
      for effect in entry.effects {
        let words = ChangeText.effect(
          effect.what, pledge: entry.pledge(of: effect.what))
        out += ShowRendering.wrap(
          "\(effect.recommendation): \(t(words))", indent: indent + "  ", first: indent)
      }
      for link in s.sources { out += "\(indent)Source: \(t(link.url)) (\(t(link.publisher)))\n" }
      out += CorrectionText.lines(entry.corrections, indent: indent)
      out += "\(indent)Id: \(s.id)\n"
    }
    if !report.retracted.isEmpty {
      out += "\nWithdrawn from the record\n"
      for entry in report.retracted {
        guard let s = entry.retracted else { continue }
        out += "\n" + ShowRendering.wrap(t(s.title), indent: indent, first: "\(s.date)  ")
        out += CorrectionText.lines([entry.record], indent: indent)
        out += "\(indent)Id: \(s.id)\n"
      }
    }
    return out
  }

  /// The statements in the layout `record` reads back (`StatementCSV`): one row per entry, with
  /// the status each change started from beside it.
  static func csv(_ entries: [TimelineEntry]) -> String {
    StatementCSV.render(
      entries.flatMap { entry in
        var before: [RecommendationID: Status] = [:]
        for effect in entry.effects {
          if case .changed(let from, _, _, _) = effect.what { before[effect.recommendation] = from }
        }
        return StatementCSV.rows(entry.statement.statement, before: before)
      })
  }

  static func markdown(_ report: TimelineReport) -> String {
    let m = Escape.markdownCell
    var out = "# Timeline from \(report.range)\n\n"
    if let knownAt = report.knownAt { out += "As known at \(knownAt).\n\n" }
    out += "Log: \(report.log.length) events, head `\(report.log.head)`.\n"
    for entry in report.entries {
      let s = entry.statement.statement
      out += "\n## \(s.date): \(m(s.title))\n\n"
      out += "\(m(s.speaker)), \(m(s.role)) (\(s.kind.rawValue)). \(m(s.summary))\n\n"
      for effect in entry.effects {
        let words = ChangeText.effect(
          effect.what, pledge: entry.pledge(of: effect.what))
        out += "- \(effect.recommendation): \(m(words))\n"
      }
      out +=
        "- Sources: "
        + s.sources.map { Escape.markdownLink($0.publisher, url: $0.url) }.joined(
          separator: ", ")
        + "\n"
    }
    return out
  }
}

/// The JSON of `timeline`.
struct TimelineJSON: Encodable {
  var report: TimelineReport

  enum CodingKeys: String, CodingKey {
    case from, to, log, statements, retracted
    case knownAt = "known_at"
  }

  /// A statement withdrawn from the record: its id, date and title, and the retraction.
  struct RetractedJSON: Encodable {
    var entry: CorrectionEntry
    enum CodingKeys: String, CodingKey { case id, date, title, correction }
    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(entry.retracted?.id, forKey: .id)
      try c.encode(entry.retracted?.date, forKey: .date)
      try c.encode(entry.retracted?.title, forKey: .title)
      try c.encode(StepJSON.CorrectionJSON(record: entry.record), forKey: .correction)
    }
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(report.from, forKey: .from)
    try c.encode(report.to, forKey: .to)
    try c.encode(report.knownAt, forKey: .knownAt)
    try c.encode(report.log, forKey: .log)
    try c.encode(report.entries.map(StatementJSON.init), forKey: .statements)
    try c.encode(report.retracted.map(RetractedJSON.init), forKey: .retracted)
  }
}

/// One statement and its effects, in `timeline`'s JSON.
struct StatementJSON: Encodable {
  var entry: TimelineEntry

  enum CodingKeys: String, CodingKey {
    case effects, corrections
  }

  func encode(to encoder: any Encoder) throws {
    try StatementFieldsJSON(entry.statement).encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(
      entry.effects.map { effect in
        EffectJSON(
          what: effect.what, recommendation: effect.recommendation, kind: effect.kind,
          statement: entry.statement.statement.id)
      }, forKey: .effects)
    try c.encode(entry.corrections.map(StepJSON.CorrectionJSON.init), forKey: .corrections)
  }
}

/// A statement's own fields in JSON, shared by `show`, `timeline` and `export`: one encoding, so
/// the same statement reads the same everywhere.
struct StatementFieldsJSON: Encodable {
  var statement: RecordedStatement
  init(_ statement: RecordedStatement) { self.statement = statement }

  enum CodingKeys: String, CodingKey {
    case id, date, kind, title, speaker, role, summary, sources, confidence, note, corrected
    case datePrecision = "date_precision"
    case recordedAt = "recorded_at"
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let s = statement.statement
    try c.encode(s.id, forKey: .id)
    try c.encode(s.date, forKey: .date)
    try c.encode(s.datePrecision, forKey: .datePrecision)
    try c.encode(statement.recordedAt, forKey: .recordedAt)
    try c.encode(s.kind, forKey: .kind)
    try c.encode(s.title, forKey: .title)
    try c.encode(s.speaker, forKey: .speaker)
    try c.encode(s.role, forKey: .role)
    try c.encode(s.summary, forKey: .summary)
    try c.encode(s.sources, forKey: .sources)
    try c.encode(s.confidence, forKey: .confidence)
    try c.encode(s.note, forKey: .note)
    try c.encode(statement.corrected, forKey: .corrected)
  }
}
