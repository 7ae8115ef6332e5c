import Foundation
internal import GRDB
public import IICSADomain

extension EventStore {
  /// The length of the log and the hash of its last event.
  public func head() throws(StoreError) -> LogHead {
    try reading { db in try Self.head(db) }
  }

  /// The head of the log as it stood at `time`: the last event recorded at or before it.
  public func head(knownAt time: Timestamp) throws(StoreError) -> LogHead {
    try reading { db in
      let row = try Row.fetchOne(
        db,
        sql: """
          SELECT sequence, hash FROM event WHERE recorded_at <= ?
          ORDER BY recorded_at DESC, sequence DESC LIMIT 1
          """,
        arguments: [time.description])
      return row.map { LogHead(length: $0.integer(0) ?? 0, head: $0.text(1) ?? "") } ?? .empty
    }
  }

  /// Every event in log order, or those recorded at or before `knownAt`.
  public func events(knownAt: Timestamp? = nil) throws(StoreError) -> [Event] {
    try reading { db in try Self.events(db, knownAt: knownAt) }
  }

  /// Replays the log into a tracker.
  public func tracker(asOf: Day? = nil, knownAt: Timestamp? = nil) throws(StoreError) -> Tracker {
    let events = try events(knownAt: knownAt)
    do {
      return try Tracker.replay(events, asOf: asOf, knownAt: knownAt)
    } catch {
      throw .damaged(sequence: events.last?.sequence ?? 0, detail: "the log no longer replays: \(error)")
    }
  }

  func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try writer.read(body)
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// The head once event `sequence` was appended.
  static func head(_ db: Database, through sequence: Int) throws -> LogHead {
    let row = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM event WHERE sequence = ?", arguments: [sequence])
    return row.map { LogHead(length: $0.integer(0) ?? 0, head: $0.text(1) ?? "") } ?? .empty
  }

  static func head(_ db: Database) throws -> LogHead {
    let row = try Row.fetchOne(db, sql: "SELECT sequence, hash FROM event ORDER BY sequence DESC LIMIT 1")
    return row.map { LogHead(length: $0.integer(0) ?? 0, head: $0.text(1) ?? "") } ?? .empty
  }

  static func events(_ db: Database, knownAt: Timestamp?) throws -> [Event] {
    var events: [Event] = []
    let sql =
      "SELECT sequence, id, type, recorded_at, payload FROM event"
      + (knownAt == nil ? "" : " WHERE recorded_at <= ?") + " ORDER BY sequence"
    let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(knownAt.map { [$0.description] } ?? []))
    while let row = try rows.next() {
      events.append(try event(from: row))
    }
    return events
  }

  /// The events before `sequence`, in log order.
  static func events(_ db: Database, before sequence: Int) throws -> [Event] {
    var events: [Event] = []
    let rows = try Row.fetchCursor(
      db, sql: "SELECT sequence, id, type, recorded_at, payload FROM event WHERE sequence < ? ORDER BY sequence",
      arguments: [sequence])
    while let row = try rows.next() { events.append(try event(from: row)) }
    return events
  }

  static func event(from row: Row) throws -> Event {
    let sequence = row.integer(0) ?? 0
    guard let id = row.text(1), let type = row.text(2), let recordedAt = row.text(3),
      let payload = row.text(4), let eventID = EventID(id), let time = Timestamp(iso: recordedAt)
    else {
      throw StoreError.damaged(sequence: sequence, detail: "a column is empty or malformed")
    }
    do {
      let decoded = try EventCodec.decode(type: type, payload: payload)
      return Event(sequence: sequence, id: eventID, recordedAt: time, payload: decoded)
    } catch {
      throw StoreError.damaged(sequence: sequence, detail: "its payload cannot be read (\(error))")
    }
  }
}
