import IICSADomain
import IICSAReports
import IICSAStore
import IICSAPostgres
import IICSALog
import IICSATestSupport
import Testing

/// Appends resume from the projections instead of replaying the log; these tests hold them to
/// the answer a full replay gives, one event at a time and across the slow-path cases.
@Suite struct IncrementalAppendTests {
  let report = Build.report(count: 4)

  func pledge(_ id: String, _ target: PledgeTarget, due: String) -> Pledge {
    Pledge(recommendation: Build.rec(id), text: "Promise on \(id)", target: target, due: Build.day(due))
  }

  /// A history with pledges made in one call and fulfilled in a later one.
  func history() -> [EventPayload] {
    [
      .reportPublished(report),
      .statementRecorded(
        Build.statement(
          "a", "2023-05-22", changes: [Build.change("TEST-1", .accepted), Build.change("TEST-2", .considering)],
          pledges: [pledge("TEST-1", .stage(.legislating), due: "2024-06-01"), pledge("TEST-2", .stage(.planned), due: "2023-06-01")])),
      .statementRecorded(Build.statement("b", "2023-09-01", changes: [Build.change("TEST-1", nil, .consulting)], reaffirms: ["TEST-3"])),
      .statementRecorded(Build.statement("c", "2024-02-01", changes: [Build.change("TEST-1", nil, .legislating)], relatesTo: ["TEST-4"])),
      .statementRecorded(Build.statement("d", "2024-02-01", changes: [Build.change("TEST-2", .acceptedInPart, .planned)])),
      .statementRecorded(
        Build.statement(
          "e", "2024-05-24", changes: [Build.change("TEST-1", nil, .consulting, reason: "The bill fell.")],
          pledges: [pledge("TEST-1", .stage(.enacted), due: "2025-12-31")])),
      .statementRecorded(Build.statement("f", "2025-03-01", changes: [Build.change("TEST-1", nil, .enacted)])),
    ]
  }

  func expectMatchesReplay(_ store: any EventLog, sourceLocation: SourceLocation = #_sourceLocation) throws {
    #expect(try store.verify().problems == [], sourceLocation: sourceLocation)
    let events = try store.events(knownAt: nil)
    for date in ["2023-05-22", "2023-12-31", "2024-02-01", "2024-06-02", "2026-01-01"] {
      let day = Build.day(date)
      #expect(try store.status(asOf: day).rows == Tracker.replay(events, asOf: day).statusRows(on: day), sourceLocation: sourceLocation)
    }
  }

  @Test(arguments: Backend.available)
  func oneEventPerCallEqualsAReplay(_ backend: Backend) throws {
    let (store, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? store.close() } }
    for event in Build.newEvents(Build.log(history())) { _ = try store.append([event]) }
    try expectMatchesReplay(store)
    let tracker = try store.tracker()
    #expect(tracker.pledges.map(\.end?.by.statement.rawValue) == ["c", "d", "f"])
  }

  @Test(arguments: Backend.available)
  func allInOneCallEqualsOneEventPerCall(_ backend: Backend) throws {
    let (one, keepOne) = try backend.make()
    let (many, keepMany) = try backend.make()
    defer { withExtendedLifetime((keepOne, keepMany)) { try? one.close(); try? many.close() } }
    let events = Build.newEvents(Build.log(history()))
    _ = try one.append(events)
    for event in events { _ = try many.append([event]) }
    #expect(try one.head() == many.head())
    #expect(try one.status(asOf: Build.day("2026-01-01")) == many.status(asOf: Build.day("2026-01-01")))
  }

  @Test(arguments: Backend.available)
  func backDatedStatementsAndCorrectionsTakeTheSlowPathAndTheFastOneResumesAfter(_ backend: Backend) throws {
    let (store, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? store.close() } }
    let log = Build.log(history())
    _ = try store.append(Build.newEvents(log))
    var time = log.last!.recordedAt.secondsSinceEpoch
    func at() -> Timestamp {
      time += 1
      return Timestamp(secondsSinceEpoch: time)
    }
    // Back-dated: between b and c.
    _ = try store.append([.recorded(Build.statement("late", "2023-10-01", changes: [Build.change("TEST-3", .accepted)]), at: at())])
    try expectMatchesReplay(store)
    // A correction of a statement, then of the report, then in-order appends again.
    var fixed = Build.statement("b", "2023-09-01", changes: [Build.change("TEST-1", nil, .planned)], reaffirms: ["TEST-3"])
    fixed.summary = "Corrected."
    _ = try store.append([NewEvent(id: EventID("fix-b")!, recordedAt: at(), payload: .eventCorrected(Correction(target: EventID("b")!, reason: "Misread", replacement: .statement(fixed))))])
    var renamed = report
    renamed.recommendations[0].title = "Renamed"
    _ = try store.append([NewEvent(id: EventID("fix-report")!, recordedAt: at(), payload: .eventCorrected(Correction(target: EventID(report.id), reason: "Title", replacement: .report(renamed))))])
    _ = try store.append([.recorded(Build.statement("g", "2026-01-10", changes: [Build.change("TEST-4", .rejected)]), at: at())])
    _ = try store.append([.recorded(Build.statement("h", "2026-02-10", changes: [Build.change("TEST-1", nil, .delivered)]), at: at())])
    try expectMatchesReplay(store)
    #expect(try store.status(asOf: Build.day("2026-03-01")).rows.first?.title == "Renamed")
  }

  @Test(arguments: ["2023-05-21", "2023-05-22", "2023-12-31", "2024-02-01", "2024-06-02", "2026-01-01"])
  func pledgesFromTheProjectionsEqualAReplay(_ date: String) throws {
    let store = try EventStore.inMemory()
    for event in Build.newEvents(Build.log(history())) { _ = try store.append([event]) }
    let day = Build.day(date)
    let replayed = try Tracker.replay(store.events(knownAt: nil), asOf: day)
    let records = try store.pledges(asOf: day)
    #expect(Set(records) == Set(replayed.pledges))
    let overdue = try store.pledges(asOf: day, overdueOnly: true)
    #expect(Set(overdue) == Set(replayed.pledges.filter { if case .overdue = $0.status(on: day) { return true } else { return false } }))
  }

  @Test(arguments: Backend.available)
  func aRefusedAppendOnTheFastPathChangesNothing(_ backend: Backend) throws {
    let (store, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? store.close() } }
    _ = try store.append(Build.newEvents(Build.log(history())))
    let before = try store.head()
    let noOp = NewEvent.recorded(Build.statement("x", "2026-01-01", changes: [Build.change("TEST-1", nil, .enacted)]), at: nil)
    #expect(throws: StoreError.self) { try store.append([noOp]) }
    #expect(try store.head() == before)
    try expectMatchesReplay(store)
  }

  /// A correction that only rewords a statement skips re-deriving its recommendations; one that
  /// touches what the rules read does not, and both leave the store equal to a replay.
  @Test(arguments: Backend.available)
  func aRewordingCorrectionKeepsEveryHistoryAndTheRulesStillHold(_ backend: Backend) throws {
    let (store, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? store.close() } }
    let log = Build.log(history())
    _ = try store.append(Build.newEvents(log))
    var time = log.last!.recordedAt.secondsSinceEpoch
    func correcting(_ target: String, with replacement: IICSADomain.Statement, _ n: Int) -> NewEvent {
      time += 1
      return NewEvent(
        id: EventID("fix-\(target)-\(n)")!, recordedAt: Timestamp(secondsSinceEpoch: time),
        payload: .eventCorrected(Correction(target: EventID(target)!, reason: "Wording", replacement: .statement(replacement))))
    }
    guard case .statementRecorded(let e) = history()[5] else { Issue.record("no statement e"); return }
    let statusBefore = try store.status(asOf: Build.day("2026-01-01")).rows

    var reworded = e
    reworded.summary = "Reworded: the bill fell, so consultation starts again."
    reworded.changes[0].note = "A note no rule reads."
    _ = try store.append([correcting("e", with: reworded, 1)])
    try expectMatchesReplay(store)
    #expect(try store.status(asOf: Build.day("2026-01-01")).rows == statusBefore)
    #expect(try store.statements([EventID("e")!])[EventID("e")!]?.statement.summary == reworded.summary)

    // Still checked on its own: a replacement without sources is refused, and writes nothing.
    var unsourced = reworded
    unsourced.sources = []
    let head = try store.head()
    #expect(throws: StoreError.self) { try store.append([correcting("e", with: unsourced, 2)]) }
    #expect(try store.head() == head)

    // The stage moves backwards in e: dropping its reason changes what the rules read.
    var reasonless = reworded
    reasonless.changes[0].reason = nil
    #expect(!reasonless.hasSameEffects(as: e))
    #expect(throws: StoreError.self) { try store.append([correcting("e", with: reasonless, 3)]) }
    #expect(try store.head() == head)
    try expectMatchesReplay(store)
  }

  /// Found by the random histories: a correction that moves a pledge to a recommendation
  /// re-derived first used to close the new row along with the old one, and failed in SQLite.
  @Test(arguments: Backend.available)
  func aCorrectionCanMoveAPledgeToAnotherRecommendation(_ backend: Backend) throws {
    let (store, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? store.close() } }
    let log = Build.log(history())
    _ = try store.append(Build.newEvents(log))
    var moved = Build.statement("b", "2023-09-01", changes: [Build.change("TEST-1", nil, .consulting)], reaffirms: ["TEST-3"])
    moved.pledges = [pledge("TEST-3", .stage(.planned), due: "2024-01-01")]
    let time = Timestamp(secondsSinceEpoch: log.last!.recordedAt.secondsSinceEpoch + 1)
    _ = try store.append([NewEvent(id: EventID("fix-b")!, recordedAt: time, payload: .eventCorrected(Correction(target: EventID("b")!, reason: "Pledge added", replacement: .statement(moved))))])
    moved.pledges = [pledge("TEST-2", .stage(.legislating), due: "2024-01-01")]
    _ = try store.append([NewEvent(id: EventID("fix-b-again")!, recordedAt: Timestamp(secondsSinceEpoch: time.secondsSinceEpoch + 1), payload: .eventCorrected(Correction(target: EventID("b")!, reason: "Wrong recommendation", replacement: .statement(moved))))])
    try expectMatchesReplay(store)
    let records = try store.pledges(asOf: Build.day("2023-10-01"))
    #expect(records.filter { $0.statement.rawValue == "b" }.map(\.pledge.recommendation.description) == ["TEST-2"])
  }
}
