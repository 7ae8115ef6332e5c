import Foundation
import GRDB
@testable import IICSAStore
import IICSALog
import IICSADomain
import IICSAReports
import IICSATestSupport
import Testing

/// "Known at" reads seek the projection rows live at an event instead of replaying the log.
/// These tests hold every such read to a replay of the log's prefix, after every event of a
/// history full of the cases that supersede rows: back-dated statements, a statement corrected,
/// a statement retracted, a report corrected, and pledges fulfilled, unfulfilled and re-fulfilled.
@Suite struct KnownAtTests {
  let report = Build.report(count: 4)

  func pledge(_ id: String, _ target: PledgeTarget, due: String) -> Pledge {
    Pledge(recommendation: Build.rec(id), text: "Promise on \(id)", target: target, due: Build.day(due))
  }

  /// Each payload is its own event, recorded one second after the one before.
  func payloads() -> [EventPayload] {
    var fixedB = Build.statement("b", "2023-09-01", changes: [Build.change("TEST-1", nil, .planned)], reaffirms: ["TEST-3"])
    fixedB.summary = "Corrected: only planned."
    var renamed = report
    renamed.recommendations[1].title = "Renamed"
    return [
      .reportPublished(report),
      .statementRecorded(
        Build.statement(
          "a", "2023-05-22", changes: [Build.change("TEST-1", .accepted), Build.change("TEST-2", .considering)],
          pledges: [pledge("TEST-1", .stage(.legislating), due: "2024-06-01"), pledge("TEST-2", .stage(.planned), due: "2023-06-01")])),
      .statementRecorded(Build.statement("b", "2023-09-01", changes: [Build.change("TEST-1", nil, .consulting)], reaffirms: ["TEST-3"])),
      .statementRecorded(Build.statement("c", "2024-02-01", changes: [Build.change("TEST-1", nil, .legislating)], relatesTo: ["TEST-4"])),
      // Back-dated before c: fulfils TEST-2's pledge earlier than d would have.
      .statementRecorded(Build.statement("early", "2023-07-01", changes: [Build.change("TEST-2", nil, .planned)])),
      .statementRecorded(Build.statement("d", "2024-02-01", changes: [Build.change("TEST-2", .acceptedInPart, .consulting)])),
      .eventCorrected(Correction(target: EventID("b")!, reason: "Misread", replacement: .statement(fixedB))),
      .statementRecorded(
        Build.statement(
          "e", "2024-05-24", changes: [Build.change("TEST-1", nil, .consulting, reason: "The bill fell.")],
          pledges: [pledge("TEST-1", .stage(.enacted), due: "2025-12-31")])),
      // Retracting "early": TEST-2's pledge is now fulfilled by d instead.
      .eventCorrected(Correction(target: EventID("early")!, reason: "No such statement")),
      .eventCorrected(Correction(target: EventID(report.id), reason: "Title", replacement: .report(renamed))),
      .statementRecorded(Build.statement("f", "2025-03-01", changes: [Build.change("TEST-1", nil, .enacted)])),
      // Back-dated again, on TEST-3 only.
      .statementRecorded(Build.statement("late", "2023-10-01", changes: [Build.change("TEST-3", .accepted)])),
      .statementRecorded(Build.statement("g", "2026-01-10", changes: [Build.change("TEST-4", .rejected)])),
      // A pledge's life: made, re-made later (a slip), declared met.
      .statementRecorded(Build.statement("h", "2026-02-01", pledges: [Build.pledge("TEST-3", due: "2026-06-30")])),
      .statementRecorded(
        Build.statement("i", "2026-03-01", pledges: [Build.pledge("TEST-3", due: "2026-12-31", replaces: "h#1")])),
      .statementRecorded(Build.statement("j", "2026-04-01", outcomes: [Build.outcome("i#1", "TEST-3")])),
      // Back-dated before f: withdrawing e's pledge, which f would have fulfilled.
      .statementRecorded(Build.statement("k", "2025-01-15", outcomes: [Build.outcome("e#1", "TEST-1", .withdrawn)])),
      // A step back from acceptance.
      .statementRecorded(Build.statement("l", "2026-05-01", changes: [Build.change("TEST-2", .considering)])),
      // A correction of a statement that ends a pledge: met becomes withdrawn.
      .eventCorrected(
        Correction(
          target: EventID("j")!, reason: "It was dropped",
          replacement: .statement(Build.statement("j", "2026-04-01", outcomes: [Build.outcome("i#1", "TEST-3", .withdrawn)])))),
    ]
  }

  let days = [
    "2023-05-21", "2023-05-22", "2023-07-01", "2023-09-30", "2024-02-01", "2024-06-02", "2025-03-01", "2026-02-01",
    "2026-03-15", "2026-07-01", "2026-11-30",
  ].map(Build.day)

  /// Appends the history one event per call, so each supersession happens in its own
  /// transaction, and returns the store and the log.
  func store() throws -> (EventStore, [Event]) {
    let store = try EventStore.inMemory()
    for event in Build.newEvents(Build.log(payloads())) { _ = try store.append([event]) }
    return (store, try store.events())
  }

  /// A statement and its retraction recorded in the same second: no moment shows the record
  /// between them, but event 2 does, in the store's reads as in a replay.
  @Test func twoEventsRecordedInTheSameSecondAreToldApartByEvent() throws {
    var events = Build.log([
      .reportPublished(report),
      .statementRecorded(Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])),
      .eventCorrected(Correction(target: EventID("a")!, reason: "No such statement")),
    ])
    events[2] = Event(sequence: 3, id: events[2].id, recordedAt: events[1].recordedAt, payload: events[2].payload)
    let store = try EventStore.inMemory()
    _ = try store.append(Build.newEvents(events))
    let second = events[1].recordedAt
    let day = Build.day("2024-01-01")
    let between = try #require(try store.knownAt(event: 2))
    #expect(between == KnownAt(event: 2, recordedAt: second))
    #expect(try store.knownAt(event: 4) == nil)

    let byTime = try store.status(asOf: day, knownAt: KnownAt(second))
    let byEvent = try store.status(asOf: day, knownAt: between)
    #expect(byTime.rows == (try Tracker.replay(events, asOf: day).statusRows(on: day)), "the second holds both")
    #expect(byEvent.rows == (try Tracker.replay(events.prefix(2), asOf: day).statusRows(on: day)))
    #expect(byEvent.rows.first { $0.id == Build.rec("TEST-1") }?.status.position == .accepted)
    #expect(byTime.rows.first { $0.id == Build.rec("TEST-1") }?.status.position == .noResponse)
    #expect(try Tracker.replay(events, asOf: day, knownAt: between).statusRows(on: day) == byEvent.rows)
    #expect(try store.head(knownAt: between).length == 2 && (try store.head(knownAt: KnownAt(second)).length) == 3)
    #expect(try store.events(knownAt: between).count == 2)
    #expect(try store.tracker(asOf: day, knownAt: between).statusRows(on: day) == byEvent.rows)
  }

  /// The catalogue is read from its own versioned rows: a report published, corrected and
  /// retracted, and one published after, read back known at every event, in log order, as the
  /// log's prefix has them.
  @Test func reportsKnownAtEveryEventEqualThePrefixOfTheLog() throws {
    let second = Build.report("second-2023", prefix: "SEC", published: "2023-01-10", count: 2)
    var renamed = second
    renamed.title = "Second, renamed"
    renamed.recommendations.append(
      Recommendation(
        id: Build.rec("SEC-3"), title: "Added", text: "Do a third thing.", addressedTo: ["UK government"],
        sources: []))
    let third = Build.report("third-2021", prefix: "THI", published: "2021-03-01", count: 1)
    let events = Build.log([
      .reportPublished(report),
      .reportPublished(second),
      .eventCorrected(Correction(target: EventID(second.id), reason: "Title", replacement: .report(renamed))),
      .statementRecorded(Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])),
      .eventCorrected(Correction(target: EventID(second.id), reason: "Not a report")),
      .reportPublished(third),
    ])
    let store = try EventStore.inMemory()
    for event in Build.newEvents(events) { _ = try store.append([event]) }
    #expect(try store.verify().problems == [])
    let expected: [[Report]] = [[report], [report, second], [report, renamed], [report, renamed], [report], [report, third]]
    for event in events {
      let knownAt = KnownAt(event: event.sequence, recordedAt: event.recordedAt)
      let read = try store.snapshot(knownAt: knownAt) { try $0.reports() }
      #expect(read == expected[event.sequence - 1], "known at event \(event.sequence)")
      let replayed = try Tracker.replay(events.prefix(event.sequence)).orderedReports
      #expect(Set(read) == Set(replayed), "known at event \(event.sequence)")
    }
  }

  @Test func statusKnownAtEveryEventEqualsAReplayOfThePrefix() throws {
    let (store, events) = try store()
    #expect(try store.verify().problems == [])
    for event in events {
      for day in days {
        let replayed = try Tracker.replay(events, asOf: day, knownAt: KnownAt(event.recordedAt))
        let read = try store.status(asOf: day, knownAt: KnownAt(event.recordedAt))
        #expect(read.rows == replayed.statusRows(on: day), "as of \(day), known at event \(event.sequence)")
        #expect(read.sources == replayed.orderedReports.map(\.info), "as of \(day), known at event \(event.sequence)")
        #expect(read.log.length == event.sequence)
        // By event, the same answer: every event here has a second of its own.
        let byEvent = try store.status(asOf: day, knownAt: KnownAt(event: event.sequence, recordedAt: event.recordedAt))
        #expect(byEvent.rows == read.rows && byEvent.log == read.log, "as of \(day), known at event \(event.sequence)")
      }
    }
  }

  @Test func pledgesKnownAtEveryEventEqualAReplayOfThePrefix() throws {
    let (store, events) = try store()
    for event in events {
      for day in days {
        let replayed = try Tracker.replay(events, asOf: day, knownAt: KnownAt(event.recordedAt))
        let expected = replayed.pledges.map { record -> PledgeRecord in
          var record = record
          if let end = record.end, end.by.date > day { record.end = nil }
          return record
        }
        let read = try store.pledges(asOf: day, knownAt: KnownAt(event.recordedAt))
        #expect(Set(read) == Set(expected), "as of \(day), known at event \(event.sequence)")
        let overdue = try store.pledges(asOf: day, overdueOnly: true, knownAt: KnownAt(event.recordedAt))
        let expectedOverdue = expected.filter {
          if case .overdue = $0.status(on: day) { return true } else { return false }
        }
        #expect(Set(overdue) == Set(expectedOverdue), "overdue as of \(day), known at event \(event.sequence)")
      }
    }
  }

  @Test func rangeAndShowReadsKnownAtEveryEventEqualAReplay() throws {
    let (store, events) = try store()
    for event in events {
      for (from, to) in zip(days, days.dropFirst()) {
        let replayed = try Tracker.replay(events, asOf: to, knownAt: KnownAt(event.recordedAt))
        let range = try store.tracker(from: from.adding(days: 1), through: to, knownAt: KnownAt(event.recordedAt))
        #expect(range.statusRows(on: to) == replayed.statusRows(on: to), "\(from)…\(to) known at event \(event.sequence)")
        let inRange = { (tracker: Tracker) in
          tracker.orderedStatements.filter { $0.statement.date > from }.map(\.statement)
        }
        #expect(inRange(range) == inRange(replayed))
      }
      for id in ["TEST-1", "TEST-2", "TEST-3"].map(Build.rec) {
        let day = days.last!
        let replayed = try Tracker.replay(events, asOf: day, knownAt: KnownAt(event.recordedAt))
        let shown = try store.tracker(for: id, asOf: day, knownAt: KnownAt(event.recordedAt))
        #expect(shown?.states[id]?.history == replayed.states[id]?.history, "\(id) known at event \(event.sequence)")
        #expect(try store.corrections(knownAt: KnownAt(event.recordedAt)).map(\.record) == replayed.corrections)
      }
    }
  }

  @Test func alertsAndFirstCallsKnownAtEveryEventEqualAReplay() throws {
    let (store, events) = try store()
    var seen = Set<AlertKind>()
    for event in events {
      for (from, to) in zip(days, days.dropFirst(2)) {
        let replayed = try Tracker.replay(events, asOf: to, knownAt: KnownAt(event.recordedAt))
        let range = try store.tracker(from: from, through: to, knownAt: KnownAt(event.recordedAt))
        let alerts = range.alerts(from: from, through: to)
        #expect(alerts == replayed.alerts(from: from, through: to), "\(from)…\(to) known at event \(event.sequence)")
        seen.formUnion(alerts.map(\.kind))
      }
      let replayed = try Tracker.replay(events, knownAt: KnownAt(event.recordedAt))
      #expect(try store.firstCalls(knownAt: KnownAt(event.recordedAt)) == replayed.firstCalls)
    }
    #expect(seen == Set(AlertKind.allCases))
  }

  @Test func aRebuildWritesTheSameVersionsAsTheAppendsDid() throws {
    let (store, _) = try store()
    let before = try dump(store)
    let superseded = try store.writer.read { db in
      try Int.fetchOne(db, sql: "SELECT (SELECT count(*) FROM statusChange WHERE known_until IS NOT NULL) + (SELECT count(*) FROM pledge WHERE known_until IS NOT NULL) + (SELECT count(*) FROM statement WHERE known_until IS NOT NULL)")
    }
    #expect((superseded ?? 0) >= 6)
    _ = try store.rebuild()
    #expect(try dump(store) == before)
    #expect(try store.verify().problems == [])
  }

  @Test func aSupersededRowIsReportedByVerify() throws {
    let (store, _) = try store()
    try store.writer.write { db in
      try db.execute(sql: "UPDATE statusChange SET known_until = NULL WHERE known_until IS NOT NULL")
    }
    #expect(try store.verify().problems == [.projectionDiffers(table: "statusChange")])
  }

  @Test func aStoreMadeBeforeVersionedProjectionsIsUpgradedWhenOpenedForWriting() throws {
    let folder = try TemporaryFolder()
    let current = folder.file("current.sqlite")
    let old = folder.file("old.sqlite")
    let store = try EventStore.create(at: current)
    for event in Build.newEvents(Build.log(payloads())) { _ = try store.append([event]) }
    try store.close()
    let queue = try DatabaseQueue(path: old)
    var v1 = DatabaseMigrator()
    v1.registerMigration("v1") { db in try db.execute(sql: Schema.v1) }
    try v1.migrate(queue)
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [current])
      try db.execute(sql: "INSERT INTO main.event SELECT * FROM current.event ORDER BY sequence")
      try db.execute(sql: "DETACH DATABASE current")
    }
    try queue.close()
    #expect(throws: StoreError.olderSchema(path: old)) { try EventStore.open(at: old, access: .readOnly) }
    let upgraded = try EventStore.open(at: old, access: .readWrite)
    let reference = try EventStore.open(at: current, access: .readOnly)
    #expect(try upgraded.verify().problems == [])
    #expect(try dump(upgraded) == dump(reference))
    try upgraded.close()
    #expect(try EventStore.open(at: old, access: .readOnly).head() == reference.head())
  }

  /// Hundreds of random appends, dated anywhere (so many are back-dated), with corrections and
  /// retractions of random earlier statements, one call each. Whatever the store accepts, it
  /// must agree with a replay at any day known at any event; whatever it refuses, it must not
  /// have written.
  @Test(arguments: [1, 2, 3] as [UInt64])
  func randomHistoriesAgreeWithAReplayAtEveryEvent(_ seed: UInt64) throws {
    var state = seed &* 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let store = try EventStore.inMemory()
    var time = Build.recordedAt.secondsSinceEpoch
    func at() -> Timestamp {
      time += 1
      return Timestamp(secondsSinceEpoch: time)
    }
    _ = try store.append([.published(report, at: at())])
    let start = Build.day("2022-10-20")
    var statements: [EventID] = []
    var contents: [EventID: IICSADomain.Statement] = [:]
    var accepted = 0
    var (backDated, corrections, rewordings) = (0, 0, 0)
    var latest = start
    for index in 0..<300 {
      let date = start.adding(days: next(900)).description
      let rec = "TEST-\(1 + next(4))"
      let positions: [Position?] = [nil, .considering, .acceptedInPrinciple, .accepted, .rejected]
      let stages: [Stage?] = [nil, .planned, .consulting, .legislating, .enacted, .delivered]
      let change = Build.change(
        rec, positions[next(positions.count)], stages[next(stages.count)], reason: next(2) == 0 ? "Changed course." : nil)
      let pledges = next(5) == 0
        ? [pledge("TEST-\(1 + next(4))", .stage(stages[1 + next(5)]!), due: start.adding(days: 900 + next(100)).description)] : []
      var statement = Build.statement("s\(index)", date, changes: next(4) == 0 ? [] : [change], pledges: pledges)
      if statement.changes.isEmpty && pledges.isEmpty { statement.reaffirms = [Build.rec(rec)] }
      var event = NewEvent.recorded(statement, at: at())
      if next(6) == 0, !statements.isEmpty {
        let target = statements[next(statements.count)]
        var replacement = statement
        replacement.id = target
        // Some corrections only reword their target: the path that re-derives nothing.
        if next(3) == 0, let old = contents[target] {
          replacement = old
          replacement.summary = "Reworded at \(index)."
        }
        let correction = Correction(
          target: target, reason: "Correcting", replacement: next(3) == 0 ? nil : .statement(replacement))
        event = NewEvent(id: EventID("fix-\(index)")!, recordedAt: at(), payload: .eventCorrected(correction))
      }
      let before = try store.head()
      let refused: Bool
      do {
        _ = try store.append([event])
        refused = false
      } catch {
        // Matched here, not in the catch clause: Swift 6.3.1 crashes on that pattern.
        guard case .rule = error else { throw error }
        refused = true
      }
      if refused {
        #expect(try store.head() == before)
      } else {
        accepted += 1
        switch event.payload {
        case .statementRecorded(let statement):
          statements.append(event.id)
          contents[event.id] = statement
          if statement.date < latest { backDated += 1 }
          latest = max(latest, statement.date)
        case .eventCorrected(let correction):
          corrections += 1
          if case .statement(let replacement)? = correction.replacement {
            if let old = contents[correction.target], replacement.hasSameEffects(as: old) { rewordings += 1 }
            contents[correction.target] = replacement
          } else {
            contents[correction.target] = nil
          }
        case .reportPublished, .sweepRecorded: break
        }
      }
    }
    #expect(
      accepted > 100 && backDated > 50 && corrections > 10 && rewordings > 3,
      "\(accepted) \(backDated) \(corrections) \(rewordings)")
    #expect(try store.verify().problems == [])
    let events = try store.events()
    for _ in 0..<60 {
      let event = events[next(events.count)]
      let day = start.adding(days: next(1_000))
      let replayed = try Tracker.replay(events, asOf: day, knownAt: KnownAt(event.recordedAt))
      #expect(try store.status(asOf: day, knownAt: KnownAt(event.recordedAt)).rows == replayed.statusRows(on: day),
        "as of \(day) known at event \(event.sequence)")
      let expected = replayed.pledges.map { record -> PledgeRecord in
        var record = record
        if let end = record.end, end.by.date > day { record.end = nil }
        return record
      }
      #expect(Set(try store.pledges(asOf: day, knownAt: KnownAt(event.recordedAt))) == Set(expected))
    }
    for _ in 0..<20 {
      let day = start.adding(days: next(1_000))
      let replayed = try Tracker.replay(events, asOf: day)
      #expect(try store.status(asOf: day).rows == replayed.statusRows(on: day), "as of \(day)")
    }
  }

  @Test func theIntervalTreeFindsExactlyTheIntervalsContainingAPoint() throws {
    let queue = try DatabaseQueue()
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int64) -> Int64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int64((state >> 33) % UInt64(bound))
    }
    var intervals: [(Int64, Int64)] = []
    for _ in 0..<2_000 {
      let lo = 1 + next(5_000)
      let hi = next(10) == 0 ? PledgeSpans.open : lo + next(300)
      intervals.append((lo, hi))
    }
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE pledge (id INTEGER, seq_node INTEGER, seq_lo INTEGER, seq_hi INTEGER)")
      for (index, (lo, hi)) in intervals.enumerated() {
        try db.execute(
          sql: "INSERT INTO pledge VALUES (?, ?, ?, ?)", arguments: [index, PledgeSpans.fork(lo, hi), lo, hi])
      }
    }
    for point in [1, 2, 77, 300, 1_024, 2_500, 4_999, 5_300, 6_000, 1 << 20] as [Int64] {
      let found = try queue.read { db in
        try Int.fetchAll(db, sql: PledgeSpans.containing(point, kind: "seq", columns: "id"))
      }
      let expected = intervals.indices.filter { intervals[$0].0 <= point && point <= intervals[$0].1 }
      #expect(found.sorted() == expected, "at \(point)")
    }
  }

  /// Every projection row, as text, table by table.
  func dump(_ store: EventStore) throws -> [String] {
    try store.writer.read { db in
      try Projections.tables.flatMap { table in
        try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { "\(table) \($0)" }.sorted()
      }
    }
  }
}
