internal import GRDB
public import IICSADomain
import IICSAReports

extension EventStore {
  static func status(_ db: Database, asOf day: Day, knowledge: Projections.Knowledge) throws -> StatusReport {
    let head = try head(db, at: knowledge)
    let date = day.description
    let all = try Projections.effectiveReports(db, through: knowledge)
    let reports = all.filter { $0.published <= day }.sorted { ($0.published, $0.id) < ($1.published, $1.id) }
    var (open, overdue) = ([String: Int](), [String: Int]())
    let pledges = try Row.fetchCursor(db, sql: try pledgeCountSQL(db, day: day, knowledge: knowledge),
      arguments: [date, knowledge.sequence])
    while let row = try pledges.next() {
      open[row[0]] = row[1]
      overdue[row[0]] = row[2]
    }
    let ids = reports.flatMap { $0.recommendations.map(\.id) }
    let statuses = try Projections.lastChanges(of: ids, onOrBefore: day, knownAt: knowledge, in: db)
    let calls = try Projections.firstCalls(of: all, knownAt: knowledge, in: db)
    let rows = reports.flatMap { report in
      report.recommendations.map { item in
        let (status, change) = statuses[item.id] ?? (.initial, nil)
        return StatusRow(
          id: item.id, source: report.id, title: item.title, status: status, lastChange: change,
          openPledges: open[item.id.description] ?? 0, overduePledges: overdue[item.id.description] ?? 0,
          firstCall: calls[item.id])
      }
    }
    return StatusReport(asOf: day, knownAt: nil, log: head, sources: reports.map(\.info), rows: rows)
  }

  /// Open and overdue pledges per recommendation on `?1`, known at `?2`.
  private static func pledgeCountSQL(_ db: Database, day: Day, knowledge: Projections.Knowledge) throws -> String {
    let open = try Projections.openPledges(on: day, knownAt: knowledge, columns: "recommendation, due", in: db)
    return "SELECT recommendation, count(*), sum(due IS NOT NULL AND due < ?1) FROM (\(open)) GROUP BY recommendation"
  }

  /// The rows a read known at `knownAt` sees: those live at the last event it includes (nil:
  /// now). By event, that event; by time, the last event recorded by then.
  static func knowledge(_ db: Database, at knownAt: KnownAt?) throws -> Projections.Knowledge {
    guard let knownAt, let last = try Row.fetchOne(db, sql: "SELECT sequence, recorded_at FROM event ORDER BY sequence DESC LIMIT 1")
    else { return .current }
    let lastSequence: Int = last[0]
    let lastTime: String = last[1]
    if let event = knownAt.event { return event >= lastSequence ? .current : Projections.Knowledge(sequence: event) }
    if lastTime <= knownAt.time.description { return .current }
    let sequence = try Int.fetchOne(
      db, sql: "SELECT sequence FROM event WHERE recorded_at <= ? ORDER BY recorded_at DESC, sequence DESC LIMIT 1",
      arguments: [knownAt.time.description])
    return Projections.Knowledge(sequence: sequence ?? 0)
  }
}

extension StoreSnapshot {
  /// The status on `day`. One index seek per recommendation on `statusChange(recommendation,
  /// date, …)`, among the rows live at `knowledge`, so the cost follows the number of
  /// recommendations, not the length of the log.
  func status(asOf day: Day) throws -> StatusReport {
    var report = try EventStore.status(db, asOf: day, knowledge: knowledge)
    report.knownAt = knownAt
    return report
  }

  /// Every pledge made by `day` as it stood that day (or only the overdue ones), read from the
  /// projections.
  func pledges(asOf day: Day, overdueOnly: Bool) throws -> [PledgeRecord] {
    let date = day.description
    var records: [PledgeRecord] = []
    // An end after the day asked about, or not yet known, had not happened.
    var sql = """
      SELECT \(Projections.pledgeRecordColumns(endedBy: "?1", knownAt: "?2")) FROM pledge p
      WHERE made_on <= ?1 AND \(Projections.live("p", "?2"))
      """
    if overdueOnly {
      // Overdue pledges are open ones: an interval tree finds them without reading the rest.
      let open = try Projections.openPledges(
        on: day, knownAt: knowledge, columns: Projections.openPledgeColumns, in: db)
      sql = "SELECT * FROM (\(open)) WHERE due < ?1"
    }
    let rows = try Row.fetchCursor(
      db, sql: sql + " ORDER BY made_on, statement, ordinal", arguments: [date, knowledge.sequence])
    while let row = try rows.next() { records.append(try Projections.pledgeRecord(row)) }
    return records
  }


  /// The earliest call for each recommendation before its own report: from the catalogues'
  /// `repeats` and the statements dated before each report.
  func firstCalls() throws -> [RecommendationID: FirstCall] {
    try Projections.firstCalls(of: reports(), knownAt: knowledge, in: db)
  }
}
