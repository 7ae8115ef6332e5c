import Foundation
import GRDB
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import IICSATestSupport
import Testing

@Suite struct StoreTests {
  let report = Build.report()

  func sampleLog() -> [Event] {
    let pledge = Pledge(
      recommendation: Build.rec("TEST-1"), text: "Bill this spring", target: .stage(.legislating),
      due: Build.day("2025-06-20"))
    return Build.log([
      .reportPublished(report),
      .statementRecorded(Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted), Build.change("TEST-2", .rejected)])),
      .statementRecorded(Build.statement("b", "2025-01-06", changes: [Build.change("TEST-1", nil, .planned)], pledges: [pledge])),
      .statementRecorded(Build.statement("c", "2025-02-25", changes: [Build.change("TEST-1", nil, .legislating)], reaffirms: ["TEST-3"])),
    ])
  }

  func store(in folder: TemporaryFolder) throws -> EventStore {
    let store = try EventStore.create(at: folder.file("store.sqlite"))
    _ = try store.append(Build.newEvents(sampleLog()))
    try store.close()
    return try EventStore.open(at: folder.file("store.sqlite"), access: .readWrite)
  }

  @Test func appendsAndReadsBackTheSameEvents() throws {
    let folder = try TemporaryFolder()
    let store = try store(in: folder)
    let events = try store.events()
    #expect(events == sampleLog())
    #expect(try store.head().length == 4)
    #expect(try store.verify().problems.isEmpty)
  }

  @Test func recordingTheSameIDTwiceIsANoOpOrAConflict() throws {
    let store = try EventStore.inMemory()
    let events = Build.newEvents(sampleLog())
    let first = try store.append(events)
    let again = try store.append(events)
    #expect(again.appended.isEmpty && again.unchanged.count == 4 && again.head == first.head)
    var changed = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .acceptedInPart)])
    changed.summary = "Different"
    let conflict = NewEvent.recorded(changed, at: Build.recordedAt.adding(seconds: 100))
    #expect(throws: StoreError.conflictingContent(EventID("a")!)) { try store.append([conflict]) }
    #expect(try store.head() == first.head)
  }

  @Test func aBatchIsAllOrNothing() throws {
    let store = try EventStore.inMemory()
    _ = try store.append(Build.newEvents(Array(sampleLog().prefix(2))))
    let before = try store.head()
    let good = NewEvent.recorded(Build.statement("d", "2025-03-01", reaffirms: ["TEST-1"]), at: Build.recordedAt.adding(seconds: 10))
    let bad = NewEvent.recorded(Build.statement("e", "2025-03-02", changes: [Build.change("TEST-1", .accepted)]), at: Build.recordedAt.adding(seconds: 11))
    #expect(throws: StoreError.rule(.unchanged(statement: EventID("e")!, Build.rec("TEST-1"), Status(position: .accepted, stage: .notStarted)))) {
      try store.append([good, bad])
    }
    #expect(try store.head() == before)
    #expect(try store.events().count == 2)
  }

  @Test func timeOnlyMovesForward() throws {
    let store = try EventStore.inMemory()
    _ = try store.append(Build.newEvents(sampleLog()))
    let early = NewEvent.recorded(Build.statement("d", "2025-03-01", reaffirms: ["TEST-1"]), at: Build.recordedAt)
    #expect(throws: StoreError.recordedBeforeHead(EventID("d")!, recordedAt: Build.recordedAt, head: sampleLog()[3].recordedAt)) {
      try store.append([early])
    }
  }

  @Test func theDatabaseRefusesToRewriteTheLog() throws {
    let folder = try TemporaryFolder()
    _ = try store(in: folder)
    let queue = try DatabaseQueue(path: folder.file("store.sqlite"))
    for sql in ["UPDATE event SET payload = '{}' WHERE sequence = 2", "DELETE FROM event WHERE sequence = 4", "DELETE FROM event"] {
      #expect(throws: DatabaseError.self) { try queue.write { try $0.execute(sql: sql) } }
    }
    // Inserting out of sequence, or back in time, is refused too.
    #expect(throws: DatabaseError.self) {
      try queue.write {
        try $0.execute(sql: "INSERT INTO event VALUES (9, 'x', 'statement_recorded', '2026-11-24T10:00:09Z', '{}', ?)", arguments: [String(repeating: "0", count: 64)])
      }
    }
    #expect(throws: DatabaseError.self) {
      try queue.write {
        try $0.execute(sql: "INSERT INTO event VALUES (5, 'x', 'statement_recorded', '2020-01-01T00:00:00Z', '{}', ?)", arguments: [String(repeating: "0", count: 64)])
      }
    }
  }

  @Test func verifyNamesTheFirstTamperedEvent() throws {
    let folder = try TemporaryFolder()
    _ = try store(in: folder)
    let queue = try DatabaseQueue(path: folder.file("store.sqlite"))
    try queue.write { db in
      try db.execute(sql: "DROP TRIGGER event_no_update")
      try db.execute(sql: "UPDATE event SET payload = replace(payload, 'planned', 'consulting') WHERE sequence = 3")
    }
    try queue.close()
    let report = try EventStore.open(at: folder.file("store.sqlite"), access: .readOnly).verify()
    #expect(!report.chainIntact)
    #expect(report.problems.first == .brokenChain(sequence: 3, id: "b"))
  }

  @Test func verifyNoticesProjectionsThatDifferAndRebuildRepairsThem() throws {
    let folder = try TemporaryFolder()
    let store = try store(in: folder)
    let before = try store.status(asOf: Build.day("2026-01-01"))
    let queue = try DatabaseQueue(path: folder.file("store.sqlite"))
    try queue.write { try $0.execute(sql: "DELETE FROM statusChange WHERE statement = 'c'") }
    try queue.close()
    #expect(try store.verify().problems == [.projectionDiffers(table: "statusChange")])
    _ = try store.rebuild()
    #expect(try store.verify().problems.isEmpty)
    #expect(try store.status(asOf: Build.day("2026-01-01")) == before)
  }

  @Test(arguments: ["2022-01-01", "2022-10-20", "2023-05-22", "2025-01-05", "2025-01-06", "2025-06-21", "2026-11-24"])
  func projectionsAnswerAsAReplayDoes(_ date: String) throws {
    let store = try EventStore.inMemory()
    _ = try store.append(Build.newEvents(sampleLog()))
    let day = Build.day(date)
    let fromProjections = try store.status(asOf: day)
    let tracker = try Tracker.replay(sampleLog(), asOf: day)
    #expect(fromProjections.rows == tracker.statusRows(on: day))
    #expect(fromProjections.sources == tracker.orderedReports.map(\.info))
  }

  @Test func knownAtAnswersAsTheStoreStoodThen() throws {
    let store = try EventStore.inMemory()
    let log = sampleLog()
    _ = try store.append(Build.newEvents(log))
    let then = try store.status(asOf: Build.day("2026-01-01"), knownAt: KnownAt(log[1].recordedAt))
    #expect(then.log.length == 2)
    #expect(then.rows.first?.status == Status(position: .accepted, stage: .notStarted))
    #expect(try store.head(knownAt: KnownAt(log[1].recordedAt)) == then.log)
  }

  @Test func opensOnlyStores() throws {
    let folder = try TemporaryFolder()
    #expect(throws: StoreError.missing(path: folder.file("none.sqlite"))) {
      try EventStore.open(at: folder.file("none.sqlite"), access: .readOnly)
    }
    try Data("this is not a database, just text that is long enough to be read as a header....".utf8)
      .write(to: URL(fileURLWithPath: folder.file("text.sqlite")))
    #expect(throws: StoreError.notADatabase(path: folder.file("text.sqlite"))) {
      try EventStore.open(at: folder.file("text.sqlite"), access: .readWrite)
    }
    let other = try DatabaseQueue(path: folder.file("other.sqlite"))
    try other.write { try $0.execute(sql: "CREATE TABLE t (x)") }
    try other.close()
    #expect(throws: StoreError.notAStore(path: folder.file("other.sqlite"))) {
      try EventStore.open(at: folder.file("other.sqlite"), access: .readWrite)
    }
  }

  @Test func refusesAStoreFromANewerVersion() throws {
    let folder = try TemporaryFolder()
    _ = try store(in: folder)
    let queue = try DatabaseQueue(path: folder.file("store.sqlite"))
    try queue.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future')") }
    try queue.close()
    #expect(throws: StoreError.newerSchema(path: folder.file("store.sqlite"))) {
      try EventStore.open(at: folder.file("store.sqlite"), access: .readOnly)
    }
  }

  @Test func theHashChainIsReproducible() throws {
    // The same events give the same head on any machine: the bundled record relies on it.
    let a = try EventStore.inMemory()
    let b = try EventStore.inMemory()
    #expect(try a.append(Build.newEvents(sampleLog())).head == b.append(Build.newEvents(sampleLog())).head)
    #expect(try a.head().head.count == 64)
    #expect(try a.sequence(ofHead: a.head().head) == 4)
  }
}

extension Timestamp {
  func adding(seconds: Int64) -> Timestamp { Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds) }
}
