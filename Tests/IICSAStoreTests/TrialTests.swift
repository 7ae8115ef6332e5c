import Foundation
import GRDB
import IICSADomain
@testable import IICSAStore
import IICSALog
import IICSATestSupport
import Testing

/// `trial` judges each event as `append` would, and writes nothing.
@Suite struct TrialTests {
  let report = Build.report()

  func log() -> [Event] {
    Build.log([
      .reportPublished(report),
      .statementRecorded(Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])),
      .statementRecorded(Build.statement("b", "2025-01-06", changes: [Build.change("TEST-2", .considering)])),
    ])
  }

  /// Every table's rows and the schema, as text.
  func dump(_ store: EventStore) throws -> [String] {
    try store.writer.read { db in
      let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      return try String.fetchAll(db, sql: "SELECT type || ' ' || name || ' ' || coalesce(sql, '') FROM sqlite_master ORDER BY name")
        + tables.flatMap { table in try Row.fetchAll(db, sql: "SELECT * FROM \(table)").map { "\(table) \($0)" }.sorted() }
    }
  }

  @Test func aRefusalInTheMiddleDoesNotStopLaterEventsBeingJudged() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("store.sqlite")
    let created = try EventStore.create(at: path)
    _ = try created.append(Build.newEvents(log()))
    try created.close()
    // Opening a new store for writing moves it to WAL, which rewrites its header: do that first.
    try EventStore.open(at: path, access: .readWrite).close()
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    let store = try EventStore.open(at: path, access: .readWrite)
    let head = try store.head()
    let before = try dump(store)

    let later = log()[2].recordedAt.adding(seconds: 10)
    var conflicting = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])
    conflicting.summary = "Different"
    let reworded = Build.statement("b", "2025-01-06", changes: [Build.change("TEST-2", .considering)])
    var rewordedAgain = reworded
    rewordedAgain.summary = "Reworded"
    let events: [NewEvent] = [
      // Accepted: judged after it, "d" finds TEST-3 already accepted.
      .recorded(Build.statement("c", "2025-02-01", changes: [Build.change("TEST-3", .accepted)]), at: later),
      // Unchanged: already in the log with the same content.
      Build.newEvents(log())[1],
      // Refused: it changes nothing.
      .recorded(Build.statement("d", "2025-02-02", changes: [Build.change("TEST-3", .accepted)]), at: later),
      // Refused: different content under a known id.
      .recorded(conflicting, at: later),
      // Refused: recorded before the head.
      .recorded(Build.statement("e", "2025-02-03", reaffirms: ["TEST-1"]), at: Build.recordedAt),
      // Accepted, on the slow paths: back-dated, then a correction.
      .recorded(Build.statement("f", "2024-01-01", changes: [Build.change("TEST-2", .rejected)]), at: later),
      NewEvent(
        id: EventID("fix-b")!, recordedAt: later,
        payload: .eventCorrected(Correction(target: EventID("b")!, reason: "Reworded", replacement: .statement(rewordedAgain)))),
      // Refused: "d" was never taken, so there is nothing to correct.
      NewEvent(
        id: EventID("fix-d")!, recordedAt: later,
        payload: .eventCorrected(Correction(target: EventID("d")!, reason: "Gone"))),
      // Accepted: judged after every refusal above.
      .recorded(Build.statement("g", "2025-03-01", changes: [Build.change("TEST-1", nil, .planned)]), at: later),
    ]
    let refused = try store.trial(events, now: later)
    #expect(refused.map(\.id.rawValue) == ["d", "a", "e", "fix-d"])
    #expect(refused.map(\.error) == [
      .rule(.unchanged(statement: EventID("d")!, Build.rec("TEST-3"), Status(position: .accepted, stage: .notStarted))),
      .conflictingContent(EventID("a")!),
      .recordedBeforeHead(EventID("e")!, recordedAt: Build.recordedAt, head: later),
      .rule(.unknownEvent(EventID("d")!)),
    ])

    // Each as append judges it, one call each, on a copy.
    let copy = try EventStore.inMemory()
    _ = try copy.append(Build.newEvents(log()))
    var appendRefused: [(id: EventID, error: StoreError)] = []
    for event in events {
      do { _ = try copy.append([event], expecting: nil, now: later) } catch { appendRefused.append((event.id, error)) }
    }
    #expect(appendRefused.map(\.id) == refused.map(\.id) && appendRefused.map(\.error) == refused.map(\.error))

    #expect(try store.head() == head)
    #expect(try dump(store) == before)
    #expect(try store.verify().problems == [])
    try store.close()
    #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
  }

  @Test func eventsTheStoreTakesAreNotRefused() throws {
    let store = try EventStore.inMemory()
    #expect(try store.trial(Build.newEvents(log()), now: .current).isEmpty)
    #expect(try store.head() == .empty)
    #expect(try store.events().isEmpty)
  }
}
