public import IICSADomain

/// The store's narrow interface: append with an expected head, read the log in order, read the
/// projections, verify. `EventStore` (SQLite) conforms; a PostgreSQL backend can conform later,
/// and the conformance suite in `Tests/IICSAStoreTests/Conformance*.swift` runs against any
/// conforming type.
///
/// The requirements are exactly `EventStore`'s public methods, without default arguments
/// (protocol requirements cannot carry them: pass `nil` or `.current` explicitly).
public protocol EventLog: Sendable {
  /// The length of the log and the hash of its last event.
  func head() throws(StoreError) -> LogHead
  /// The head of the log as it stood at `time`: the last event recorded at or before it.
  func head(knownAt: KnownAt) throws(StoreError) -> LogHead
  /// Every event in log order, or those recorded at or before `knownAt`.
  func events(knownAt: KnownAt?) throws(StoreError) -> [Event]
  /// Appends events in one transaction: all of them, or none; with `restampingEarlier`, an event
  /// recorded before the last one is stamped `now` instead of refused.
  func append(_ events: [NewEvent], expecting expected: LogHead?, now: Timestamp, restampingEarlier: Bool)
    throws(StoreError) -> AppendResult
  /// The status of every recommendation on `day`, under everything known now.
  func status(asOf day: Day) throws(StoreError) -> StatusReport
  /// The status on `day` as the tracker stood at `knownAt`.
  func status(asOf day: Day, knownAt: KnownAt) throws(StoreError) -> StatusReport
  /// Replays the log into a tracker.
  func tracker(asOf: Day?, knownAt: KnownAt?) throws(StoreError) -> Tracker
  /// Recomputes the hash chain, replays the log and compares the projections.
  func verify() throws(StoreError) -> VerifyReport
}

extension EventStore: EventLog {}

extension EventLog {
  /// Appends, refusing an event recorded before the last one.
  public func append(_ events: [NewEvent], expecting expected: LogHead?, now: Timestamp)
    throws(StoreError) -> AppendResult
  {
    try append(events, expecting: expected, now: now, restampingEarlier: false)
  }

  /// The head as it stood at `time`, or now when `time` is nil: what a report prints beside
  /// an answer given with or without `--known-at`.
  public func head(knownAt time: KnownAt?) throws(StoreError) -> LogHead {
    guard let time else { return try head() }
    return try head(knownAt: time)
  }
}
