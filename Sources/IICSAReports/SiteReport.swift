public import IICSADomain

/// Everything the website shows, read from one snapshot of the record: the record replayed as of
/// its day, its corrections, first calls and alerts, and each month's export, so that every page
/// and every month's bundle speaks for the same log.
public struct SiteReport: Sendable {
  public var knownAt: KnownAt
  public var day: Day
  public var log: LogHead
  public var tracker: Tracker
  public var corrections: [CorrectionEntry]
  public var firstCalls: [RecommendationID: FirstCall]
  /// What weakened, from the first report to `day`, newest first.
  public var alerts: [Alert]
  /// How far each place was last searched for each recommendation (`RecordedSweep.coverage`).
  public var checked: [RecommendationID: [RecordedSweep.Coverage]]
  /// Each month that holds a statement (withdrawn ones included, so that a month's address,
  /// once published, stays), with its export.
  public var months: [MonthlyExport]

  /// The site of the record as it stood at `knownAt`, from a snapshot taken then.
  public init(from snapshot: any RecordSnapshot, knownAt: KnownAt) throws {
    let day = knownAt.time.day
    let tracker = try snapshot.tracker(asOf: day)
    let corrections = try snapshot.corrections()
    let start = tracker.orderedReports.map(\.published).min() ?? day
    var dated = Set(tracker.statements.values.map { Month($0.statement.date) })
    for entry in corrections { if let statement = entry.retracted { dated.insert(Month(statement.date)) } }
    self.knownAt = knownAt
    self.day = day
    log = try snapshot.head()
    self.tracker = tracker
    self.corrections = corrections
    firstCalls = try snapshot.firstCalls()
    alerts = tracker.alerts(from: start, through: day)
    checked = RecordedSweep.coverage(of: try snapshot.sweeps(through: day))
    months = try dated.filter { $0 <= Month(day) }.sorted().map { month in
      try MonthlyExport(from: snapshot, month: month, knownAt: knownAt)
    }
  }

  /// The statement pages: every statement of the record, and the withdrawn ones.
  public var statementIDs: [EventID] {
    (tracker.statements.keys.map { $0 } + corrections.compactMap { $0.retracted?.id }).sorted { $0.rawValue < $1.rawValue }
  }
}
