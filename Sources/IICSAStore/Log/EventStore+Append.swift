import Foundation
internal import GRDB
public import IICSADomain
public import IICSALog

extension EventStore {
  /// Appends events in one transaction: all of them, or none.
  ///
  /// Each event is checked against the whole history (including the events before it in the same
  /// call). An id already in the log with equal content is skipped; with different content the
  /// whole call is refused. Projections are updated in the same transaction.
  /// - Parameter expected: if given, the call is refused unless the log still has this head.
  /// - Parameter now: the time stamped on events that carry none (never earlier than the head).
  /// - Parameter restampingEarlier: stamp an event whose `recordedAt` is earlier than the last
  ///   event's with `now` instead of refusing it: how the bundled record enters a store that
  ///   already holds later events (the log's time never goes back, and it says when this log
  ///   learnt of the event).
  public func append(
    _ events: [NewEvent], expecting expected: LogHead? = nil, now: Timestamp = .current,
    restampingEarlier: Bool = false
  ) throws(StoreError) -> AppendResult {
    do {
      return try writer.writeWithoutTransaction { db in
        var result: AppendResult?
        try db.inTransaction(.immediate) {
          result = try Self.append(events, expecting: expected, now: now, restamping: restampingEarlier, in: db)
          return .commit
        }
        guard let result else { throw StoreError.database(engine: "SQLite", path: path, detail: "transaction did not run") }
        return result
      }
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// Appends as `append` does, and before committing hands what it did and the events it wrote,
  /// as stored, to `publish`: the store commits only once `publish` has returned, and rolls back if it throws.
  ///
  /// How a PostgreSQL store's replica appends: the policy and the rules run here, against the
  /// projections, and `publish` writes the same rows to the shared log and commits it, so the
  /// replica never holds an event the shared log lacks.
  public func append(
    _ events: [NewEvent], expecting expected: LogHead?, now: Timestamp, restampingEarlier: Bool,
    publishing publish: (AppendResult, [StoredEvent]) throws -> Void
  ) throws(StoreError) -> AppendResult {
    do {
      return try writer.writeWithoutTransaction { db in
        var result: AppendResult?
        try db.inTransaction(.immediate) {
          var transaction = try SQLiteWrite(db, keepingWritten: true)
          let appended = try AppendPolicy.append(
            events, expecting: expected, now: now, restamping: restampingEarlier, in: &transaction)
          try publish(appended, transaction.written)
          result = appended
          return .commit
        }
        guard let result else { throw StoreError.database(engine: "SQLite", path: path, detail: "transaction did not run") }
        return result
      }
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// Judges events as `append` would, one by one, without writing anything: what `check` asks.
  ///
  /// Runs in one write transaction that is always rolled back, each event in a savepoint of its
  /// own: an event the store refuses is listed with its error and its savepoint rolled back, and
  /// the next is judged against the log with every earlier event of the call that was accepted.
  /// Ids already in the log with the same content are accepted, unchanged.
  /// - Parameter now: the time stamped on events that carry none, as `append` would.
  /// - Returns: the events refused, in the order given, each with its error; empty when `append`
  ///   would take them one by one.
  public func trial(_ events: [NewEvent], now: Timestamp = .current) throws(StoreError)
    -> [(id: EventID, error: StoreError)]
  {
    do {
      return try writer.writeWithoutTransaction { db in
        var refused: [(id: EventID, error: StoreError)] = []
        try db.inTransaction(.immediate) {
          for event in events {
            do {
              try db.inSavepoint {
                _ = try Self.append([event], expecting: nil, now: now, restamping: false, in: db)
                return .commit
              }
            } catch {
              // A failure that ended the transaction is the database's, not a judgement of the event.
              guard db.isInsideTransaction else { throw error }
              refused.append((event.id, StoreError(error, path: path)))
            }
          }
          return .rollback
        }
        return refused
      }
    } catch {
      throw StoreError(error, path: path)
    }
  }

  private static func append(
    _ newEvents: [NewEvent], expecting expected: LogHead?, now: Timestamp, restamping: Bool, in db: Database
  ) throws -> AppendResult {
    var transaction = try SQLiteWrite(db)
    return try AppendPolicy.append(newEvents, expecting: expected, now: now, restamping: restamping, in: &transaction)
  }
}

/// SQLite's side of an append: the `event` table, and the projections kept in step with it.
struct SQLiteWrite: LogWriteTransaction {
  private let db: Database
  private var projections: ProjectionUpdater
  private let insertStatement: GRDB.Statement
  private let lookup: GRDB.Statement
  private let keepingWritten: Bool
  /// The events inserted, when `keepingWritten`.
  private(set) var written: [StoredEvent] = []

  init(_ db: Database, keepingWritten: Bool = false) throws {
    self.db = db
    self.keepingWritten = keepingWritten
    projections = try ProjectionUpdater(db)
    insertStatement = try db.cachedStatement(
      sql: "INSERT INTO event (sequence, id, type, recorded_at, payload, hash) VALUES (?, ?, ?, ?, ?, ?)")
    lookup = try db.cachedStatement(sql: "SELECT type, payload FROM event WHERE id = ?")
  }

  func head() throws -> LogHead { try EventStore.head(db) }

  func lastRecordedAt() throws -> Timestamp? {
    try String.fetchOne(db, sql: "SELECT recorded_at FROM event ORDER BY sequence DESC LIMIT 1").flatMap { Timestamp(iso: $0) }
  }

  func stored(_ id: EventID) throws -> (type: String, payload: String)? {
    try Row.fetchOne(lookup, arguments: [id.rawValue]).map { ($0.text(0) ?? "", $0.text(1) ?? "") }
  }

  mutating func check(_ event: Event) throws { try projections.apply(event) }

  mutating func insert(_ event: StoredEvent) throws {
    try insertStatement.run(event.sequence, event.id, event.type, event.recordedAt, event.payload, event.hash)
    if keepingWritten { written.append(event) }
  }

  mutating func finish() throws { try projections.flush() }
}
