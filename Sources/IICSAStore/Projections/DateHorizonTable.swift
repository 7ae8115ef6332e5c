internal import GRDB
import IICSADomain
import IICSALog

/// `dateHorizon`: the latest statement date known once event `sequence` was in the log, one row
/// each time it moved. No row live at an event is dated after its horizon, so "known at" seeks
/// start there instead of walking past everything recorded afterwards.
enum DateHorizonTable {
  /// Notes that statements dated up to `latest` are known from event `sequence` on.
  static func extend(to latest: Day, at sequence: Int, in db: Database) throws {
    let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO dateHorizon (sequence, latest) VALUES (?, ?)")
    try insert.run(sequence, latest.description)
  }

  /// The latest statement date in the projections (nil: none).
  static func latest(in db: Database) throws -> Day? {
    try String.fetchOne(db, sql: "SELECT latest FROM dateHorizon ORDER BY sequence DESC LIMIT 1")
      .flatMap { Day(iso: $0) }
  }

  /// The latest statement date live at `knowledge` (nil: no statement yet).
  static func latest(at knowledge: Projections.Knowledge, in db: Database) throws -> Day? {
    try String.fetchOne(
      db, sql: "SELECT latest FROM dateHorizon WHERE sequence <= ? ORDER BY sequence DESC LIMIT 1",
      arguments: [knowledge.sequence]
    ).flatMap { Day(iso: $0) }
  }
}
