public import IICSADomain

/// What an append did.
public struct AppendResult: Hashable, Sendable {
  /// Ids appended, in order.
  public var appended: [EventID]
  /// Ids already in the log with the same content: nothing was written for them.
  public var unchanged: [EventID]
  /// The log after the append.
  public var head: LogHead

  public init(appended: [EventID], unchanged: [EventID], head: LogHead) {
    self.appended = appended
    self.unchanged = unchanged
    self.head = head
  }
}

/// One event as the log stores it: the columns the chain hashes, and its chain hash.
public struct StoredEvent: Hashable, Sendable {
  public var sequence: Int
  public var id: String
  public var type: String
  public var recordedAt: String
  public var payload: String
  public var hash: String

  public init(sequence: Int, id: String, type: String, recordedAt: String, payload: String, hash: String) {
    self.sequence = sequence
    self.id = id
    self.type = type
    self.recordedAt = recordedAt
    self.payload = payload
    self.hash = hash
  }
}

/// What a backend gives `AppendPolicy` inside one write transaction that holds the log's write
/// lock: reads of the log's end and of one id, an insert, and the rules' check. Everything that
/// makes an append valid, idempotent, ordered and chained is the policy's, not the backend's.
public protocol LogWriteTransaction {
  /// The log's length and head, as this transaction sees it.
  func head() throws -> LogHead
  /// When the last event was recorded; nil for an empty log.
  func lastRecordedAt() throws -> Timestamp?
  /// The stored type and payload of the event with this id, if the log holds one.
  func stored(_ id: EventID) throws -> (type: String, payload: String)?
  /// Checks `event`, the next in the log, against the record's rules and keeps whatever the
  /// backend answers reads from in step (SQLite's projections); throws `StoreError.rule`.
  mutating func check(_ event: Event) throws
  /// Writes one event at the end of the log.
  mutating func insert(_ event: StoredEvent) throws
  /// Called once after the last event of a call: write anything `check` batched.
  mutating func finish() throws
}

/// The append policy every backend shares: head check, idempotency, `recorded_at` stamping, the
/// order of time, the rules, and the hash chain.
public enum AppendPolicy {
  /// Appends `newEvents` in `transaction`, which the caller commits, or rolls back if this throws.
  ///
  /// Each event is checked against the whole history (including the events before it in the same
  /// call). An id already in the log with equal content is skipped; with different content the
  /// whole call is refused.
  /// - Parameter expected: if given, the call is refused unless the log still has this head.
  /// - Parameter now: the time stamped on events that carry none (never earlier than the head).
  /// - Parameter restamping: stamp an event whose `recordedAt` is earlier than the last event's
  ///   with `now` instead of refusing it: how the bundled record enters a store that already
  ///   holds later events (the log's time never goes back, and it says when this log learnt of
  ///   the event).
  public static func append(
    _ newEvents: [NewEvent], expecting expected: LogHead?, now: Timestamp, restamping: Bool,
    in transaction: inout some LogWriteTransaction
  ) throws -> AppendResult {
    var head = try transaction.head()
    if let expected, expected != head { throw StoreError.headMoved(expected: expected, actual: head) }
    var lastRecordedAt = try transaction.lastRecordedAt()
    var result = AppendResult(appended: [], unchanged: [], head: head)
    for new in newEvents {
      if let stored = try transaction.stored(new.id) {
        guard try EventCodec.decode(type: stored.type, payload: stored.payload) == new.payload else {
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
      do {
        try new.checkTime(recordedAt: recordedAt, now: now)
      } catch {
        throw StoreError.rule(error)
      }
      let event = Event(sequence: head.length + 1, id: new.id, recordedAt: recordedAt, payload: new.payload)
      try transaction.check(event)
      let stored = try stored(event, after: head)
      try transaction.insert(stored)
      head = LogHead(length: event.sequence, head: stored.hash)
      lastRecordedAt = recordedAt
      result.appended.append(new.id)
    }
    try transaction.finish()
    result.head = head
    return result
  }

  /// `event` as the log stores it, chained to `previous`.
  public static func stored(_ event: Event, after previous: LogHead) throws -> StoredEvent {
    let payload = try EventCodec.payloadJSON(event.payload)
    let type = event.payload.type.rawValue
    let time = event.recordedAt.description
    let hash = EventCodec.chain(
      previous: previous.head,
      canonical: EventCodec.canonicalBytes(
        sequence: event.sequence, id: event.id.rawValue, type: type, recordedAt: time, payload: payload))
    return StoredEvent(sequence: event.sequence, id: event.id.rawValue, type: type, recordedAt: time, payload: payload, hash: hash)
  }

  /// An event read back from its stored columns; `StoreError.damaged` if one cannot be read.
  public static func event(from stored: StoredEvent) throws(StoreError) -> Event {
    guard let eventID = EventID(stored.id), let time = Timestamp(iso: stored.recordedAt) else {
      throw StoreError.damaged(sequence: stored.sequence, detail: "a column is empty or malformed")
    }
    do {
      let decoded = try EventCodec.decode(type: stored.type, payload: stored.payload)
      return Event(sequence: stored.sequence, id: eventID, recordedAt: time, payload: decoded)
    } catch {
      throw StoreError.damaged(sequence: stored.sequence, detail: "its payload cannot be read (\(error))")
    }
  }
}
