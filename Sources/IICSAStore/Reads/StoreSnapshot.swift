internal import GRDB
public import IICSADomain
import IICSALog
public import IICSAReports

extension EventStore {
  /// Runs `body` in one read transaction: every read of the snapshot sees the log as it was when
  /// the transaction began, whatever another process appends meanwhile (SQLite's snapshot
  /// isolation in WAL mode; a rollback-journal store holds its shared lock until the end).
  public func snapshot<T>(knownAt: KnownAt?, _ body: (any RecordSnapshot) throws -> T) throws -> T {
    do {
      return try writer.read { db in
        try body(StoreSnapshot(db: db, knowledge: Projections.Knowledge.at(knownAt, in: db), knownAt: knownAt))
      }
    } catch let error as DatabaseError {
      throw StoreError(error, path: path)
    }
  }
}

/// The store's answers to the reports' questions, inside one read transaction. Each is a bounded
/// read of the projection rows live at `knowledge` (the last event `knownAt` includes).
struct StoreSnapshot: RecordSnapshot {
  let db: Database
  let knowledge: Projections.Knowledge
  let knownAt: KnownAt?

  func head() throws -> LogHead { try EventStore.head(db, at: knowledge) }

  /// A full replay of the events the snapshot sees.
  func tracker(asOf day: Day?) throws -> Tracker {
    let events = try EventStore.events(db, through: knowledge.sequence)
    do {
      return try Tracker.replay(events, asOf: day, knownAt: knownAt)
    } catch {
      throw StoreError.damaged(sequence: events.last?.sequence ?? 0, detail: "the log no longer replays: \(error)")
    }
  }

  /// Every report as corrected, in log order.
  func reports() throws -> [Report] { try CatalogueTable.reports(knownAt: knowledge, in: db) }
}
