public import IICSADomain

/// One pledge and its state on the report's day.
public struct PledgeRow: Hashable, Sendable {
  public var record: PledgeRecord
  /// The day the state is for.
  public var day: Day
  public var state: PledgeStatus
  /// The short title of the recommendation it concerns.
  public var title: String

  /// Overdue first (most days first), then open (soonest due first), then ended (most recent
  /// first); ties by the day made and the pledge id, so the order never depends on the log.
  public var sortKey: (Int, Int, Day, String, Int) {
    let never = Day(daysSinceEpoch: 3_000_000)
    // The ordinal compares as a number, so a statement's pledge 2 comes before its pledge 11.
    let made = (record.madeOn, record.statement.rawValue, record.ordinal)
    switch state {
    case .overdue(let days): return (0, -days, made.0, made.1, made.2)
    case .open: return (1, (record.pledge.due ?? never).daysSinceEpoch, made.0, made.1, made.2)
    case .ended(let end, _): return (2, -end.by.date.daysSinceEpoch, made.0, made.1, made.2)
    }
  }

  public var isOverdue: Bool {
    if case .overdue = state { return true }
    return false
  }
}

/// What `iicsa pledges` reports: every pledge made by a day, and its state that day.
public struct PledgeReport: Sendable {
  public var asOf: Day
  public var knownAt: KnownAt?
  public var log: LogHead
  public var rows: [PledgeRow]

  /// `iicsa pledges`: every pledge made by `day` (only the overdue ones if `overdueOnly`), read
  /// from one snapshot.
  public init(from snapshot: any RecordSnapshot, asOf day: Day, overdueOnly: Bool) throws {
    self.init(
      try snapshot.pledges(asOf: day, overdueOnly: overdueOnly), titles: Report.titles(try snapshot.reports(), by: day),
      on: day, knownAt: snapshot.knownAt, log: try snapshot.head(), overdueOnly: overdueOnly)
  }

  /// The pledges of a tracker replayed as of `day`; only overdue ones if `overdueOnly`.
  public init(_ tracker: Tracker, on day: Day, log: LogHead, overdueOnly: Bool = false) {
    self.init(
      tracker.pledges, titles: tracker.states.mapValues(\.recommendation.title), on: day,
      knownAt: tracker.knownAt, log: log, overdueOnly: overdueOnly)
  }

  /// The pledges made by `day`, with the titles of their recommendations.
  public init(
    _ records: [PledgeRecord], titles: [RecommendationID: String], on day: Day, knownAt: KnownAt?,
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

  /// How many rows are in each state, by its name (`PledgeStatus.name`).
  public var counts: [String: Int] {
    var counts: [String: Int] = [:]
    for row in rows { counts[row.state.name, default: 0] += 1 }
    return counts
  }
}
