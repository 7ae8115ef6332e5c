public import IICSADomain

/// The record as a list of events, every answer a replay of them: the oracle the store's bounded
/// reads are held to, and a backend with no database at all.
///
/// Slow by design (each answer replays the log) and plainly right: nothing here reads a
/// projection, so a report that agrees under both readers does not depend on how the store files
/// its rows.
public struct ReplayedRecord: RecordReader {
  /// The log, in order.
  public var events: [Event]
  /// The chain hash of each event, in log order: what a head names.
  public var hashes: [String]

  /// A record of `events`, with the chain hash of each (from the store that holds them).
  public init(events: [Event], hashes: [String]) {
    self.events = events
    self.hashes = hashes
  }

  public func snapshot<T>(knownAt: KnownAt?, _ body: (any RecordSnapshot) throws -> T) throws -> T {
    let seen = knownAt.map { cut in events.filter { cut.includes($0) } } ?? events
    let length = seen.last?.sequence ?? 0
    let head = length == 0 ? LogHead.empty : LogHead(length: length, head: hashes[length - 1])
    return try body(ReplayedSnapshot(events: seen, log: head, knownAt: knownAt))
  }

  public func knownAt(event sequence: Int) throws -> KnownAt? {
    events.first { $0.sequence == sequence }.map { KnownAt(event: sequence, recordedAt: $0.recordedAt) }
  }
}

/// One replayed moment of the record.
struct ReplayedSnapshot: RecordSnapshot {
  /// The events known at the snapshot's moment, in log order.
  let events: [Event]
  let log: LogHead
  let knownAt: KnownAt?

  func head() throws -> LogHead { log }

  func tracker(asOf day: Day?) throws -> Tracker {
    try Tracker.replay(events, asOf: day, knownAt: knownAt)
  }

  func statuses(of ids: [RecommendationID], on day: Day) throws -> [RecommendationID: StatusOnDay] {
    let tracker = try tracker(asOf: day)
    var found: [RecommendationID: StatusOnDay] = [:]
    for id in ids {
      guard let state = tracker.states[id] else { continue }
      found[id] = StatusOnDay(status: state.status, lastChange: state.lastChange)
    }
    return found
  }

  func pledgeCounts(on day: Day) throws -> [RecommendationID: PledgeCounts] {
    try tracker(asOf: day).pledgeCounts(on: day)
  }

  func tracker(from start: Day, through end: Day) throws -> Tracker { try tracker(asOf: end) }

  func tracker(for id: RecommendationID, asOf day: Day) throws -> Tracker? {
    let tracker = try tracker(asOf: day)
    return tracker.states[id] == nil ? nil : tracker
  }

  func pledges(asOf day: Day, overdueOnly: Bool) throws -> [PledgeRecord] {
    try tracker(asOf: day).pledges.filter { record in
      guard record.madeOn <= day else { return false }
      guard overdueOnly else { return true }
      if case .overdue = record.status(on: day) { return true }
      return false
    }
  }

  func pledges(asOf day: Day, openOrFulfilledSince since: Day) throws -> [PledgeRecord] {
    try tracker(asOf: day).pledges.filter { record in
      guard record.madeOn <= day else { return false }
      guard let by = record.end?.by else { return true }
      return by.date > day || by.date >= since
    }
  }

  func reports() throws -> [Report] { try tracker(asOf: nil).orderedReports }

  func firstCalls() throws -> [RecommendationID: FirstCall] { try tracker(asOf: nil).firstCalls }

  func corrections() throws -> [CorrectionEntry] {
    var statements: [EventID: Statement] = [:]
    for event in events {
      if case .statementRecorded(let statement) = event.payload { statements[event.id] = statement }
    }
    return try tracker(asOf: nil).corrections.map { record in
      CorrectionEntry(record: record, retracted: record.retracted ? statements[record.target] : nil)
    }
  }

  func statements(_ ids: [EventID]) throws -> [EventID: RecordedStatement] {
    let tracker = try tracker(asOf: nil)
    var found: [EventID: RecordedStatement] = [:]
    for id in ids { found[id] = tracker.statements[id] }
    return found
  }

  func sweeps(through day: Day?) throws -> [RecordedSweep] { try tracker(asOf: day).sweeps }

  func dateOfOldest(ofNewest count: Int, onOrBefore day: Day) throws -> Day? {
    guard count > 0 else { return nil }
    return try tracker(asOf: day).orderedStatements.suffix(count).first?.statement.date
  }
}
