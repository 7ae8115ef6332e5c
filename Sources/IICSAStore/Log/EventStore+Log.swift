import Foundation
internal import GRDB
public import IICSADomain
public import IICSALog

extension EventStore {
  /// The length of the log and the hash of its last event.
  public func head() throws(StoreError) -> LogHead {
    try reading { db in try Self.head(db) }
  }

  /// "Known at" event `sequence`: the log up to it, at its recording time; nil when the log has
  /// no such event.
  public func knownAt(event sequence: Int) throws(StoreError) -> KnownAt? {
    try reading { db in
      try String.fetchOne(db, sql: "SELECT recorded_at FROM event WHERE sequence = ?", arguments: [sequence])
        .flatMap { Timestamp(iso: $0) }
        .map { KnownAt(event: sequence, recordedAt: $0) }
    }
  }

  /// Every event in log order, or those recorded at or before `knownAt`.
  public func events(knownAt: KnownAt? = nil) throws(StoreError) -> [Event] {
    try reading { db in try Self.events(db, knownAt: knownAt) }
  }

  /// How many of `ids` are the ids of events in the log: one query, a seek on the id's unique
  /// index for each.
  public func countOfIDs(_ ids: [EventID]) throws(StoreError) -> Int {
    try reading { db in
      // Ids are slugs (no quotes or backslashes): a JSON array of them is safe to build by hand.
      let list = "[" + ids.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
      return try Int.fetchOne(
        db, sql: "SELECT count(*) FROM event WHERE id IN (SELECT value FROM json_each(?))", arguments: [list]) ?? 0
    }
  }

  /// How many corrections in the log correct `target`: what numbers the next one. One seek on
  /// the index `event_correction_target`.
  public func correctionCount(of target: EventID) throws(StoreError) -> Int {
    try reading { db in
      try Int.fetchOne(db, sql: Self.correctionCountSQL, arguments: [target.rawValue]) ?? 0
    }
  }

  /// Spelt as the index `event_correction_target` is, so that SQLite answers from it.
  static let correctionCountSQL = """
    SELECT count(*) FROM event WHERE type = 'event_corrected' AND json_extract(payload, '$.target') = ?
    """

  /// The sequence of the event whose chain hash is `hash`, if the log holds one.
  public func sequence(ofHead hash: String) throws(StoreError) -> Int? {
    try reading { db in
      try Int.fetchOne(db, sql: "SELECT sequence FROM event WHERE hash = ?", arguments: [hash.lowercased()])
    }
  }

  /// How the log stands against a checkpoint's length and head: whether the event at that
  /// length still has that hash. One read, so a concurrent append cannot split it.
  public func match(_ checkpoint: LogHead) throws(StoreError) -> CheckpointMatch {
    try reading { db in
      let length = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(sequence), 0) FROM event") ?? 0
      if checkpoint.length == 0 { return checkpoint.head.isEmpty ? .matches : .differs(hash: "") }
      guard length >= checkpoint.length else { return .shorter(length: length) }
      let hash = try String.fetchOne(db, sql: "SELECT hash FROM event WHERE sequence = ?", arguments: [checkpoint.length]) ?? ""
      return hash == checkpoint.head.lowercased() ? .matches : .differs(hash: hash)
    }
  }

  func reading<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      return try writer.read(body)
    } catch {
      throw StoreError(error, path: path)
    }
  }

  /// The head as a read known at `knowledge` sees it.
  static func head(_ db: Database, at knowledge: Projections.Knowledge) throws -> LogHead {
    if knowledge.isCurrent { return try head(db) }
    return try head(
      Row.fetchOne(db, sql: "SELECT sequence, hash FROM event WHERE sequence = ?", arguments: [knowledge.sequence]))
  }

  static func head(_ db: Database) throws -> LogHead {
    try head(Row.fetchOne(db, sql: "SELECT sequence, hash FROM event ORDER BY sequence DESC LIMIT 1"))
  }

  private static func head(_ row: Row?) -> LogHead {
    row.map { LogHead(length: $0.integer(0) ?? 0, head: $0.text(1) ?? "") } ?? .empty
  }

  /// The events recorded by `knownAt` (nil: all of them), in log order.
  static func events(_ db: Database, knownAt: KnownAt?) throws -> [Event] {
    try events(db, through: Projections.Knowledge.at(knownAt, in: db).sequence)
  }

  /// The events up to and including `sequence`, in log order.
  static func events(_ db: Database, through sequence: Int) throws -> [Event] {
    var events: [Event] = []
    let rows = try Row.fetchCursor(
      db, sql: "SELECT sequence, id, type, recorded_at, payload FROM event WHERE sequence <= ? ORDER BY sequence",
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
