internal import GRDB
public import IICSADomain
import IICSAReports

extension StoreSnapshot {
  /// A tracker holding the state on the day before `start`, read from the projections, with the
  /// statements dated from `start` through `end` applied on top: what a report about that range
  /// needs, at a cost that follows the range, not the log.
  ///
  /// Its states carry the history of the range only, and its pledges are those open on the day
  /// before `start` plus those made in the range. Status and pledges on `end` equal a full replay
  /// as of `end`.
  func tracker(from start: Day, through end: Day) throws -> Tracker {
    let before = start.adding(days: -1)
    // Every report, as a replay has them: a statement may bear on a recommendation before
    // its report was published.
    let reports = try Projections.effectiveReports(db, through: knowledge)
    let statuses = try Projections.lastChanges(
      of: reports.flatMap { $0.recommendations.map(\.id) }, onOrBefore: before, knownAt: knowledge, in: db)
    // Pledges open that day: made by then and not known to have ended by then.
    let columns = Projections.openPledgeColumns
    let open = try Row.fetchAll(
      db,
      sql: "SELECT * FROM (\(try Projections.openPledges(on: before, knownAt: knowledge, columns: columns, in: db))) "
        + "ORDER BY made_on, statement, ordinal",
      arguments: [before.description, knowledge.sequence]
    ).map(Projections.pledgeRecord)
    var tracker: Tracker
    do {
      tracker = try Tracker.resume(
        reports: reports, statuses: statuses, openPledges: open, frontier: (before, 0), asOf: end)
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT \(EventStore.recordedStatementColumns)
          FROM statement s JOIN event e ON e.sequence = s.content
          WHERE s.date >= ?1 AND s.date <= ?2 AND \(Projections.live("s", "?3"))
          ORDER BY s.date, s.sequence
          """, arguments: [start.description, end.description, knowledge.sequence])
      while let row = try rows.next() {
        try tracker.apply(resumed: try EventStore.recordedStatement(row))
      }
    } catch let violation as RuleViolation {
      throw StoreError.damaged(sequence: 0, detail: "the projections no longer hold: \(violation)")
    }
    return tracker
  }

  /// A tracker holding one recommendation's whole history up to `day`, rebuilt from the
  /// statements that name it (found through the `mention` index). Other recommendations stay at their
  /// starting status. Nil when the recommendation is not in a report published by `day`. Known at
  /// `knownAt` (nil: now).
  func tracker(for id: RecommendationID, asOf day: Day) throws -> Tracker? {
    let reports = try Projections.effectiveReports(db, through: knowledge)
    guard reports.contains(where: { $0.published <= day && $0.recommendations.contains { $0.id == id } })
    else { return nil }
    var tracker: Tracker
    do {
      tracker = try Tracker.resume(reports: reports, statuses: [:], openPledges: [], frontier: nil, asOf: day)
      for entry in try EventStore.statements(naming: id, onOrBefore: day, knownAt: knowledge, in: db) {
        try tracker.apply(resumed: entry, only: id)
      }
    } catch let violation as RuleViolation {
      throw StoreError.damaged(sequence: 0, detail: "the projections no longer hold: \(violation)")
    }
    return tracker
  }


  /// Every correction, in log order, with the statements the retractions withdrew. Corrections
  /// are few, and the type index finds them.
  func corrections() throws -> [CorrectionEntry] { try EventStore.corrections(db, knownAt: knowledge) }
}

extension EventStore {
  /// The statements that name `id` dated by `day` (nil: any day), as they stood at `knowledge`,
  /// in the order applied: found through the `mention` index.
  static func statements(
    naming id: RecommendationID, onOrBefore day: Day?, knownAt knowledge: Projections.Knowledge, in db: Database
  ) throws -> [RecordedStatement] {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT \(recordedStatementColumns)
        FROM mention m JOIN statement s ON s.sequence = m.sequence AND \(Projections.live("s", "?3"))
        JOIN event e ON e.sequence = s.content
        WHERE m.recommendation = ?1 AND m.date <= ?2 AND \(Projections.live("m", "?3"))
        ORDER BY m.date, m.sequence
        """, arguments: [id.description, day?.description ?? "9999-12-31", knowledge.sequence])
    var entries: [RecordedStatement] = []
    while let row = try rows.next() { entries.append(try recordedStatement(row)) }
    return entries
  }

  /// The statement `id` as it stood at `knowledge`, nil if it was not recorded (or retracted)
  /// by then. Now: its live row, through `statement_live_id`. At a past moment: the rows of the
  /// event that recorded it (its id), through the primary key.
  static func statement(_ id: EventID, knownAt knowledge: Projections.Knowledge, in db: Database) throws
    -> RecordedStatement?
  {
    if knowledge.isCurrent {
      let query = try db.cachedStatement(
        sql: """
          SELECT \(recordedStatementColumns) FROM statement s JOIN event e ON e.sequence = s.content
          WHERE s.id = ? AND s.known_until IS NULL
          """)
      return try Row.fetchOne(query, arguments: [id.rawValue]).map(recordedStatement)
    }
    let query = try db.cachedStatement(
      sql: """
        SELECT \(recordedStatementColumns) FROM event o JOIN statement s ON s.sequence = o.sequence
        JOIN event e ON e.sequence = s.content
        WHERE o.id = ?1 AND s.id = ?1 AND \(Projections.live("s", "?2"))
        """)
    return try Row.fetchOne(query, arguments: [id.rawValue, knowledge.sequence]).map(recordedStatement)
  }

  /// The columns `recordedStatement(_:)` reads: a `statement s` row joined to the event `e`
  /// holding its content.
  static let recordedStatementColumns = "s.sequence, s.content, e.id, e.type, e.recorded_at, e.payload"

  /// A statement as it stands, from its `statement` row joined to the event holding its content.
  static func recordedStatement(_ row: Row) throws -> RecordedStatement {
    guard let sequence = row.integer(0), let content = row.integer(1),
      let time = row.text(4).flatMap({ Timestamp(iso: $0) })
    else {
      throw StoreError.damaged(sequence: row.integer(1) ?? 0, detail: "a statement's row is malformed")
    }
    let statement: IICSADomain.Statement
    switch try EventCodec.decode(type: row.text(3) ?? "", payload: row.text(5) ?? "") {
    case .statementRecorded(let recorded): statement = recorded
    case .eventCorrected(let correction):
      guard case .statement(let replacement)? = correction.replacement else {
        throw StoreError.damaged(sequence: content, detail: "a statement's content is not a statement")
      }
      statement = replacement
    case .reportPublished:
      throw StoreError.damaged(sequence: content, detail: "a statement's content is a report")
    }
    return RecordedStatement(
      statement: statement, recordedAt: time, sequence: sequence, corrected: content != sequence,
      contentSequence: content)
  }
}

extension EventStore {
  static func corrections(_ db: Database, knownAt knowledge: Projections.Knowledge) throws -> [CorrectionEntry] {
    var entries: [CorrectionEntry] = []
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT c.id, c.recorded_at, c.payload, t.type, t.payload FROM event c
        LEFT JOIN event t ON t.id = json_extract(c.payload, '$.target') AND t.sequence < c.sequence
        WHERE c.type = 'event_corrected' AND c.sequence <= ? ORDER BY c.sequence
        """, arguments: [knowledge.sequence])
    while let row = try rows.next() {
      guard case .eventCorrected(let correction) = try EventCodec.decode(type: "event_corrected", payload: row.text(2) ?? ""),
        let id = row.text(0).flatMap(EventID.init), let time = row.text(1).flatMap({ Timestamp(iso: $0) })
      else { throw StoreError.damaged(sequence: 0, detail: "a correction cannot be read") }
      var retracted: IICSADomain.Statement?
      if correction.replacement == nil, row.text(3) == EventType.statementRecorded.rawValue,
        case .statementRecorded(let statement) = try EventCodec.decode(type: row.text(3) ?? "", payload: row.text(4) ?? "")
      {
        retracted = statement
      }
      entries.append(
        CorrectionEntry(
          record: CorrectionRecord(
            id: id, target: correction.target, reason: correction.reason, recordedAt: time,
            retracted: correction.replacement == nil, sources: correction.sources),
          retracted: retracted))
    }
    return entries
  }
}
