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
///
/// Gathered from bounded reads (`ExportReads`): the status of each recommendation, the month's
/// statements with what they changed, the feed's `feedLimit` newest statements, the pledges open
/// on the day or fulfilled in the month, one headline count per chart month, and the few
/// statements the status rows and pledges cite. Nothing here grows with the log's length.
struct MonthlyExport {
  /// The first month the chart shows: the IICSA final report (20 October 2022).
  static let chartStart = Month(iso: "2022-10") ?? Month(Day(daysSinceEpoch: 0))
  /// How many statements the feed holds: the newest dated on or before the status day. Enough
  /// for a feed reader polling monthly to miss nothing in a month of the real record (a busy
  /// month there holds a handful), and a bound on a store of any size.
  static let feedLimit = 50

  var month: Month
  /// The status day: the month's last day, or the known-at day when the month is not over.
  var asOf: Day
  var knownAt: KnownAt
  /// The `status` report as of `asOf`, known at `knownAt`.
  var status: StatusReport
  /// The month's status changes, in the order applied.
  var changes: [MonthChange]
  /// The pledges still open on `asOf` (overdue first) and those fulfilled during the month; the
  /// full list is `iicsa pledges`'.
  var pledges: [PledgeRow]
  /// What weakened during the month (to `asOf`), newest first.
  var alerts: [AlertRow]
  /// Headline counts at each month end from `chartStart` to `month`.
  var chart: [ChartMonth]
  /// The `feedLimit` newest statements dated on or before `asOf`, in date order, with their
  /// effects: the feed.
  var statements: [TimelineEntry]
  /// The first web source of each statement the status rows and pledges cite.
  var citedSources: [EventID: String]
  /// Each recommendation's own first web source, from its report's catalogue.
  var recommendationSources: [RecommendationID: String]
  /// Each report's URL.
  var reportURLs: [SourceID: String]

  /// The day an export of `month` made at `knownAt` is for.
  static func day(for month: Month, knownAt: KnownAt) -> Day { min(month.last, knownAt.time.day) }

  /// Gathers an export of `month` from `reads`, which answer for one day and one known-at.
  init(month: Month, knownAt: KnownAt, reads: some ExportReads) throws {
    self.month = month
    self.knownAt = knownAt
    let status = try reads.status()
    let day = status.asOf
    self.status = status
    asOf = day

    // One tracker covers the month and the feed: from the month's first day, or from the
    // oldest feed statement when the feed reaches further back.
    let feedStart = try reads.dateOfOldest(ofNewest: Self.feedLimit)
    let start = min(month.first, feedStart ?? month.first)
    let tracker = try reads.tracker(from: start)
    let applied = tracker.orderedStatements.filter { $0.statement.date >= start && $0.statement.date <= day }
    changes = applied.filter { month.contains($0.statement.date) }.flatMap { entry in
      entry.statement.changes.compactMap { change -> MonthChange? in
        let id = change.recommendation
        guard let state = tracker.states[id],
          let step = state.history.first(where: { $0.statement == entry.statement.id && $0.isChange }),
          case .changed(let from, let to, let note, let reason) = step.what
        else { return nil }
        return MonthChange(
          date: entry.statement.date, statement: entry, recommendation: id,
          title: state.recommendation.title, from: from, to: to, note: note, reason: reason)
      }
    }
    let feed = applied.suffix(Self.feedLimit)
    let feedIDs = Set(feed.map(\.statement.id))
    var madeBy: [EventID: [Int: PledgeRecord]] = [:]
    for record in tracker.pledges where feedIDs.contains(record.statement) {
      madeBy[record.statement, default: [:]][record.ordinal] = madeBy[record.statement]?[record.ordinal] ?? record
    }
    statements = feed.map { entry in
      TimelineEntry(
        statement: entry, effects: tracker.effects(of: entry.statement),
        pledges: madeBy[entry.statement.id] ?? [:])
    }

    let titles = Dictionary(status.rows.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
    pledges = PledgeReport(
      try reads.pledges(openOrFulfilledSince: month.first), titles: titles, on: day, knownAt: knownAt,
      log: status.log
    ).rows.filter { row in
      guard case .ended(let end, _) = row.state else { return true }
      return month.contains(end.by.date)
    }

    alerts = try AlertReport(
      tracker, since: month.first, asOf: day, knownAt: knownAt, log: status.log, read: reads.statements
    ).rows

    var months: [Month] = []
    var current = min(MonthlyExport.chartStart, month)
    while current <= month {
      months.append(current)
      current = current.next
    }
    let ends = months.map { min($0.last, day) }
    let counts = try reads.headlineCounts(on: ends)
    chart = months.indices.map { ChartMonth(month: months[$0], day: ends[$0], counts: counts[$0]) }

    let cited = status.rows.compactMap(\.lastChange?.statement) + pledges.map(\.record.statement)
    citedSources = try reads.statements(cited).compactMapValues {
      $0.statement.sources.first(where: \.hasWebURL)?.url
    }
    var recommendationSources: [RecommendationID: String] = [:]
    var reportURLs: [SourceID: String] = [:]
    for report in try reads.reports() {
      reportURLs[report.id] = report.url
      for item in report.recommendations {
        recommendationSources[item.id] = item.sources.first(where: \.hasWebURL)?.url
      }
    }
    self.recommendationSources = recommendationSources
    self.reportURLs = reportURLs
  }

  var overduePledges: [PledgeRow] { pledges.filter(\.isOverdue) }

  /// How many pledges are open on the status day, and how many ended in the month (fulfilled,
  /// met, superseded or withdrawn).
  var pledgeCounts: (open: Int, ended: Int) {
    let ended = pledges.filter { !$0.state.isOutstanding }.count
    return (pledges.count - ended, ended)
  }

  /// The first web source of a statement the status rows or pledges cite.
  func sourceURL(of statement: EventID) -> String? { citedSources[statement] }

  /// Where a recommendation's status can be checked: its last change's statement, else the
  /// recommendation's own source in the catalogue, else its report.
  func statusURL(_ row: StatusRow) -> String? {
    if let change = row.lastChange, let url = sourceURL(of: change.statement) { return url }
    return recommendationSources[row.id] ?? reportURLs[row.source]
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

/// The questions an export asks of the log, for one status day and one known-at.
/// `StoreExportReads` answers them from the store's bounded reads; the tests answer them from a
/// replay of the log, and hold the two to the same bytes.
protocol ExportReads {
  /// `status` on the day.
  func status() throws -> StatusReport
  /// The date of the oldest of the `count` newest statements dated on or before the day.
  func dateOfOldest(ofNewest count: Int) throws -> Day?
  /// A tracker holding at least the statements dated from `start` through the day, with their
  /// effects.
  func tracker(from start: Day) throws -> Tracker
  /// The pledges made by the day and open then, or fulfilled on or after `since`.
  func pledges(openOrFulfilledSince since: Day) throws -> [PledgeRecord]
  /// Headline counts on each of `days`.
  func headlineCounts(on days: [Day]) throws -> [[Headline: Int]]
  /// The statements with these ids, as they stand.
  func statements(_ ids: [EventID]) throws -> [EventID: RecordedStatement]
  /// Every report, as corrected.
  func reports() throws -> [Report]
}

/// The store's bounded reads: each seeks the projections for what the export shows.
struct StoreExportReads: ExportReads {
  var log: EventStore
  var day: Day
  var knownAt: KnownAt?

  func status() throws -> StatusReport {
    if let knownAt { return try log.status(asOf: day, knownAt: knownAt) }
    return try log.status(asOf: day)
  }

  func dateOfOldest(ofNewest count: Int) throws -> Day? {
    try log.dateOfOldest(ofNewest: count, onOrBefore: day, knownAt: knownAt)
  }

  func tracker(from start: Day) throws -> Tracker {
    try log.tracker(from: start, through: day, knownAt: knownAt)
  }

  func pledges(openOrFulfilledSince since: Day) throws -> [PledgeRecord] {
    try log.pledges(asOf: day, openOrFulfilledSince: since, knownAt: knownAt)
  }

  func headlineCounts(on days: [Day]) throws -> [[Headline: Int]] {
    try log.headlineCounts(on: days, knownAt: knownAt)
  }

  func statements(_ ids: [EventID]) throws -> [EventID: RecordedStatement] {
    try log.statements(ids, knownAt: knownAt)
  }

  func reports() throws -> [Report] { try log.reports(knownAt: knownAt) }
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
          row.lastChange.flatMap { export.sourceURL(of: $0.statement) } ?? "",
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

  /// What the export's pledge list holds, and where the rest is: one sentence under the overdue
  /// pledges of `index.html` and `status.md`.
  /// Its words hold no markup, so `code` (which marks up a file or command) is all that formats.
  static func pledgeNote(_ export: MonthlyExport, code: (String) -> String) -> String {
    let (open, ended) = export.pledgeCounts
    return "\(code("status.json")) lists the \(open) pledge\(open == 1 ? "" : "s") open on \(export.asOf) "
      + "and the \(ended) that ended in \(export.monthName); "
      + "\(code("iicsa pledges --as-of \(export.asOf)")) lists every pledge made by then."
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
    out += "\n## What weakened in \(export.monthName)\n\n"
    out += export.alerts.isEmpty ? "Nothing weakened this month.\n" : AlertRendering.markdownTable(export.alerts)
    out += "\n## Overdue pledges\n\n"
    let overdue = export.overduePledges
    out += overdue.isEmpty ? "None.\n" : PledgeRendering.markdownTable(overdue)
    out += "\n" + pledgeNote(export, code: { "`\($0)`" }) + "\n"
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

  enum CodingKeys: String, CodingKey { case month, changes, pledges, alerts }

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
    try c.encode(export.alerts.map(AlertRowJSON.init), forKey: .alerts)
  }
}
