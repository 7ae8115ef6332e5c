public import IICSADomain

/// One status change dated in the export's month.
public struct MonthChange: Hashable, Sendable {
  public var date: Day
  public var statement: RecordedStatement
  public var recommendation: RecommendationID
  public var title: String
  /// A recommendation or a finding: what its statuses' headlines are worded for.
  public var kind: Recommendation.Kind
  public var from: Status
  public var to: Status
  public var note: String?
  public var reason: String?

  /// The statement's first source: what the change is cited to.
  public var sourceURL: String? { statement.statement.sources.first(where: \.hasWebURL)?.url }
}

/// How many recommendations had each headline at the end of one month.
public struct ChartMonth: Hashable, Sendable {
  public var month: Month
  /// The day counted: the month's last day, or the export's day for its own month.
  public var day: Day
  public var counts: [Headline: Int]

  public var total: Int { counts.values.reduce(0, +) }
}

/// Everything `export` writes, gathered once from the log as it stood at `knownAt`: the
/// renderers only format it, so that the same known-at gives the same bytes.
///
/// Gathered from one snapshot's bounded reads: the status of each recommendation, the month's
/// statements with what they changed, the feed's `feedLimit` newest statements, the pledges open
/// on the day or fulfilled in the month, one headline count per chart month, and the few
/// statements the status rows and pledges cite. Nothing here grows with the log's length.
public struct MonthlyExport: Sendable {
  /// The first month the chart shows: the IICSA final report (20 October 2022).
  public static let chartStart = Month(iso: "2022-10") ?? Month(Day(daysSinceEpoch: 0))
  /// How many statements the feed holds: the newest dated on or before the status day. Enough
  /// for a feed reader polling monthly to miss nothing in a month of the real record (a busy
  /// month there holds a handful), and a bound on a store of any size.
  public static let feedLimit = 50

  public var month: Month
  /// The status day: the month's last day, or the known-at day when the month is not over.
  public var asOf: Day
  public var knownAt: KnownAt
  /// The `status` report as of `asOf`, known at `knownAt`.
  public var status: StatusReport
  /// The month's status changes, in the order applied.
  public var changes: [MonthChange]
  /// The pledges still open on `asOf` (overdue first) and those fulfilled during the month; the
  /// full list is `iicsa pledges`'.
  public var pledges: [PledgeRow]
  /// The due dates of the pledges still open on `asOf`: `pledges.ics`.
  public var calendar: PledgeCalendar
  /// What weakened during the month (to `asOf`), newest first.
  public var alerts: [AlertRow]
  /// Headline counts at each month end from `chartStart` to `month`.
  public var chart: [ChartMonth]
  /// The `feedLimit` newest statements dated on or before `asOf`, in date order, with their
  /// effects: the feed.
  public var statements: [TimelineEntry]
  /// The first web source of each statement the status rows and pledges cite.
  public var citedSources: [EventID: String]
  /// Each recommendation's own first web source, from its report's catalogue.
  public var recommendationSources: [RecommendationID: String]
  /// Each report's URL.
  public var reportURLs: [SourceID: String]
  /// The sweeps standing on the status day (searched through it at the latest), newest first:
  /// what was checked.
  public var sweeps: [RecordedSweep]

  /// The day an export of `month` made at `knownAt` is for.
  public static func day(for month: Month, knownAt: KnownAt) -> Day { min(month.last, knownAt.time.day) }

  /// `iicsa export --month`: the export of `month`, from one snapshot taken at `knownAt` (an
  /// export made without `--known-at` is made as known at its own time, which it prints).
  public init(from snapshot: any RecordSnapshot, month: Month, knownAt: KnownAt) throws {
    self.month = month
    self.knownAt = knownAt
    let day = Self.day(for: month, knownAt: knownAt)
    let status = try snapshot.status(asOf: day)
    self.status = status
    asOf = day

    // One tracker covers the month and the feed: from the month's first day, or from the
    // oldest feed statement when the feed reaches further back.
    let feedStart = try snapshot.dateOfOldest(ofNewest: Self.feedLimit, onOrBefore: day)
    let start = min(month.first, feedStart ?? month.first)
    let tracker = try snapshot.tracker(from: start, through: day)
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
          title: state.recommendation.title, kind: state.recommendation.kind, from: from, to: to, note: note,
          reason: reason)
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
      try snapshot.pledges(asOf: day, openOrFulfilledSince: month.first), titles: titles, on: day, knownAt: knownAt,
      log: status.log
    ).rows.filter { row in
      guard case .ended(let end, _) = row.state else { return true }
      return month.contains(end.by.date)
    }

    calendar = PledgeCalendar(
      pledges, asOf: day, knownAt: knownAt, log: status.log,
      statements: try snapshot.statements(pledges.map(\.record.statement)))

    alerts = try AlertReport(
      tracker, since: month.first, asOf: day, knownAt: knownAt, log: status.log, read: snapshot.statements
    ).rows

    var months: [Month] = []
    var current = min(MonthlyExport.chartStart, month)
    while current <= month {
      months.append(current)
      current = current.next
    }
    let ends = months.map { min($0.last, day) }
    let counts = try snapshot.headlineCounts(on: ends)
    chart = months.indices.map { ChartMonth(month: months[$0], day: ends[$0], counts: counts[$0]) }

    let cited = status.rows.compactMap(\.lastChange?.statement) + pledges.map(\.record.statement)
    citedSources = try snapshot.statements(cited).compactMapValues {
      $0.statement.sources.first(where: \.hasWebURL)?.url
    }
    var recommendationSources: [RecommendationID: String] = [:]
    var reportURLs: [SourceID: String] = [:]
    for report in try snapshot.reports() {
      reportURLs[report.id] = report.url
      for item in report.recommendations {
        recommendationSources[item.id] = item.sources.first(where: \.hasWebURL)?.url
      }
    }
    self.recommendationSources = recommendationSources
    self.reportURLs = reportURLs
    sweeps = try snapshot.sweeps(through: day)
  }

  /// The latest sweep of each recommendation: its "checked through" on the status day.
  public var checked: [RecommendationID: RecordedSweep] { RecordedSweep.latest(of: sweeps) }

  public var overduePledges: [PledgeRow] { pledges.filter(\.isOverdue) }

  /// How many pledges are open on the status day, and how many ended in the month (fulfilled,
  /// met, superseded or withdrawn).
  public var pledgeCounts: (open: Int, ended: Int) {
    let ended = pledges.filter { !$0.state.isOutstanding }.count
    return (pledges.count - ended, ended)
  }

  /// The first web source of a statement the status rows or pledges cite.
  public func sourceURL(of statement: EventID) -> String? { citedSources[statement] }

  /// Where a recommendation's status can be checked: its last change's statement, else the
  /// recommendation's own source in the catalogue, else its report.
  public func statusURL(_ row: StatusRow) -> String? {
    if let change = row.lastChange, let url = sourceURL(of: change.statement) { return url }
    return recommendationSources[row.id] ?? reportURLs[row.source]
  }

  /// `June 2025`.
  public var monthName: String { Self.name(of: month) }

  public static func name(of month: Month) -> String {
    let names = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December",
    ]
    return "\(names[(month.month - 1) % 12]) \(month.year)"
  }
}
