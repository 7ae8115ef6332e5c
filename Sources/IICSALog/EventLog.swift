public import IICSADomain
public import IICSAReports

/// The store's interface: the log and its chain (append with an expected head, read it in
/// order, check it against what was published), its upkeep (`verify`, `rebuild`), and the reads
/// reports are built from (`RecordReader`). The command line reaches the store only through it;
/// `EventStore` (SQLite) conforms, and a second backend is a new conforming type run through the
/// same conformance suite (`Tests/IICSAStoreTests/Conformance*.swift`) and replay oracle.
///
/// Requirements cannot carry default arguments: pass `nil` explicitly.
public protocol EventLog: RecordReader {
  /// The path of the store, for messages.
  var path: String { get }
  /// The length of the log and the hash of its last event.
  func head() throws(StoreError) -> LogHead
  /// Every event in log order, or those recorded at or before `knownAt`.
  func events(knownAt: KnownAt?) throws(StoreError) -> [Event]
  /// How many of `ids` are the ids of events in the log.
  func countOfIDs(_ ids: [EventID]) throws(StoreError) -> Int
  /// How many corrections in the log correct `target`.
  func correctionCount(of target: EventID) throws(StoreError) -> Int
  /// Appends events in one transaction: all of them, or none; with `restampingEarlier`, an event
  /// recorded before the last one is stamped `now` instead of refused.
  func append(_ events: [NewEvent], expecting expected: LogHead?, now: Timestamp, restampingEarlier: Bool)
    throws(StoreError) -> AppendResult
  /// Judges events one by one as `append` would, in a transaction always rolled back: the events
  /// refused, each with its error. Nothing is written.
  func trial(_ events: [NewEvent], now: Timestamp) throws(StoreError) -> [(id: EventID, error: StoreError)]
  /// Recomputes the hash chain, replays the log and compares the projections.
  func verify() throws(StoreError) -> VerifyReport
  /// Recreates every projection from the log, in one transaction.
  func rebuild() throws(StoreError) -> LogHead
  /// The sequence of the event whose chain hash is `hash`, if the log holds one.
  func sequence(ofHead hash: String) throws(StoreError) -> Int?
  /// How the log stands against a published head: the same, longer, or not holding it.
  func match(_ checkpoint: LogHead) throws(StoreError) -> CheckpointMatch
  /// Closes the store, checkpointing its write-ahead log into the file.
  func close() throws(StoreError)
}

extension EventLog {
  /// Appends, refusing an event recorded before the last one.
  public func append(_ events: [NewEvent], expecting expected: LogHead?, now: Timestamp)
    throws(StoreError) -> AppendResult
  {
    try append(events, expecting: expected, now: now, restampingEarlier: false)
  }
}
