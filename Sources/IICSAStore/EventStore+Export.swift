internal import GRDB
public import IICSADomain

/// The reads `iicsa export --month` is gathered from, besides `status(asOf:knownAt:)` and the
/// range tracker `tracker(from:through:knownAt:)`: each is bounded by what the export shows (the
/// feed's latest statements, the pledges open or fulfilled in the month, one status per
/// recommendation per chart month, the statements the status rows cite) rather than by the length
/// of the log.
///
/// Each reads the projection rows live at the last event recorded by `knownAt` (nil: now), as
/// every other read does.
extension EventStore {
  /// The date of the oldest of the `count` newest statements dated on or before `day` (newest by
  /// date, then by place in the log): where a feed of the latest `count` statements starts. When
  /// fewer are dated by then, the oldest of them; nil when none is.
  public func dateOfOldest(ofNewest count: Int, onOrBefore day: Day, knownAt: KnownAt? = nil)
    throws(StoreError) -> Day?
  {
    guard count > 0 else { return nil }
    return try reading { db in
      let knowledge = try Self.knowledge(db, at: knownAt)
      var bound = day
      if !knowledge.isCurrent {
        // No statement live then is dated after its horizon: start the walk there.
        guard let horizon = try Projections.horizon(at: knowledge, in: db) else { return nil }
        bound = min(bound, horizon)
      }
      // `statement_by_date` read backwards from the day: `count` live entries.
      return try String.fetchOne(
        db,
        sql: """
          SELECT min(date) FROM (
            SELECT date FROM statement s WHERE date <= ?1 AND \(Projections.live("s", "?3"))
            ORDER BY date DESC, sequence DESC LIMIT ?2)
          """, arguments: [bound.description, count, knowledge.sequence]
      ).flatMap { Day(iso: $0) }
    }
  }

  /// The pledges made by `day` that were still open that day or ended on or after `since`, as
  /// they stood on `day` (an end after it, or not yet known, had not happened), in the order
  /// made. With `since` the first day of a month: what is open at its end, and what the month
  /// ended.
  public func pledges(asOf day: Day, openOrFulfilledSince since: Day, knownAt: KnownAt? = nil)
    throws(StoreError) -> [PledgeRecord]
  {
    try reading { db in
      let knowledge = try Self.knowledge(db, at: knownAt)
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
  }

  /// How many recommendations had each headline on each of `days`, counting only the
  /// recommendations of reports published by that day: the export's chart.
  ///
  /// One `statusChange` seek per recommendation per day (the seek of `status --as-of`), so the
  /// cost is days × recommendations whatever the length of the log.
  public func headlineCounts(on days: [Day], knownAt: KnownAt? = nil) throws(StoreError)
    -> [[Headline: Int]]
  {
    try reading { db in
      let knowledge = try Self.knowledge(db, at: knownAt)
      let reports = try Projections.effectiveReports(db, through: knowledge)
      return try days.map { day in
        let ids = reports.filter { $0.published <= day }.flatMap { $0.recommendations.map(\.id) }
        let statuses = try Projections.lastChanges(of: ids, onOrBefore: day, knownAt: knowledge, in: db)
        var counts: [Headline: Int] = [:]
        for id in ids { counts[(statuses[id]?.0 ?? .initial).headline, default: 0] += 1 }
        return counts
      }
    }
  }

  /// The statements with these ids, as they stand (corrected), by id; ids not in the record (or
  /// retracted) are absent. One index seek each.
  public func statements(_ ids: some Sequence<EventID>, knownAt: KnownAt? = nil) throws(StoreError)
    -> [EventID: RecordedStatement]
  {
    try reading { db in
      let knowledge = try Self.knowledge(db, at: knownAt)
      var found: [EventID: RecordedStatement] = [:]
      for id in ids where found[id] == nil {
        found[id] = try Self.statement(id, knownAt: knowledge, in: db)
      }
      return found
    }
  }

  /// Every report as corrected, in log order: where the recommendations' and reports' own sources
  /// are read.
  public func reports(knownAt: KnownAt? = nil) throws(StoreError) -> [Report] {
    try reading { db in
      let knowledge = try Self.knowledge(db, at: knownAt)
      return try Projections.effectiveReports(db, through: knowledge)
    }
  }
}
