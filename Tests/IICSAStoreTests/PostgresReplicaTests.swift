#if PostgreSQL
import Foundation
import GRDB
import IICSADomain
import IICSALog
import IICSAPostgres
import IICSAReports
import IICSAStore
import IICSATestSupport
import Testing

/// The local replica a PostgreSQL store reads from is derived and disposable: whatever another
/// editor appended, whatever happened to the database or to the file, a read equals a replay of
/// the server's log.
@Suite(.enabled(if: PostgresTestDatabase.isAvailable)) struct PostgresReplicaTests {
  let history = IncrementalAppendTests()
  let day = Build.day("2026-01-01")

  /// A new database holding no store yet, and its location.
  func database() throws -> (PostgresTestDatabase, PostgresLocation) {
    let database = try PostgresTestDatabase()
    return (database, try PostgresLocation(url: database.url, home: NSTemporaryDirectory()))
  }

  func open(_ location: PostgresLocation, _ folder: TemporaryFolder?) throws -> PostgresStore {
    try PostgresStore.open(location, readOnly: false, replicas: folder?.path)
  }

  /// The status on `day` equals a replay of what the server holds.
  func expectEqualsTheServersLog(_ store: PostgresStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let events = try store.events(knownAt: nil)
    var hashes: [String] = []
    var head = LogHead.empty
    for event in events {
      head = LogHead(length: event.sequence, head: try AppendPolicy.stored(event, after: head).hash)
      hashes.append(head.head)
    }
    let replayed = ReplayedRecord(events: events, hashes: hashes)
    #expect(try store.status(asOf: day) == replayed.status(asOf: day), sourceLocation: sourceLocation)
    #expect(try store.head() == head, sourceLocation: sourceLocation)
  }

  /// A database holding a store, and a replica folder where a first use made its replica
  /// (closed again).
  func aStoreWithAReplica() throws -> (PostgresTestDatabase, PostgresLocation, TemporaryFolder) {
    let (keep, location) = try database()
    _ = try PostgresStore.create(location, with: Build.newEvents(Build.log(history.history())), now: .current)
    let folder = try TemporaryFolder()
    let first = try open(location, folder)
    try expectEqualsTheServersLog(first)
    try first.close()
    return (keep, location, folder)
  }

  func replicaFiles(_ folder: TemporaryFolder) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sqlite") }.sorted()
  }

  /// A store made before sweeps (schema 1) is refused to a reader, and upgraded by the first
  /// writer: the type's CHECK takes `sweep_recorded`, the events stay as they were, and a sweep
  /// then records.
  @Test func aStoreFromBeforeSweepsIsUpgradedByItsFirstWriter() throws {
    let (keep, location) = try database()
    _ = try PostgresStore.create(location, with: Build.newEvents(Build.log(history.history())), now: .current)
    let before = keep.psql("SELECT string_agg(hash, ',' ORDER BY sequence) FROM iicsa_event")
    let downgrade = keep.psql(
      """
      ALTER TABLE iicsa_event DROP CONSTRAINT iicsa_event_type_check, ADD CONSTRAINT iicsa_event_type_check
        CHECK (type IN ('report_published', 'statement_recorded', 'event_corrected'));
      UPDATE iicsa_meta SET value = '1' WHERE key = 'schema_version';
      """)
    #expect(downgrade.status == 0, "\(downgrade.stderr)")
    #expect(throws: StoreError.olderSchema(path: location.description)) {
      try PostgresStore.open(location, readOnly: true, replicas: nil)
    }
    let store = try open(location, nil)
    defer { try? store.close() }
    #expect(keep.psql("SELECT value FROM iicsa_meta WHERE key = 'schema_version'").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    #expect(keep.psql("SELECT string_agg(hash, ',' ORDER BY sequence) FROM iicsa_event").stdout == before.stdout)
    let sweep = Sweep(
      id: EventID("after-upgrade")!, through: Build.day("2024-12-31"), checkedBy: "A campaign",
      recommendations: [Build.rec("TEST-1")], sources: [SourceLink(url: "https://example.org/search", publisher: "Example")],
      found: [EventID("b")!])
    _ = try store.append([.swept(sweep, at: nil)], expecting: nil, now: .current, restampingEarlier: false)
    #expect(try store.snapshot(knownAt: nil) { try $0.sweeps(through: nil) }.map(\.sweep) == [sweep])
    #expect(try store.verify().problems == [])
    // The database itself now refuses a type it does not know, as it refused a sweep before.
    let bad = keep.psql(
      "INSERT INTO iicsa_event SELECT sequence + 1, id || '-x', 'sweep_done', recorded_at, payload, repeat('0', 64) FROM iicsa_event ORDER BY sequence DESC LIMIT 1")
    #expect(bad.status != 0 && bad.stderr.contains("iicsa_event_type_check"), "\(bad.stderr)")
  }

  @Test func aReadCatchesUpWithWhatAnotherEditorAppended() throws {
    let (keep, location) = try database()
    _ = try PostgresStore.create(location, with: [], now: .current)
    let folder = try TemporaryFolder()
    let mine = try open(location, folder)
    let theirs = try open(location, nil)
    defer { withExtendedLifetime(keep) { try? mine.close(); try? theirs.close() } }
    let events = Build.newEvents(Build.log(history.history()))
    _ = try mine.append(Array(events.prefix(3)))
    try expectEqualsTheServersLog(mine)
    _ = try theirs.append(Array(events.dropFirst(3)))
    try expectEqualsTheServersLog(mine)
    #expect(try replicaFiles(folder).count == 1)
  }

  @Test func aReplicaAheadOfARestoredDatabaseIsMadeAgain() throws {
    let (keep, location) = try database()
    _ = try PostgresStore.create(location, with: [], now: .current)
    let folder = try TemporaryFolder()
    let events = Build.newEvents(Build.log(history.history()))
    let first = try open(location, folder)
    _ = try first.append(events)
    try expectEqualsTheServersLog(first)
    try first.close()
    // The database restored from a backup taken two events earlier, then a different event
    // recorded in their place: the same first event, so the same replica file.
    keep.psql("ALTER TABLE iicsa_event DISABLE TRIGGER USER")
    keep.psql("DELETE FROM iicsa_event WHERE sequence > \(events.count - 2)")
    keep.psql("ALTER TABLE iicsa_event ENABLE TRIGGER USER")
    let restored = try open(location, folder)
    defer { withExtendedLifetime(keep) { try? restored.close() } }
    _ = try restored.append([.recorded(Build.statement("other", "2025-06-01", changes: [Build.change("TEST-3", .rejected)]), at: nil)])
    try expectEqualsTheServersLog(restored)
    #expect(try restored.status(asOf: day).rows.first { $0.id == Build.rec("TEST-3") }?.status.position == .rejected)
    #expect(try replicaFiles(folder).count == 1)
  }

  @Test func aDamagedReplicaFileIsMadeAgain() throws {
    let (keep, location, folder) = try aStoreWithAReplica()
    for file in try replicaFiles(folder) {
      try Data("not a database".utf8).write(to: URL(fileURLWithPath: folder.file(file)))
    }
    // The folder may be one the user chose (IICSA_CACHE_DIR): their files in it stay.
    try Data("the user's own\n".utf8).write(to: URL(fileURLWithPath: folder.file("notes.txt")))
    let second = try open(location, folder)
    defer { withExtendedLifetime(keep) { try? second.close() } }
    try expectEqualsTheServersLog(second)
    #expect(try String(contentsOfFile: folder.file("notes.txt"), encoding: .utf8) == "the user's own\n")
    #expect(try EventStore.open(at: folder.file(replicaFiles(folder)[0]), access: .readOnly).head() == second.head())
  }

  /// A link, a hard link or a folder at the replica's name is never opened, written or removed,
  /// even when it leads to a store of the user's: the command reads the server instead.
  @Test(arguments: ["a link to the user's store", "a hard link to the user's store", "a folder"])
  func whatIsNotTheReplicasOwnFileAtItsNameIsLeftAlone(_ what: String) throws {
    let (keep, location, folder) = try aStoreWithAReplica()
    let name = folder.file(try replicaFiles(folder)[0])
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: name + suffix) }
    let users = try TemporaryFolder()
    let theirs = users.file("tracker.sqlite")
    try EventStore.create(at: theirs).close()
    let before = try Data(contentsOf: URL(fileURLWithPath: theirs))
    switch what {
    case "a folder": try FileManager.default.createDirectory(atPath: name, withIntermediateDirectories: false)
    case "a hard link to the user's store": #expect(link(theirs, name) == 0)
    default: try FileManager.default.createSymbolicLink(atPath: name, withDestinationPath: theirs)
    }
    let store = try open(location, folder)
    defer { withExtendedLifetime(keep) { try? store.close() } }
    try expectEqualsTheServersLog(store)
    _ = try store.append([.recorded(Build.statement("later", "2025-06-01", changes: [Build.change("TEST-3", .rejected)]), at: nil)])
    try expectEqualsTheServersLog(store)
    _ = try store.rebuild()
    var info = stat()
    #expect(lstat(name, &info) == 0)
    #expect((info.st_mode & S_IFMT) == (what == "a folder" ? S_IFDIR : what.hasPrefix("a link") ? S_IFLNK : S_IFREG))
    #expect(try Data(contentsOf: URL(fileURLWithPath: theirs)) == before, "the user's store is not written")
    #expect(try FileManager.default.contentsOfDirectory(atPath: users.path) == ["tracker.sqlite"])
  }

  @Test func withoutAWritableFolderEveryReadReplaysTheLog() throws {
    let (keep, location) = try database()
    _ = try PostgresStore.create(location, with: Build.newEvents(Build.log(history.history())), now: .current)
    let folder = try TemporaryFolder()
    // A file where the folder should be: no replica can be made there.
    let blocked = folder.file("blocked")
    try Data().write(to: URL(fileURLWithPath: blocked))
    let store = try PostgresStore.open(location, readOnly: false, replicas: blocked + "/replicas")
    defer { withExtendedLifetime(keep) { try? store.close() } }
    try expectEqualsTheServersLog(store)
    _ = try store.append([.recorded(Build.statement("later", "2025-06-01", changes: [Build.change("TEST-3", .rejected)]), at: nil)])
    try expectEqualsTheServersLog(store)
  }

  @Test func rebuildMakesTheReplicaAgainFromTheServer() throws {
    let (keep, location) = try database()
    _ = try PostgresStore.create(location, with: Build.newEvents(Build.log(history.history())), now: .current)
    let folder = try TemporaryFolder()
    let store = try open(location, folder)
    defer { withExtendedLifetime(keep) { try? store.close() } }
    try expectEqualsTheServersLog(store)
    let file = folder.file(try replicaFiles(folder)[0])
    // A projection row changed behind iicsa's back: rebuild derives them again.
    let tampered = try DatabaseQueue(path: file)
    try tampered.write { db in try db.execute(sql: "UPDATE statusChange SET position = 'rejected'") }
    try tampered.close()
    #expect(try store.status(asOf: day).rows.contains { $0.status.position == .rejected })
    #expect(try store.rebuild() == store.head())
    try expectEqualsTheServersLog(store)
  }
}
#endif
