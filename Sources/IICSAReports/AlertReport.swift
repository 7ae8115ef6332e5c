public import IICSADomain

/// One alert with what a reader needs to check it: the recommendation's title, and the title
/// and first web source of the statement behind it.
public struct AlertRow: Hashable, Sendable {
  public var alert: Alert
  public var title: String
  public var statementTitle: String
  public var sourceURL: String?
}

/// What `iicsa alerts` reports: what weakened between two days, newest first.
public struct AlertReport: Sendable {
  public var since: Day?
  public var asOf: Day
  public var knownAt: KnownAt?
  public var log: LogHead
  public var rows: [AlertRow]

  /// `iicsa alerts`: what weakened from `since` (nil: the start) through `asOf`, about the
  /// recommendations of `source` (nil: every report), from one snapshot. The tracker resumes
  /// the day before the period: only the period's statements are applied.
  public init(from snapshot: any RecordSnapshot, since: Day?, asOf day: Day, source: SourceID? = nil) throws {
    let tracker = try snapshot.tracker(from: since ?? .beginningOfRecord, through: day)
    if let source, !tracker.orderedReports.contains(where: { $0.id == source }) {
      throw ReportError.noSuchSource(source, on: day, sources: tracker.orderedReports.map(\.id))
    }
    let sourceOf = Dictionary(tracker.orderedStates.map { ($0.id, $0.source) }, uniquingKeysWith: { first, _ in first })
    try self.init(
      tracker, since: since, asOf: day, knownAt: snapshot.knownAt, log: try snapshot.head(),
      include: { alert in source.map { sourceOf[alert.recommendation] == $0 } ?? true }, read: snapshot.statements)
  }

  /// The alerts of `tracker` (which applied every statement from `since` through `asOf`), with
  /// the statements they cite. Those the tracker does not hold (the one that made a pledge fallen
  /// overdue may lie before the period) are read once, through `read`.
  public init(
    _ tracker: Tracker, since: Day?, asOf: Day, knownAt: KnownAt?, log: LogHead,
    include: (Alert) -> Bool = { _ in true },
    read: ([EventID]) throws -> [EventID: RecordedStatement] = { _ in [:] }
  ) rethrows {
    self.since = since
    self.asOf = asOf
    self.knownAt = knownAt
    self.log = log
    let titles = Dictionary(
      tracker.orderedStates.map { ($0.id, $0.recommendation.title) }, uniquingKeysWith: { first, _ in first })
    let alerts = tracker.alerts(from: since ?? .beginningOfRecord, through: asOf).filter(include)
    var seen = Set<EventID>()
    let missing = alerts.map(\.statement).filter { tracker.statements[$0] == nil && seen.insert($0).inserted }
    let statements = missing.isEmpty ? [:] : try read(missing)
    rows = alerts.map { alert in
      let statement = (tracker.statements[alert.statement] ?? statements[alert.statement])?.statement
      return AlertRow(
        alert: alert, title: titles[alert.recommendation] ?? "", statementTitle: statement?.title ?? "",
        sourceURL: statement?.sources.first(where: \.hasWebURL)?.url)
    }
  }
}
