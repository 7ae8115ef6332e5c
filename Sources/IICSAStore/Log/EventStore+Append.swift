import Foundation
internal import GRDB
public import IICSADomain

/// What an append did.
public struct AppendResult: Hashable, Sendable {
  /// Ids appended, in order.
  public var appended: [EventID]
  /// Ids already in the log with the same content: nothing was written for them.
  public var unchanged: [EventID]
  /// The log after the append.
  public var head: LogHead
}

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
        guard let result else { throw StoreError.sqlite(path: path, detail: "transaction did not run") }
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
    var head = try head(db)
    if let expected, expected != head { throw StoreError.headMoved(expected: expected, actual: head) }
    var lastRecordedAt = try String.fetchOne(
      db, sql: "SELECT recorded_at FROM event ORDER BY sequence DESC LIMIT 1"
    ).flatMap { Timestamp(iso: $0) }
    var projections = try ProjectionUpdater(db)
    var result = AppendResult(appended: [], unchanged: [], head: head)
    let insert = try db.cachedStatement(
      sql: "INSERT INTO event (sequence, id, type, recorded_at, payload, hash) VALUES (?, ?, ?, ?, ?, ?)")
    let lookup = try db.cachedStatement(sql: "SELECT type, payload FROM event WHERE id = ?")
    for new in newEvents {
      if let row = try Row.fetchOne(lookup, arguments: [new.id.rawValue]) {
        guard try EventCodec.decode(type: row.text(0) ?? "", payload: row.text(1) ?? "") == new.payload else {
          throw StoreError.conflictingContent(new.id)
        }
        result.unchanged.append(new.id)
        continue
      }
      // Stamped here, under the write lock, so a slower concurrent writer cannot fall behind.
      var recordedAt = new.recordedAt ?? max(now, lastRecordedAt ?? now)
      if restamping, let lastRecordedAt, recordedAt < lastRecordedAt { recordedAt = max(now, lastRecordedAt) }
      if let lastRecordedAt, recordedAt < lastRecordedAt {
        throw StoreError.recordedBeforeHead(new.id, recordedAt: recordedAt, head: lastRecordedAt)
      }
      try new.checkTime(recordedAt: recordedAt, now: now)
      let event = Event(sequence: head.length + 1, id: new.id, recordedAt: recordedAt, payload: new.payload)
      try projections.apply(event)
      let payload = try EventCodec.payloadJSON(new.payload)
      let type = new.payload.type.rawValue
      let time = recordedAt.description
      let hash = EventCodec.chain(
        previous: head.head,
        canonical: EventCodec.canonicalBytes(
          sequence: event.sequence, id: new.id.rawValue, type: type, recordedAt: time, payload: payload))
      try insert.run(event.sequence, new.id.rawValue, type, time, payload, hash)
      head = LogHead(length: event.sequence, head: hash)
      lastRecordedAt = recordedAt
      result.appended.append(new.id)
    }
    try projections.flush()
    result.head = head
    return result
  }
}
