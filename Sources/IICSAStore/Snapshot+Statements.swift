internal import GRDB
public import IICSADomain
import IICSAReports

/// The reads bounded by what a report shows rather than by the length of the log: the latest
/// statements of a feed, the pledges open or fulfilled in a month, one status per recommendation
/// per chart month, the statements a report cites.
extension StoreSnapshot {
  /// Where a feed of the latest `count` statements dated by `day` starts: `statement_by_date`
  /// read backwards from the day.
  func dateOfOldest(ofNewest count: Int, onOrBefore day: Day) throws -> Day? {
    guard count > 0 else { return nil }
    var bound = day
    if !knowledge.isCurrent {
      // No statement live then is dated after its horizon: start the walk there.
      guard let horizon = try Projections.horizon(at: knowledge, in: db) else { return nil }
      bound = min(bound, horizon)
    }
    return try String.fetchOne(
      db,
      sql: """
        SELECT min(date) FROM (
          SELECT date FROM statement s WHERE date <= ?1 AND \(Projections.live("s", "?3"))
          ORDER BY date DESC, sequence DESC LIMIT ?2)
        """, arguments: [bound.description, count, knowledge.sequence]
    ).flatMap { Day(iso: $0) }
  }

  /// With `since` the first day of a month: what is open at its end, and what the month ended.
  func pledges(asOf day: Day, openOrFulfilledSince since: Day) throws -> [PledgeRecord] {
    var records: [PledgeRecord] = []
    // Open on the day, or fulfilled since `since` (which is on or before the day): both are
    // "not known to be fulfilled before `since`".
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT \(Projections.pledgeRecordColumns(endedBy: "?1", knownAt: "?3"))
        FROM pledge p
        WHERE made_on <= ?1 AND \(Projections.live("p", "?3"))
          AND (ended_seq IS NULL OR ended_seq > ?3 OR ended_on >= ?2)
        ORDER BY made_on, statement, ordinal
        """, arguments: [day.description, since.description, knowledge.sequence])
    while let row = try rows.next() { records.append(try Projections.pledgeRecord(row)) }
    return records
  }

  /// One `statusChange` seek per recommendation per day (the seek of `status --as-of`), so the
  /// cost is days × recommendations whatever the length of the log.
  func headlineCounts(on days: [Day]) throws -> [[Headline: Int]] {
    let reports = try reports()
    return try days.map { day in
      let ids = reports.filter { $0.published <= day }.flatMap { $0.recommendations.map(\.id) }
      let statuses = try Projections.lastChanges(of: ids, onOrBefore: day, knownAt: knowledge, in: db)
      var counts: [Headline: Int] = [:]
      for id in ids { counts[(statuses[id]?.0 ?? .initial).headline, default: 0] += 1 }
      return counts
    }
  }

  /// One index seek each.
  func statements(_ ids: [EventID]) throws -> [EventID: RecordedStatement] {
    var found: [EventID: RecordedStatement] = [:]
    for id in ids where found[id] == nil {
      found[id] = try EventStore.statement(id, knownAt: knowledge, in: db)
    }
    return found
  }
}
