import Foundation
import GRDB
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import IICSATestSupport
import Testing

/// Sweeps on every backend: the rules refuse the same sweeps a replay refuses, the sweeps a
/// snapshot reads are a replay's (as of each day, known at each moment, retractions applied),
/// and the log still verifies and rebuilds.
@Suite struct SweepStoreTests {
  static let source = SourceLink(url: "https://example.org/search", publisher: "Example Parliament")

  static func sweep(
    _ id: String, through: String, from: String? = nil, recommendations: [String] = ["CONF-1", "CONF-2"],
    found: [String] = [], sources: [SourceLink] = [source]
  ) -> Sweep {
    Sweep(
      id: EventID(id)!, from: from.map(Build.day), through: Build.day(through), checkedBy: "A campaign",
      recommendations: recommendations.map(Build.rec), sources: sources, found: found.map { EventID($0)! })
  }

  /// Appends one event at `time` (a second after the last, by default).
  static func append(_ log: some EventLog, _ payload: EventPayload, id: String, at time: Timestamp) throws -> AppendResult {
    try log.append([NewEvent(id: EventID(id)!, recordedAt: time, payload: payload)], expecting: nil, now: time)
  }

  static func later(_ log: some EventLog, _ seconds: Int64) throws -> Timestamp {
    let last = try log.events(knownAt: nil).last?.recordedAt ?? Build.recordedAt
    return Timestamp(secondsSinceEpoch: last.secondsSinceEpoch + seconds)
  }

  @Test(arguments: Backend.available)
  func sweepsReadAsAReplayReadsThem(_ backend: Backend) throws {
    let (log, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? log.close() } }
    try Scenario.seed(log)
    let statements = try log.events(knownAt: nil).compactMap { event -> IICSADomain.Statement? in
      if case .statementRecorded(let statement) = event.payload { return statement }
      return nil
    }
    let early = statements[2]
    _ = try Self.append(
      log, .sweepRecorded(Self.sweep("sweep-early", through: early.date.description, found: [early.id.rawValue])),
      id: "sweep-early", at: try Self.later(log, 10))
    _ = try Self.append(
      log, .sweepRecorded(Self.sweep("sweep-late", through: "2025-06-30", recommendations: ["CONF-2", "CONF-3"])),
      id: "sweep-late", at: try Self.later(log, 10))
    _ = try Self.append(
      log, .sweepRecorded(Self.sweep("sweep-wrong", through: "2025-09-30", recommendations: ["CONF-1"])),
      id: "sweep-wrong", at: try Self.later(log, 10))
    _ = try Self.append(
      log, .eventCorrected(Correction(target: EventID("sweep-wrong")!, reason: "Searched nothing.")),
      id: "correction-1-sweep-wrong", at: try Self.later(log, 10))

    let events = try log.events(knownAt: nil)
    let moments = [nil] + events.suffix(5).map { KnownAt($0.recordedAt) }
    let days = ["2022-12-31", early.date.description, "2025-06-29", "2025-06-30", "2025-12-31"].map(Build.day)
    for moment in moments {
      for day in days {
        let read = try log.snapshot(knownAt: moment) { try $0.sweeps(through: day) }
        let replayed = try Tracker.replay(events, asOf: day, knownAt: moment).sweeps
        #expect(read == replayed, "as of \(day), known at \(String(describing: moment))")
      }
    }
    let now = try log.snapshot(knownAt: nil) { try $0.sweeps(through: nil) }
    #expect(now.map(\.sweep.id.rawValue) == ["sweep-late", "sweep-early"])
    let checked = RecordedSweep.latest(of: now)
    #expect(checked[Build.rec("CONF-1")]?.sweep.id.rawValue == "sweep-early")
    #expect(checked[Build.rec("CONF-2")]?.sweep.id.rawValue == "sweep-late")
    #expect(checked[Build.rec("CONF-4")] == nil)

    #expect(try log.verify().problems == [])
    _ = try log.rebuild()
    #expect(try log.verify().problems == [])
    // Retracted once: a second retraction, and a replacement, are refused.
    let time = try Self.later(log, 10)
    #expect(throws: StoreError.rule(.alreadyRetracted(EventID("sweep-wrong")!))) {
      try Self.append(
        log, .eventCorrected(Correction(target: EventID("sweep-wrong")!, reason: "Again.")), id: "correction-2-sweep-wrong",
        at: time)
    }
  }

  /// Each rule refuses its sweep on every backend, with the replay's violation, and writes nothing.
  @Test(arguments: Backend.available)
  func theRulesRefuseBadSweeps(_ backend: Backend) throws {
    let (log, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? log.close() } }
    try Scenario.seed(log)
    let time = try Self.later(log, 10)
    let recordedOn = time.day
    let statement = try log.events(knownAt: nil).compactMap { event -> IICSADomain.Statement? in
      if case .statementRecorded(let statement) = event.payload { return statement }
      return nil
    }[3]
    let tomorrow = recordedOn.adding(days: 1).description
    let cases: [(Sweep, SweepProblem)] = [
      (Self.sweep("s1", through: tomorrow), .throughAfterRecorded(through: recordedOn.adding(days: 1), recordedOn: recordedOn)),
      (Self.sweep("s2", through: "2024-01-01", from: "2024-02-01"), .fromAfterThrough(from: Build.day("2024-02-01"), through: Build.day("2024-01-01"))),
      (Self.sweep("s3", through: "2024-01-01", recommendations: []), .noRecommendations),
      (Self.sweep("s4", through: "2024-01-01", recommendations: ["CONF-1", "CONF-1"]), .namedTwice("CONF-1")),
      (Self.sweep("s5", through: "2024-01-01", recommendations: ["NOPE-1"]), .unknownRecommendation(Build.rec("NOPE-1"))),
      (Self.sweep("s6", through: "2024-01-01", found: ["no-such-statement"]), .unknownStatement(EventID("no-such-statement")!)),
      (
        Self.sweep("s7", through: statement.date.adding(days: -1).description, found: [statement.id.rawValue]),
        .foundAfterThrough(statement.id, date: statement.date, through: statement.date.adding(days: -1))
      ),
      (Self.sweep("s8", through: "2024-01-01", sources: []), .noSources),
      (
        Self.sweep("s9", through: "2024-01-01", sources: [SourceLink(url: "ftp://example.org", publisher: "X")]),
        .invalidSourceURL("ftp://example.org")
      ),
    ]
    let before = try log.head()
    for (sweep, problem) in cases {
      #expect(throws: StoreError.rule(.sweep(sweep.id, problem)), "\(sweep.id)") {
        try Self.append(log, .sweepRecorded(sweep), id: sweep.id.rawValue, at: time)
      }
      var replayed = try log.events(knownAt: nil)
      replayed.append(Event(sequence: replayed.count + 1, id: sweep.id, recordedAt: time, payload: .sweepRecorded(sweep)))
      #expect(throws: RuleViolation.sweep(sweep.id, problem), "replay of \(sweep.id)") {
        try Tracker.replay(replayed)
      }
    }
    #expect(try log.head() == before)
  }

  /// A statement the sweep found may be retracted later: the sweep was right when it was made,
  /// and stands.
  @Test(arguments: Backend.available)
  func aSweepOutlivesTheRetractionOfWhatItFound(_ backend: Backend) throws {
    let (log, keep) = try backend.make()
    defer { withExtendedLifetime(keep) { try? log.close() } }
    try Scenario.seed(log)
    _ = try Self.append(
      log, .sweepRecorded(Self.sweep("sweep", through: "2025-12-31", found: ["conf-late-entry"])), id: "sweep",
      at: try Self.later(log, 10))
    _ = try Self.append(
      log, .eventCorrected(Correction(target: EventID("conf-late-entry")!, reason: "Duplicate.")),
      id: "correction-1-conf-late-entry", at: try Self.later(log, 10))
    #expect(try log.snapshot(knownAt: nil) { try $0.sweeps(through: nil) }.map(\.sweep.id.rawValue) == ["sweep"])
    #expect(try Tracker.replay(log.events(knownAt: nil)).sweeps.count == 1)
    #expect(try log.verify().problems == [])
  }

  /// A store made before sweeps (schema v5) takes one after its first write: the event table is
  /// made again with every row as it was, and the chain and the triggers hold.
  @Test func aStoreFromBeforeSweepsIsUpgradedKeepingItsBytes() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("old.sqlite")
    let events = Scenario.log(seed: 3)
    do {
      let store = try EventStore.create(at: path)
      _ = try store.append(Build.newEvents(events), expecting: .empty, now: events.last!.recordedAt)
      try store.close()
    }
    // Back to v5 by hand: the event table as v1 made it, and no v6 in the migrations' list.
    let queue = try DatabaseQueue(path: path)
    let rows = try queue.read { try String.fetchAll($0, sql: "SELECT id || hash || payload FROM event ORDER BY sequence") }
    try queue.write { db in
      try db.execute(sql: Self.backToV5)
      try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v6'")
    }
    let oldSQL = try queue.read { try String.fetchOne($0, sql: "SELECT sql FROM sqlite_master WHERE name = 'event'") }
    #expect(oldSQL?.contains("sweep_recorded") == false)
    try queue.close()

    let store = try EventStore.open(at: path, access: .readWrite)
    let time = Timestamp(secondsSinceEpoch: events.last!.recordedAt.secondsSinceEpoch + 10)
    _ = try Self.append(store, .sweepRecorded(Self.sweep("after-upgrade", through: "2024-01-01")), id: "after-upgrade", at: time)
    #expect(try store.verify().problems == [])
    try store.close()
    let upgraded = try DatabaseQueue(path: path)
    defer { try? upgraded.close() }
    try upgraded.read { db in
      #expect(try String.fetchAll(db, sql: "SELECT id || hash || payload FROM event ORDER BY sequence").dropLast() == rows[...])
      let names = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE tbl_name = 'event' ORDER BY name")
      #expect(
        names == [
          "event", "event_by_time", "event_by_type", "event_correction_target", "event_in_order", "event_no_delete",
          "event_no_update", "sqlite_autoindex_event_1",
        ])
    }
    try upgraded.write { db in
      #expect(throws: DatabaseError.self) { try db.execute(sql: "UPDATE event SET payload = '{}' WHERE sequence = 1") }
      #expect(throws: DatabaseError.self) { try db.execute(sql: "DELETE FROM event WHERE sequence = 1") }
    }
  }

  /// The v1 event table and its indexes and triggers, made again by hand (as v6 does the other way).
  static let backToV5 = """
    CREATE TABLE event_v5 (
      sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL
        CHECK (type IN ('report_published', 'statement_recorded', 'event_corrected')),
      recorded_at TEXT NOT NULL,
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      hash TEXT NOT NULL CHECK (length(hash) = 64)
    );
    INSERT INTO event_v5 SELECT * FROM event;
    DROP TABLE event;
    ALTER TABLE event_v5 RENAME TO event;
    CREATE INDEX event_by_type ON event(type);
    CREATE INDEX event_by_time ON event(recorded_at, sequence);
    CREATE INDEX event_correction_target ON event(json_extract(payload, '$.target')) WHERE type = 'event_corrected';
    CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN SELECT RAISE(ABORT, 'append-only'); END;
    CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN SELECT RAISE(ABORT, 'append-only'); END;
    CREATE TRIGGER event_in_order BEFORE INSERT ON event
    WHEN NEW.sequence IS NOT (SELECT coalesce(max(sequence), 0) + 1 FROM event)
    BEGIN SELECT RAISE(ABORT, 'in order'); END;
    """
}
