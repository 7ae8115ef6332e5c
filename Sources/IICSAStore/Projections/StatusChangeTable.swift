internal import GRDB
import IICSADomain
import IICSALog

/// `statusChange`: one row per status change a statement made. "As of D" seeks the last live
/// row of a recommendation dated on or before D.
enum StatusChangeTable {
  struct ChangeRow: Hashable {
    var recommendation: String
    var date: String
    var sequence: Int
    var statement: String
    var position: String
    var stage: String
  }

  /// The columns `changeRow` reads.
  static let columns = "recommendation, date, sequence, statement, position, stage"

  /// The status changes a tracker applied, one row per change.
  static func rows(_ tracker: Tracker) -> [ChangeRow] {
    tracker.orderedStates.flatMap { state in
      state.history.compactMap { entry -> ChangeRow? in
        guard case .changed(_, let to, _, _) = entry.what,
          let sequence = tracker.statements[entry.statement]?.sequence
        else { return nil }
        return ChangeRow(
          recommendation: state.id.description, date: entry.date.description, sequence: sequence,
          statement: entry.statement.rawValue, position: to.position.rawValue, stage: to.stage.rawValue)
      }
    }
  }

  static func order(_ a: ChangeRow, _ b: ChangeRow) -> Bool {
    (a.recommendation, a.date, a.sequence) < (b.recommendation, b.date, b.sequence)
  }

  // MARK: Writing

  static func insert(_ rows: [ChangeRow], knownFrom: (ChangeRow) -> Int, in db: Database) throws {
    let insert = try db.cachedStatement(
      sql: "INSERT INTO statusChange (\(columns), known_from) VALUES (?, ?, ?, ?, ?, ?, ?)")
    for row in rows {
      try insert.run(row.recommendation, row.date, row.sequence, row.statement, row.position, row.stage, knownFrom(row))
    }
  }

  /// Ends the live version of `row` at event `sequence`.
  static func close(_ row: ChangeRow, at sequence: Int, in db: Database) throws {
    try db.execute(
      sql: """
        UPDATE statusChange SET known_until = ?
        WHERE recommendation = ? AND date = ? AND sequence = ? AND known_until IS NULL
        """, arguments: [sequence, row.recommendation, row.date, row.sequence])
  }

  // MARK: Reading

  /// The live rows of one recommendation.
  static func live(of recommendation: String, in db: Database) throws -> Set<ChangeRow> {
    try Set(
      Row.fetchAll(
        db, sql: "SELECT \(columns) FROM statusChange WHERE recommendation = ? AND known_until IS NULL",
        arguments: [recommendation]
      ).map(changeRow))
  }

  /// The recommendations with a live row.
  static func liveRecommendations(in db: Database) throws -> Set<String> {
    try Set(String.fetchAll(db, sql: "SELECT recommendation FROM statusChange WHERE known_until IS NULL"))
  }

  /// The status of each recommendation set by its last change on or before `day` (nil: its
  /// latest) among the rows live at `knowledge`, by one index seek each; recommendations with no
  /// change are absent.
  ///
  /// The seek starts at the date horizon of `knowledge` when that is earlier than `day`: no row
  /// live then is dated later, and starting there skips the rows recorded afterwards.
  static func lastChanges(
    of ids: [RecommendationID], onOrBefore day: Day?, knownAt knowledge: Projections.Knowledge, in db: Database
  ) throws -> [RecommendationID: (Status, ChangeReference?)] {
    let last = try db.cachedStatement(
      sql: """
        SELECT position, stage, date, statement FROM statusChange c
        WHERE recommendation = ?1 AND date <= ?2 AND \(Projections.live("c", "?3"))
        ORDER BY date DESC, sequence DESC LIMIT 1
        """)
    // Every stored date is a real day, so the last possible one bounds nothing.
    var bound = day?.description ?? "9999-12-31"
    if !knowledge.isCurrent {
      guard let horizon = try DateHorizonTable.latest(at: knowledge, in: db) else { return [:] }
      bound = min(bound, horizon.description)
    }
    var statuses: [RecommendationID: (Status, ChangeReference?)] = [:]
    for id in ids {
      guard let row = try Row.fetchOne(last, arguments: [id.description, bound, knowledge.sequence]) else { continue }
      guard let position = row.text(0).flatMap(Position.init(rawValue:)),
        let stage = row.text(1).flatMap(Stage.init(rawValue:)),
        let date = row.text(2).flatMap({ Day(iso: $0) }), let statement = row.text(3).flatMap(EventID.init)
      else { throw StoreError.damaged(sequence: 0, detail: "the projection of \(id) cannot be read") }
      statuses[id] = (Status(position: position, stage: stage), ChangeReference(date: date, statement: statement))
    }
    return statuses
  }

  private static func changeRow(_ row: Row) -> ChangeRow {
    ChangeRow(
      recommendation: row.text(0) ?? "", date: row.text(1) ?? "", sequence: row.integer(2) ?? -1,
      statement: row.text(3) ?? "", position: row.text(4) ?? "", stage: row.text(5) ?? "")
  }
}
