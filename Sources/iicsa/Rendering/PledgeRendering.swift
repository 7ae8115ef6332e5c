import Foundation
import IICSADomain
import IICSAStore

/// One pledge and its state on the report's day.
struct PledgeRow: Hashable {
  var record: PledgeRecord
  /// The day the state is for.
  var day: Day
  var state: PledgeStatus
  /// The short title of the recommendation it concerns.
  var title: String

  /// Overdue first (most days first), then open (soonest due first), then fulfilled (most
  /// recent first); ties by the day made and the pledge id, so the order never depends on the log.
  var sortKey: (Int, Int, Day, String, Int) {
    let never = Day(daysSinceEpoch: 3_000_000)
    // The ordinal compares as a number, so a statement's pledge 2 comes before its pledge 11.
    let made = (record.madeOn, record.statement.rawValue, record.ordinal)
    switch state {
    case .overdue(let days): return (0, -days, made.0, made.1, made.2)
    case .open: return (1, (record.pledge.due ?? never).daysSinceEpoch, made.0, made.1, made.2)
    case .fulfilled(let by, _): return (2, -by.date.daysSinceEpoch, made.0, made.1, made.2)
    }
  }

  var isOverdue: Bool {
    if case .overdue = state { return true }
    return false
  }
}

/// What `iicsa pledges` reports: every pledge made by a day, and its state that day.
struct PledgeReport {
  var asOf: Day
  var knownAt: Timestamp?
  var log: LogHead
  var rows: [PledgeRow]

  /// The pledges of a tracker replayed as of `day`; only overdue ones if `overdueOnly`.
  init(_ tracker: Tracker, on day: Day, log: LogHead, overdueOnly: Bool = false) {
    self.init(
      tracker.pledges, titles: tracker.states.mapValues(\.recommendation.title), on: day,
      knownAt: tracker.knownAt, log: log, overdueOnly: overdueOnly)
  }

  /// The pledges made by `day`, with the titles of their recommendations.
  init(
    _ records: [PledgeRecord], titles: [RecommendationID: String], on day: Day, knownAt: Timestamp?,
    log: LogHead, overdueOnly: Bool = false
  ) {
    asOf = day
    self.knownAt = knownAt
    self.log = log
    rows = records.filter { $0.madeOn <= day }
      .map { record in
        PledgeRow(
          record: record, day: day, state: record.status(on: day),
          title: titles[record.pledge.recommendation] ?? "")
      }
      .filter { !overdueOnly || $0.isOverdue }
      .sorted { $0.sortKey < $1.sortKey }
  }

  /// How many rows are in each state.
  var counts: (overdue: Int, open: Int, fulfilled: Int) {
    var counts = (overdue: 0, open: 0, fulfilled: 0)
    for row in rows {
      switch row.state {
      case .overdue: counts.overdue += 1
      case .open: counts.open += 1
      case .fulfilled: counts.fulfilled += 1
      }
    }
    return counts
  }
}

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
    let counts = report.counts
    var out =
      "Pledges as of \(report.asOf) (\(Provenance.line(log: report.log, knownAt: report.knownAt)))\n"
    out += "\(counts.overdue) overdue · \(counts.open) open · \(counts.fulfilled) fulfilled\n"
    if report.rows.isEmpty { return out + "\nNo pledges match.\n" }
    let indent = "            "
    for row in report.rows {
      let pledge = row.record.pledge
      out += "\n\(pledge.recommendation)  \(t(row.title))\n"
      out += ShowRendering.wrap(t(pledge.text), indent: indent)
      out += "\(indent)made \(row.record.madeOn) in \(row.record.statement)\n"
      out += ShowRendering.wrap(t(PledgeText.terms(pledge)), indent: indent)
      let state = PledgeText.state(row.state)
      out += indent + (row.isOverdue ? state.uppercased() : state) + "\n"
    }
    return out
  }

  static let csvHeader = [
    "pledge", "recommendation", "title", "made_on", "statement", "text", "target", "due",
    "due_text", "state", "days_overdue", "fulfilled_on", "fulfilled_by", "days_late",
  ]

  static func csv(_ rows: [PledgeRow]) -> String {
    Escape.csvLine(csvHeader)
      + rows.map { row in
        let pledge = row.record.pledge
        var overdue = ""
        var fulfilledOn = ""
        var fulfilledBy = ""
        var late = ""
        switch row.state {
        case .open: break
        case .overdue(let days): overdue = String(days)
        case .fulfilled(let by, let daysLate):
          fulfilledOn = by.date.description
          fulfilledBy = by.statement.rawValue
          late = String(daysLate)
        }
        return Escape.csvLine([
          row.record.id, pledge.recommendation.description, row.title,
          row.record.madeOn.description, row.record.statement.rawValue, pledge.text,
          pledge.target.description, pledge.due?.description ?? "", pledge.dueText ?? "",
          PledgeText.name(row.state), overdue, fulfilledOn, fulfilledBy, late,
        ])
      }.joined()
  }

  static func markdown(_ report: PledgeReport) -> String {
    var out = "# Pledges as of \(report.asOf)\n\n"
    if let knownAt = report.knownAt { out += "As known at \(knownAt).\n\n" }
    out += "Log: \(report.log.length) events, head `\(report.log.head)`.\n\n"
    let counts = report.counts
    out += "\(counts.overdue) overdue · \(counts.open) open · \(counts.fulfilled) fulfilled\n\n"
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
      let state = PledgeText.state(row.state)
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
