import Foundation
import IICSADomain
import IICSAReports

/// Renders a `PledgeReport` in each output format. Pure: same report, same bytes.
enum PledgeRendering {
  static func render(_ report: PledgeReport, as format: OutputFormat) -> String {
    switch format {
    case .table: return text(report)
    case .json: return JSONOutput.string(PledgeReportJSON(report: report))
    case .csv: return csv(report.rows)
    case .md: return markdown(report)
    }
  }

  /// One block per pledge, grouped by state: pledge texts are too long for columns at 80
  /// characters, and a campaigner reads these one by one.
  static func text(_ report: PledgeReport) -> String {
    let t = Escape.terminal
    var out =
      "Pledges as of \(report.asOf) (\(Provenance.line(log: report.log, knownAt: report.knownAt)))\n"
    out += report.countsLine + "\n"
    if report.rows.isEmpty { return out + "\nNo pledges match.\n" }
    let indent = "            "
    for row in report.rows {
      let pledge = row.record.pledge
      out += "\n\(pledge.recommendation)  \(t(row.title))\n"
      out += ShowRendering.wrap(t(pledge.text), indent: indent)
      out += "\(indent)made \(row.record.madeOn) in \(row.record.statement)\n"
      out += ShowRendering.wrap(t(PledgeText.terms(pledge)), indent: indent)
      if let slip = PledgeText.slip(row.record) { out += indent + slip + "\n" }
      out += indent + ShowRendering.pledgeState(row.state) + "\n"
      if case .ended(let end, _) = row.state, let note = end.note {
        out += ShowRendering.wrap("Note: " + t(note), indent: indent)
      }
    }
    return out
  }

  /// The columns through `days_late` are those of earlier versions; the rest were added after.
  static let csvHeader = [
    "pledge", "recommendation", "title", "made_on", "statement", "text", "target", "due",
    "due_text", "state", "days_overdue", "fulfilled_on", "fulfilled_by", "days_late",
    "ended_on", "ended_by", "note", "replaces", "replaced_by", "baseline_due", "slipped_days",
  ]

  static func csv(_ rows: [PledgeRow]) -> String {
    Escape.csvLine(csvHeader)
      + rows.map { row in
        let pledge = row.record.pledge
        var overdue = ""
        var fulfilledOn = ""
        var fulfilledBy = ""
        var late = ""
        var end: PledgeEnd?
        switch row.state {
        case .open: break
        case .overdue(let days): overdue = String(days)
        case .ended(let ended, let daysLate):
          end = ended
          if ended.ending == .fulfilled {
            fulfilledOn = ended.by.date.description
            fulfilledBy = ended.by.statement.rawValue
          }
          if ended.ending == .fulfilled || ended.ending == .met { late = String(daysLate) }
        }
        let chained = pledge.replaces != nil
        return Escape.csvLine([
          row.record.id, pledge.recommendation.description, row.title,
          row.record.madeOn.description, row.record.statement.rawValue, pledge.text,
          pledge.target.description, pledge.due?.description ?? "", pledge.dueText ?? "",
          row.state.name, overdue, fulfilledOn, fulfilledBy, late,
          end?.by.date.description ?? "", end?.by.statement.rawValue ?? "", end?.note ?? "",
          pledge.replaces?.description ?? "", end?.replacement?.description ?? "",
          chained ? row.record.baselineDue?.description ?? "" : "",
          chained ? row.record.slippedDays.map(String.init) ?? "" : "",
        ])
      }.joined()
  }

  static func markdown(_ report: PledgeReport) -> String {
    var out = "# Pledges as of \(report.asOf)\n\n"
    if let knownAt = report.knownAt { out += "As known at \(knownAt).\n\n" }
    out += "Log: \(report.log.length) events, head `\(report.log.head)`.\n\n"
    out += report.countsLine + "\n\n"
    if report.rows.isEmpty { return out + "No pledges match.\n" }
    return out + markdownTable(report.rows)
  }

  /// The Markdown table of pledges, shared with the monthly export.
  static func markdownTable(_ rows: [PledgeRow]) -> String {
    let m = Escape.markdownCell
    var out = "| Recommendation | Made on | Pledge | Target | Due | State |\n"
    out += "|---|---|---|---|---|---|\n"
    for row in rows {
      let pledge = row.record.pledge
      var due = pledge.due?.description ?? "—"
      if let words = pledge.dueText { due += " (\(m(words)))" }
      var state = PledgeText.state(row.state)
      if let slip = PledgeText.slip(row.record) { state += "; " + slip }
      out +=
        "| \(pledge.recommendation) \(m(row.title)) | \(row.record.madeOn) | \(m(pledge.text)) "
        + "| \(m(pledge.target.description)) | \(due) | "
        + (row.isOverdue ? "**\(m(state))**" : m(state)) + " |\n"
    }
    return out
  }
}

/// The JSON of `pledges`: snake_case keys, ISO dates, the log it was drawn from.
struct PledgeReportJSON: Encodable {
  var report: PledgeReport

  enum CodingKeys: String, CodingKey {
    case asOf = "as_of"
    case knownAt = "known_at"
    case log, pledges
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(report.asOf, forKey: .asOf)
    try container.encode(report.knownAt, forKey: .knownAt)
    try container.encode(report.log, forKey: .log)
    try container.encode(report.rows.map(PledgeRowJSON.init), forKey: .pledges)
  }
}

/// One pledge in JSON: `show`'s pledge keys plus the recommendation's title.
struct PledgeRowJSON: Encodable {
  var row: PledgeRow

  enum CodingKeys: String, CodingKey { case title }

  func encode(to encoder: any Encoder) throws {
    try PledgeJSON(row.record, on: row.day).encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(row.title, forKey: .title)
  }
}

extension PledgeReport {
  /// `2 overdue · 3 open · 1 fulfilled`, then each other way of ending that some pledge took.
  var countsLine: String {
    let counts = counts
    let always = ["overdue", "open", "fulfilled"].map { "\(counts[$0] ?? 0) \($0)" }
    let others = [PledgeEnding.met, .superseded, .withdrawn].compactMap { ending in
      counts[ending.rawValue].map { "\($0) \(ending.rawValue)" }
    }
    return (always + others).joined(separator: " · ")
  }
}
