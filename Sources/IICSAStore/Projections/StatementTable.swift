internal import GRDB
import IICSADomain
import IICSALog

/// `statement`: the statements that stand, by date, each pointing at the event that holds its
/// text (`content`: its own, or the correction that replaced it). Timelines seek a date range
/// here.
enum StatementTable {
  struct StatementRow: Hashable {
    var sequence: Int
    var id: String
    var date: String
    var content: Int
  }

  static func rows(_ tracker: Tracker) -> [StatementRow] {
    tracker.statements.values.map(row)
  }

  static func row(_ entry: RecordedStatement) -> StatementRow {
    StatementRow(
      sequence: entry.sequence, id: entry.statement.id.rawValue, date: entry.statement.date.description,
      content: entry.contentSequence)
  }

  // MARK: Writing

  static func insert(_ rows: [StatementRow], knownFrom: (StatementRow) -> Int, in db: Database) throws {
    let insert = try db.cachedStatement(
      sql: "INSERT INTO statement (sequence, id, date, content, known_from) VALUES (?, ?, ?, ?, ?)")
    for row in rows { try insert.run(row.sequence, row.id, row.date, row.content, knownFrom(row)) }
  }

  /// Ends the live row of the statement logged as `statementSequence` at event `sequence`.
  static func close(_ statementSequence: Int, at sequence: Int, in db: Database) throws {
    try db.execute(
      sql: "UPDATE statement SET known_until = ?1 WHERE sequence = ?2 AND known_until IS NULL",
      arguments: [sequence, statementSequence])
  }

  // MARK: Reading

  /// Every live row.
  static func live(in db: Database) throws -> Set<StatementRow> {
    try Set(
      Row.fetchAll(db, sql: "SELECT sequence, id, date, content FROM statement WHERE known_until IS NULL")
        .map { row in
          StatementRow(
            sequence: row.integer(0) ?? -1, id: row.text(1) ?? "", date: row.text(2) ?? "", content: row.integer(3) ?? -1)
        })
  }

  /// The date and sequence of the last statement applied now (nil: none).
  static func frontier(in db: Database) throws -> (date: Day, sequence: Int)? {
    try Row.fetchOne(
      db,
      sql: """
        SELECT date, sequence FROM statement WHERE known_until IS NULL
        ORDER BY date DESC, sequence DESC LIMIT 1
        """
    ).flatMap { row in Day(iso: row[0] as String).map { (date: $0, sequence: row[1] as Int) } }
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
          SELECT \(recordedColumns) FROM statement s JOIN event e ON e.sequence = s.content
          WHERE s.id = ? AND s.known_until IS NULL
          """)
      return try Row.fetchOne(query, arguments: [id.rawValue]).map(recorded)
    }
    let query = try db.cachedStatement(
      sql: """
        SELECT \(recordedColumns) FROM event o JOIN statement s ON s.sequence = o.sequence
        JOIN event e ON e.sequence = s.content
        WHERE o.id = ?1 AND s.id = ?1 AND \(Projections.live("s", "?2"))
        """)
    return try Row.fetchOne(query, arguments: [id.rawValue, knowledge.sequence]).map(recorded)
  }

  /// The statements dated from `start` through `end` as they stood at `knowledge`, in the order
  /// applied.
  static func statements(
    from start: Day, through end: Day, knownAt knowledge: Projections.Knowledge, in db: Database
  ) throws -> RowCursor {
    try Row.fetchCursor(
      db,
      sql: """
        SELECT \(recordedColumns)
        FROM statement s JOIN event e ON e.sequence = s.content
        WHERE s.date >= ?1 AND s.date <= ?2 AND \(Projections.live("s", "?3"))
        ORDER BY s.date, s.sequence
        """, arguments: [start.description, end.description, knowledge.sequence])
  }

  /// The date of the oldest of the newest `count` statements dated by `day`, as known at
  /// `knowledge`: `statement_by_date` read backwards from the day.
  static func dateOfOldest(ofNewest count: Int, onOrBefore day: Day, knownAt knowledge: Projections.Knowledge, in db: Database)
    throws -> Day?
  {
    guard count > 0 else { return nil }
    var bound = day
    if !knowledge.isCurrent {
      // No statement live then is dated after its horizon: start the walk there.
      guard let horizon = try DateHorizonTable.latest(at: knowledge, in: db) else { return nil }
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

  // MARK: Decoding

  /// The columns `recorded(_:)` reads: a `statement s` row joined to the event `e` holding its
  /// content.
  static let recordedColumns = "s.sequence, s.content, e.id, e.type, e.recorded_at, e.payload"

  /// A statement as it stands, from its `statement` row joined to the event holding its content.
  static func recorded(_ row: Row) throws -> RecordedStatement {
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
    case .reportPublished, .sweepRecorded:
      throw StoreError.damaged(sequence: content, detail: "a statement's content is not a statement")
    }
    return RecordedStatement(
      statement: statement, recordedAt: time, sequence: sequence, corrected: content != sequence,
      contentSequence: content)
  }
}
