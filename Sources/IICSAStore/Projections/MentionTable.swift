internal import GRDB
import IICSADomain
import IICSALog

/// `mention`: which statements name which recommendation, by date. `show` and the re-derivation
/// of one recommendation's history seek one recommendation's statements here.
enum MentionTable {
  struct MentionRow: Hashable {
    var recommendation: String
    var date: String
    var sequence: Int
  }

  static func rows(_ tracker: Tracker) -> [MentionRow] {
    tracker.statements.values.flatMap(rows)
  }

  static func rows(_ entry: RecordedStatement) -> [MentionRow] {
    entry.statement.recommendations.map {
      MentionRow(recommendation: $0.description, date: entry.statement.date.description, sequence: entry.sequence)
    }
  }

  // MARK: Writing

  static func insert(_ rows: [MentionRow], knownFrom: (MentionRow) -> Int, in db: Database) throws {
    let insert = try db.cachedStatement(
      sql: "INSERT INTO mention (recommendation, date, sequence, known_from) VALUES (?, ?, ?, ?)")
    for row in rows { try insert.run(row.recommendation, row.date, row.sequence, knownFrom(row)) }
  }

  /// Ends the live mentions of the statement logged as `statementSequence` at event `sequence`.
  static func close(ofStatement statementSequence: Int, at sequence: Int, in db: Database) throws {
    try db.execute(
      sql: """
        UPDATE mention SET known_until = ?1
        WHERE sequence = ?2 AND known_until IS NULL AND recommendation IN
          (SELECT recommendation FROM mention WHERE sequence = ?2 AND known_until IS NULL)
        """, arguments: [sequence, statementSequence])
  }

  // MARK: Reading

  /// The statements that name `id` dated by `day` (nil: any day), as they stood at `knowledge`,
  /// in the order applied.
  static func statements(
    naming id: RecommendationID, onOrBefore day: Day?, knownAt knowledge: Projections.Knowledge, in db: Database
  ) throws -> [RecordedStatement] {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT \(StatementTable.recordedColumns)
        FROM mention m JOIN statement s ON s.sequence = m.sequence AND \(Projections.live("s", "?3"))
        JOIN event e ON e.sequence = s.content
        WHERE m.recommendation = ?1 AND m.date <= ?2 AND \(Projections.live("m", "?3"))
        ORDER BY m.date, m.sequence
        """, arguments: [id.description, day?.description ?? "9999-12-31", knowledge.sequence])
    var entries: [RecordedStatement] = []
    while let row = try rows.next() { entries.append(try StatementTable.recorded(row)) }
    return entries
  }

  /// The first call for each recommendation of `reports`, as known at `knowledge`.
  static func firstCalls(of reports: [Report], knownAt knowledge: Projections.Knowledge, in db: Database) throws
    -> [RecommendationID: FirstCall]
  {
    Lineage.firstCalls(reports: reports, earliestMentions: try earliestMentions(before: reports, knownAt: knowledge, in: db))
  }

  /// For each recommendation of `reports`, the earliest statement live at `knowledge` that names
  /// it dated before its report was published (one seek each): the calls `Lineage` counts. Only
  /// `relates_to` may name a recommendation that early.
  static func earliestMentions(before reports: [Report], knownAt knowledge: Projections.Knowledge, in db: Database)
    throws -> [RecommendationID: ChangeReference]
  {
    let first = try db.cachedStatement(
      sql: """
        SELECT m.date, s.id FROM mention m JOIN statement s ON s.sequence = m.sequence AND \(Projections.live("s", "?3"))
        WHERE m.recommendation = ?1 AND m.date < ?2 AND \(Projections.live("m", "?3"))
        ORDER BY m.date, m.sequence LIMIT 1
        """)
    var found: [RecommendationID: ChangeReference] = [:]
    for report in reports {
      for item in report.recommendations {
        guard
          let row = try Row.fetchOne(
            first, arguments: [item.id.description, report.published.description, knowledge.sequence])
        else { continue }
        guard let date = row.text(0).flatMap({ Day(iso: $0) }), let id = row.text(1).flatMap(EventID.init)
        else { throw StoreError.damaged(sequence: 0, detail: "the mentions of \(item.id) cannot be read") }
        found[item.id] = ChangeReference(date: date, statement: id)
      }
    }
    return found
  }
}
