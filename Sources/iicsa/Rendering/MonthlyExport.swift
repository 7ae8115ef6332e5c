import Foundation
import IICSADomain
import IICSAStore

/// One status change dated in the export's month.
struct MonthChange: Hashable {
  var date: Day
  var statement: RecordedStatement
  var recommendation: RecommendationID
  var title: String
  var from: Status
  var to: Status
  var note: String?
  var reason: String?

  /// The statement's first source: what the change is cited to.
  var sourceURL: String? { statement.statement.sources.first(where: \.hasWebURL)?.url }
}

/// How many recommendations had each headline at the end of one month.
struct ChartMonth: Hashable {
  var month: Month
  /// The day counted: the month's last day, or the export's day for its own month.
  var day: Day
  var counts: [Headline: Int]

  var total: Int { counts.values.reduce(0, +) }
}

/// Everything `export` writes, gathered once from the log as it stood at `knownAt`: the
/// renderers only format it, so that the same known-at gives the same bytes.
struct MonthlyExport {
  /// The first month the chart shows: the IICSA final report (20 October 2022).
  static let chartStart = Month(iso: "2022-10") ?? Month(Day(daysSinceEpoch: 0))

  var month: Month
  /// The status day: the month's last day, or the known-at day when the month is not over.
  var asOf: Day
  var knownAt: Timestamp
  /// The `status` report as of `asOf`, known at `knownAt`.
  var status: StatusReport
  var tracker: Tracker
  /// The month's status changes, in the order applied.
  var changes: [MonthChange]
  /// Every pledge made by `asOf`, overdue first.
  var pledges: [PledgeRow]
  /// Headline counts at each month end from `chartStart` to `month`.
  var chart: [ChartMonth]
  /// Every statement applied by `asOf`, in date order, with its effects: the feed.
  var statements: [TimelineEntry]

  /// The day an export of `month` made at `knownAt` is for.
  static func day(for month: Month, knownAt: Timestamp) -> Day { min(month.last, knownAt.day) }

  /// Gathers an export from a status report and a tracker replayed as of the same day and time.
  init(month: Month, knownAt: Timestamp, status: StatusReport, tracker: Tracker) {
    self.month = month
    self.asOf = status.asOf
    self.knownAt = knownAt
    self.status = status
    self.tracker = tracker
    let day = status.asOf
    changes = tracker.orderedStatements.filter { month.contains($0.statement.date) }
      .flatMap { entry in
        entry.statement.changes.compactMap { change -> MonthChange? in
          let id = change.recommendation
          guard let state = tracker.states[id],
            let step = state.history.first(where: {
              $0.statement == entry.statement.id && $0.isChange
            }),
            case .changed(let from, let to, let note, let reason) = step.what
          else { return nil }
          return MonthChange(
            date: entry.statement.date, statement: entry, recommendation: id,
            title: state.recommendation.title, from: from, to: to, note: note, reason: reason)
        }
      }
    pledges = PledgeReport(tracker, on: day, log: status.log).rows
    var chart: [ChartMonth] = []
    var current = min(MonthlyExport.chartStart, month)
    while current <= month {
      let end = min(current.last, day)
      var counts: [Headline: Int] = [:]
      for state in tracker.orderedStates where state.published <= end {
        counts[state.status(on: end).headline, default: 0] += 1
      }
      chart.append(ChartMonth(month: current, day: end, counts: counts))
      current = current.next
    }
    self.chart = chart
    statements = TimelineReport(tracker, from: nil, to: day, log: status.log).entries
  }

  var overduePledges: [PledgeRow] { pledges.filter(\.isOverdue) }

  /// Where a recommendation's status can be checked: its last change's statement, else the
  /// recommendation's own source in the catalogue, else its report.
  func statusURL(_ row: StatusRow) -> String? {
    if let change = row.lastChange, let url = tracker.sourceURL(of: change.statement) { return url }
    let state = tracker.states[row.id]
    if let url = state?.recommendation.sources.first(where: \.hasWebURL)?.url { return url }
    return tracker.reports[row.source].map(\.url)
  }

  /// `June 2025`.
  var monthName: String { Self.name(of: month) }

  static func name(of month: Month) -> String {
    let names = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ]
    return "\(names[(month.month - 1) % 12]) \(month.year)"
  }
}

extension HistoryEntry {
  var isChange: Bool {
    if case .changed = what { return true }
    return false
  }
}

/// The export's CSV, JSON and Markdown files.
enum ExportFiles {
  static let statusCSVHeader = StatusRendering.csvHeader + ["last_change_source_url"]

  /// `status.csv`: `status --format csv` plus the URL the last change is cited to.
  static func statusCSV(_ export: MonthlyExport) -> String {
    Escape.csvLine(statusCSVHeader)
      + export.status.rows.map { row in
        Escape.csvLine([
          row.id.description, row.source.rawValue, String(row.id.number), row.title,
          row.status.position.rawValue, row.status.stage.rawValue, row.headline.rawValue,
          row.lastChange?.date.description ?? "", row.lastChange?.statement.rawValue ?? "",
          String(row.openPledges), String(row.overduePledges),
          row.lastChange.flatMap { export.tracker.sourceURL(of: $0.statement) } ?? "",
        ])
      }.joined()
  }

  static let changesCSVHeader = [
    "date", "statement", "statement_title", "speaker", "recommendation", "recommendation_title",
    "from_position", "to_position", "from_stage", "to_stage", "from_headline", "to_headline",
    "note", "reason", "source_url",
  ]

  /// `changes.csv`: one row per change dated in the month, one value per cell.
  static func changesCSV(_ export: MonthlyExport) -> String {
    Escape.csvLine(changesCSVHeader)
      + export.changes.map { change in
        let s = change.statement.statement
        return Escape.csvLine([
          change.date.description, s.id.rawValue, s.title, s.speaker,
          change.recommendation.description,
          change.title, change.from.position.rawValue, change.to.position.rawValue,
          change.from.stage.rawValue, change.to.stage.rawValue, change.from.headline.rawValue,
          change.to.headline.rawValue, change.note ?? "", change.reason ?? "",
          change.sourceURL ?? "",
        ])
      }.joined()
  }

  /// `status.json`: the `status` contract, plus `month`, `changes` and `pledges`.
  static func statusJSON(_ export: MonthlyExport) -> String {
    JSONOutput.string(ExportJSON(export: export))
  }

  /// `status.md`: a newsletter summary, then the full table.
  static func markdown(_ export: MonthlyExport) -> String {
    let m = Escape.markdownCell
    let status = export.status
    var out = "# Government promises on child sexual abuse: \(export.monthName)\n\n"
    out += "Status on \(export.asOf), as the record stood at \(export.knownAt). "
    out += "Log: \(status.log.length) events, head `\(status.log.head)`.\n\n"
    out += "## Headlines\n\n"
    out += "| Source | Done | In progress | Promised | Not accepted | Total |\n"
    out += "|---|---:|---:|---:|---:|---:|\n"
    for (source, counts) in status.headlineCounts() {
      let total = counts.values.reduce(0, +)
      out +=
        "| \(m(source.title)) (\(source.id)) | "
        + Headline.allCases.map { String(counts[$0] ?? 0) }.joined(separator: " | ")
        + " | \(total) |\n"
    }
    out += "\n## What changed in \(export.monthName)\n\n"
    if export.changes.isEmpty { out += "No status changed this month.\n" }
    for change in export.changes {
      let s = change.statement.statement
      var line =
        "- \(change.date) **\(change.recommendation)** \(m(change.title)): "
        + m(ChangeText.describe(from: change.from, to: change.to))
        + " — \(m(s.title)) (\(m(s.speaker)))"
      if let url = change.sourceURL, let publisher = s.sources.first?.publisher {
        line += " [\(m(publisher))](<\(Escape.markdownURL(url))>)"
      }
      out += line + "\n"
    }
    out += "\n## Overdue pledges\n\n"
    let overdue = export.overduePledges
    out += overdue.isEmpty ? "None.\n" : PledgeRendering.markdownTable(overdue)
    out += "\n## Every recommendation\n\n"
    out += "| ID | Title | Headline | Position | Stage | Last change |\n|---|---|---|---|---|---|\n"
    for row in status.rows {
      var last = "—"
      if let change = row.lastChange {
        last = "\(change.date) \(m(change.statement.rawValue))"
        if let url = export.statusURL(row) { last = "[\(last)](<\(Escape.markdownURL(url))>)" }
      }
      out +=
        "| \(row.id) | \(m(row.title)) | \(row.headline.label) | \(row.status.position.label) "
        + "| \(row.status.stage.label) | \(last) |\n"
    }
    return out
  }
}

/// `status.json`: exactly `StatusJSON`'s keys, and three more.
struct ExportJSON: Encodable {
  var export: MonthlyExport

  enum CodingKeys: String, CodingKey { case month, changes, pledges }

  struct Change: Encodable {
    var change: MonthChange

    enum CodingKeys: String, CodingKey {
      case date, statement, recommendation, from, to, note, reason
      case sourceURL = "source_url"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(change.date, forKey: .date)
      try c.encode(change.statement.statement.id, forKey: .statement)
      try c.encode(change.recommendation, forKey: .recommendation)
      try c.encode(StatusJSONValue(change.from), forKey: .from)
      try c.encode(StatusJSONValue(change.to), forKey: .to)
      try c.encode(change.note, forKey: .note)
      try c.encode(change.reason, forKey: .reason)
      try c.encode(change.sourceURL, forKey: .sourceURL)
    }
  }

  func encode(to encoder: any Encoder) throws {
    try StatusJSON(export.status).encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(export.month.description, forKey: .month)
    try c.encode(export.changes.map(Change.init), forKey: .changes)
    try c.encode(export.pledges.map(PledgeRowJSON.init), forKey: .pledges)
  }
}
