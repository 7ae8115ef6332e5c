import Foundation
import GRDB
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import IICSATestSupport
import Testing

/// The conformance suite run against every backend (SQLite in memory and on disk, PostgreSQL),
/// and against deliberately broken variants that it must catch: a suite that passes everything
/// proves nothing.
@Suite struct ConformanceTests {
  @Test(arguments: Backend.available, Conformance.Promise.allCases)
  func everyBackendKeepsEveryPromise(_ backend: Backend, _ promise: Conformance.Promise) throws {
    let (log, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? log.close() } }
    try Scenario.seed(log)
    #expect(promise.check(log) == [])
  }

  @Test(arguments: Backend.available, [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
  func answersEqualAReplayForManyHistories(_ backend: Backend, _ seed: UInt64) throws {
    let (log, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? log.close() } }
    try Scenario.seed(log, seed: seed)
    let problems = Conformance.Promise.projectionsEqualReplay.check(log)
    #expect(problems == [], "seed \(seed)")
  }

  /// The same events give the same head on every backend: one chain, whatever holds it.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func everyBackendGivesTheSameHead(_ seed: UInt64) throws {
    var heads: [Backend: LogHead] = [:]
    for backend in Backend.available {
      let (log, keep) = try backend.make()
      defer { withExtendedLifetime(keep) { try? log.close() } }
      try Scenario.seed(log, seed: seed)
      heads[backend] = try log.head()
      #expect(try log.verify().problems == [], "\(backend)")
    }
    #expect(Set(heads.values).count == 1, "\(heads)")
  }

  // MARK: the suite discriminates

  @Test(arguments: Fault.allCases)
  func aBrokenVariantIsCaught(_ fault: Fault) throws {
    let store = try EventStore.inMemory()
    try Scenario.seed(store)
    let broken = FaultyLog(base: store, fault: fault)
    let problems = fault.breaks.check(broken)
    #expect(!problems.isEmpty, "\(fault) broke '\(fault.breaks)' and the suite did not notice")
    // The same check on the sound store passes: it is the fault that was caught.
    let sound = try EventStore.inMemory()
    try Scenario.seed(sound)
    #expect(fault.breaks.check(sound) == [])
  }

  @Test(arguments: Damage.allCases)
  func aHandDamagedDatabaseIsCaught(_ damage: Damage) throws {
    let folder = try TemporaryFolder()
    let path = folder.file("store.sqlite")
    let created = try EventStore.create(at: path)
    try Scenario.seed(created)
    try created.close()
    let queue = try DatabaseQueue(path: path)
    try queue.write { db in
      try db.execute(sql: "DROP TRIGGER event_no_update; DROP TRIGGER event_no_delete;")
      try db.execute(sql: "DROP TRIGGER event_in_order")
      try db.execute(sql: damage.sql)
    }
    try queue.close()
    let store = try EventStore.open(at: path, access: .readWrite)
    let problems = damage.breaks.check(store)
    #expect(!problems.isEmpty, "\(damage) and the suite did not notice")
  }

  /// Opening for writing must refuse a file that is not a store before touching it.
  @Test
  func openingAForeignFileForWritingLeavesItAlone() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("other.sqlite")
    let queue = try DatabaseQueue(path: path)
    try queue.write { try $0.execute(sql: "CREATE TABLE t (x)") }
    try queue.close()
    let before = FileManager.default.contents(atPath: path)
    #expect(throws: StoreError.notAStore(path: path)) {
      try EventStore.open(at: path, access: .readWrite)
    }
    #expect(FileManager.default.contents(atPath: path) == before)
  }

  @Test func everyPromiseHasABrokenVariant() {
    let covered = Set(Fault.allCases.map(\.breaks)).union(Damage.allCases.map(\.breaks))
    #expect(covered == Set(Conformance.Promise.allCases))
  }
}

/// Ways to damage a store file by hand, after dropping the log's triggers.
enum Damage: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case editPayload, deleteEvent, swapEvents, insertEvent, deleteProjectionRow, editProjectionRow

  var testDescription: String { rawValue }

  var sql: String {
    switch self {
    case .editPayload:
      return
        "UPDATE event SET payload = replace(payload, 'Said something.', 'Said nothing.') WHERE sequence = 5"
    case .deleteEvent: return "DELETE FROM event WHERE sequence = 7"
    case .swapEvents:
      return """
        UPDATE event SET sequence = 1000 WHERE sequence = 3;
        UPDATE event SET sequence = 3 WHERE sequence = 4;
        UPDATE event SET sequence = 4 WHERE sequence = 1000;
        """
    case .insertEvent:
      return """
        INSERT INTO event SELECT sequence + 100, id || '-copy', type, recorded_at, payload, hash
        FROM event WHERE sequence = (SELECT max(sequence) FROM event);
        """
    case .deleteProjectionRow:
      return "DELETE FROM statusChange WHERE statement = 'conf-9'"
    case .editProjectionRow:
      return "UPDATE statusChange SET stage = 'delivered' WHERE statement = 'conf-3'"
    }
  }

  /// The promise whose check must catch it.
  var breaks: Conformance.Promise {
    switch self {
    case .editPayload, .swapEvents: return .chainVerifies
    case .deleteEvent, .insertEvent: return .logOrderIsTotalAndGapFree
    case .deleteProjectionRow, .editProjectionRow: return .projectionsEqualReplay
    }
  }
}

/// What a broken store gets wrong: each breaks exactly one promise.
enum Fault: String, CaseIterable, CustomTestStringConvertible, Sendable {
  /// Appends event by event, so a failure half-way leaves the first half in.
  case appendsEventByEvent
  /// Ignores the expected head: lost updates between concurrent writers.
  case ignoresExpectedHead
  /// Appends a recorded id again under a new name instead of skipping it.
  case duplicatesKnownIDs
  /// Lets the last writer win when an id comes back with different content.
  case lastWriterWins
  /// Leaves one event out when reading the log.
  case dropsAnEvent
  /// Reads the log in date order rather than log order.
  case readsInDateOrder
  /// Answers "as of D" with the day before: an off-by-one in the projection seek.
  case projectionOffByOneDay
  /// Reports a head that is not the chain's.
  case liesAboutTheHead
  /// Answers "known at" from everything known now.
  case ignoresKnownAt

  var testDescription: String { rawValue }

  var breaks: Conformance.Promise {
    switch self {
    case .appendsEventByEvent, .ignoresExpectedHead: return .appendIsAllOrNothing
    case .duplicatesKnownIDs, .lastWriterWins: return .idsAreIdempotent
    case .dropsAnEvent, .readsInDateOrder: return .logOrderIsTotalAndGapFree
    case .projectionOffByOneDay: return .projectionsEqualReplay
    case .liesAboutTheHead: return .chainVerifies
    case .ignoresKnownAt: return .answersAreStable
    }
  }
}

/// A test-only store that forwards to a sound one, except for one fault.
struct FaultyLog: EventLog {
  let base: EventStore
  let fault: Fault

  func head() throws(StoreError) -> LogHead {
    var head = try base.head()
    if fault == .liesAboutTheHead, !head.head.isEmpty {
      head.head = String(head.head.reversed())
    }
    return head
  }

  var path: String { base.path }

  func countOfIDs(_ ids: [EventID]) throws(StoreError) -> Int { try base.countOfIDs(ids) }

  func correctionCount(of target: EventID) throws(StoreError) -> Int { try base.correctionCount(of: target) }

  func trial(_ events: [NewEvent], now: Timestamp) throws(StoreError) -> [(id: EventID, error: StoreError)] {
    try base.trial(events, now: now)
  }

  func knownAt(event sequence: Int) throws -> KnownAt? { try base.knownAt(event: sequence) }

  func snapshot<T>(knownAt: KnownAt?, _ body: (any RecordSnapshot) throws -> T) throws -> T {
    let asked = fault == .ignoresKnownAt ? nil : knownAt
    return try base.snapshot(knownAt: asked) { snapshot in
      try body(FaultySnapshot(base: snapshot, fault: fault, knownAt: knownAt))
    }
  }

  func events(knownAt: KnownAt?) throws(StoreError) -> [Event] {
    var events = try base.events(knownAt: fault == .ignoresKnownAt ? nil : knownAt)
    switch fault {
    case .dropsAnEvent where events.count > 3: events.remove(at: 2)
    case .readsInDateOrder:
      func date(_ event: Event) -> Day {
        if case .statementRecorded(let statement) = event.payload { return statement.date }
        return Day(daysSinceEpoch: 0)
      }
      // Stable: ties keep log order. Caught only because the seed holds a back-dated statement.
      events = events.enumerated().sorted {
        (date($0.element), $0.offset) < (date($1.element), $1.offset)
      }.map(\.element)
    default: break
    }
    return events
  }

  func append(_ events: [NewEvent], expecting expected: LogHead?, now: Timestamp, restampingEarlier: Bool)
    throws(StoreError) -> AppendResult
  {
    switch fault {
    case .appendsEventByEvent:
      // AppendResult has no public initialiser: start from an empty append's result.
      var result = try base.append([], expecting: nil, now: now)
      for event in events {
        let one = try base.append([event], expecting: nil, now: now)
        result.appended += one.appended
        result.unchanged += one.unchanged
        result.head = one.head
      }
      return result
    case .ignoresExpectedHead:
      return try base.append(events, expecting: nil, now: now)
    case .duplicatesKnownIDs:
      let known = Set(try base.events(knownAt: nil).map(\.id))
      for event in events where known.contains(event.id) {
        guard case .statementRecorded(var statement) = event.payload,
          let id = EventID(event.id.rawValue + "-again")
        else { continue }
        statement.id = id
        _ = try? base.append([.recorded(statement, at: nil)], expecting: nil, now: now)
      }
      return try base.append(events, expecting: expected, now: now)
    case .lastWriterWins:
      do {
        return try base.append(events, expecting: expected, now: now)
      } catch .conflictingContent {
        var result = try base.append([], expecting: nil, now: now)
        result.unchanged = events.map(\.id)
        return result
      }
    default:
      return try base.append(events, expecting: expected, now: now)
    }
  }

  func verify() throws(StoreError) -> VerifyReport {
    try base.verify()
  }

  func rebuild() throws(StoreError) -> LogHead { try base.rebuild() }

  func match(_ checkpoint: LogHead) throws(StoreError) -> CheckpointMatch { try base.match(checkpoint) }

  func sequence(ofHead hash: String) throws(StoreError) -> Int? { try base.sequence(ofHead: hash) }

  func close() throws(StoreError) { try base.close() }
}

/// A sound store's snapshot, but for the read faults: a status a day off, or answers that
/// ignore `--known-at` (the sound snapshot was opened for now) while claiming to honour it.
struct FaultySnapshot: RecordSnapshot {
  let base: any RecordSnapshot
  let fault: Fault
  let knownAt: KnownAt?

  func head() throws -> LogHead { try base.head() }

  func statuses(of ids: [RecommendationID], on day: Day) throws -> [RecommendationID: StatusOnDay] {
    try base.statuses(of: ids, on: fault == .projectionOffByOneDay ? day.adding(days: -1) : day)
  }
  func pledgeCounts(on day: Day) throws -> [RecommendationID: PledgeCounts] {
    try base.pledgeCounts(on: fault == .projectionOffByOneDay ? day.adding(days: -1) : day)
  }

  func tracker(asOf day: Day?) throws -> Tracker { try base.tracker(asOf: day) }
  func tracker(from start: Day, through end: Day) throws -> Tracker { try base.tracker(from: start, through: end) }
  func tracker(for id: RecommendationID, asOf day: Day) throws -> Tracker? { try base.tracker(for: id, asOf: day) }
  func pledges(asOf day: Day, overdueOnly: Bool) throws -> [PledgeRecord] { try base.pledges(asOf: day, overdueOnly: overdueOnly) }
  func pledges(asOf day: Day, openOrFulfilledSince since: Day) throws -> [PledgeRecord] {
    try base.pledges(asOf: day, openOrFulfilledSince: since)
  }
  func reports() throws -> [Report] { try base.reports() }
  func firstCalls() throws -> [RecommendationID: FirstCall] { try base.firstCalls() }
  func corrections() throws -> [CorrectionEntry] { try base.corrections() }
  func statements(_ ids: [EventID]) throws -> [EventID: RecordedStatement] { try base.statements(ids) }
  func sweeps(through day: Day?) throws -> [RecordedSweep] { try base.sweeps(through: day) }
  func headlineCounts(on days: [Day]) throws -> [[Headline: Int]] { try base.headlineCounts(on: days) }
  func dateOfOldest(ofNewest count: Int, onOrBefore day: Day) throws -> Day? {
    try base.dateOfOldest(ofNewest: count, onOrBefore: day)
  }
}
