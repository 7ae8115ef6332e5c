import Foundation
import IICSATestSupport
import Testing

/// A team's shared record on PostgreSQL, end to end through the built binary: the same commands,
/// the same bytes as on SQLite, many editors at once, and failures that leave the log whole.
/// Runs where IICSA_TEST_POSTGRES names a server (CI starts one: Tests/postgres/cluster.sh).
@Suite(.enabled(if: PostgresTestDatabase.isAvailable), .serialized)
struct PostgresCLITests {
  static let knownAt = "2026-12-07T12:00:00Z"

  /// A statement file that reaffirms `recommendation` on `date`.
  static func statement(_ id: String, date: String, recommendation: String) -> String {
    """
    id: \(id)
    date: \(date)
    speaker: Volunteer
    role: Recorder
    kind: other
    title: Statement \(id)
    summary: Recorded by an editor of a shared record.
    sources: [{url: "https://example.org/\(id)", publisher: Example}]
    reaffirms: [\(recommendation)]

    """
  }

  /// The number of events in the log and its head, from `verify`, which must pass.
  static func verified(_ db: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let result = try CLI.run(["verify", "--db", db])
    #expect(result.status == 0, "verify failed: \(result.stdout)\(result.stderr)", sourceLocation: sourceLocation)
    return result.stdout
  }

  @Test func theBundledRecordReadsTheSameOnBothEngines() throws {
    let sqlite = try BundledStore()
    let database = try PostgresTestDatabase()
    let created = try CLI.run(["init", "--db", database.url])
    #expect(created.status == 0, "\(created.stderr)")
    #expect(!created.stdout.contains("iicsa-test-only"), "the password is never printed")
    #expect(try Self.verified(database.url) == Self.verified(sqlite.path), "the same events give the same head")
    let commands: [[String]] = [
      ["status"], ["status", "--format", "json"], ["status", "--format", "csv"], ["status", "--format", "md"],
      ["status", "--as-of", "2024-01-01"], ["show", "IICSA-1"], ["show", "IICSA-13", "--format", "json"], ["pledges"],
      ["alerts"], ["timeline"], ["diff", "--from", "2023-01-01", "--to", "2026-06-30"], ["status", "--known-at", "40"],
    ]
    for command in commands {
      let onSQLite = try sqlite.run(command + ["--known-at", Self.knownAt].filter { _ in !command.contains("--known-at") })
      let onPostgres = try CLI.run(
        command + ["--known-at", Self.knownAt].filter { _ in !command.contains("--known-at") } + ["--db", database.url])
      #expect(onPostgres.status == onSQLite.status, "\(command): \(onPostgres.stderr)")
      #expect(onPostgres.stdout == onSQLite.stdout, "\(command) differs between the engines")
    }
    let folder = try TemporaryFolder()
    for (name, db) in [("sqlite", sqlite.path), ("postgres", database.url)] {
      #expect(try CLI.run(["export", "--month", "2026-11", "--out", folder.file("export-\(name)"), "--known-at", Self.knownAt, "--db", db]).status == 0)
      #expect(try CLI.run(["site", "--out", folder.file("site-\(name)"), "--known-at", Self.knownAt, "--db", db]).status == 0)
    }
    #expect(try Self.files(folder.file("export-sqlite")) == Self.files(folder.file("export-postgres")), "exports are byte-identical")
    #expect(try Self.files(folder.file("site-sqlite")) == Self.files(folder.file("site-postgres")), "sites are byte-identical")
  }

  @Test func anEditorRecordsCorrectsImportsAndChecksOnPostgres() throws {
    let database = try PostgresTestDatabase()
    let folder = try TemporaryFolder()
    let db = ["--db", database.url]
    try Data(Self.statement("2026-11-02-shared-one", date: "2026-11-02", recommendation: "IICSA-3").utf8)
      .write(to: URL(fileURLWithPath: folder.file("one.yaml")))
    try Data(Self.statement("2026-11-02-shared-bad", date: "2026-11-02", recommendation: "IICSA-99").utf8)
      .write(to: URL(fileURLWithPath: folder.file("bad.yaml")))
    let judged = try CLI.run(["check", folder.file("one.yaml")] + db)
    #expect(judged.status == 0, "\(judged.stderr)")
    #expect(judged.stderr.contains("Created an iicsa store in postgres://iicsa_owner@"), "made on first use, with the bundled record")
    let refused = try CLI.run(["check", folder.file("bad.yaml"), folder.file("one.yaml")] + db)
    #expect(refused.status == 1 && refused.stderr.contains("bad.yaml:9:") && refused.stderr.contains("IICSA-99"), "\(refused.stderr)")
    #expect(try Self.verified(database.url).hasPrefix("OK: 136 events"), "check writes nothing")
    let recorded = try CLI.run(["record", folder.file("one.yaml")] + db)
    #expect(recorded.status == 0, "\(recorded.stderr)")
    #expect(try CLI.run(["record", folder.file("one.yaml")] + db).status == 0, "recording the same file again changes nothing")
    let corrected = try CLI.run(["correct", "2026-11-02-shared-one", "--reason", "Recorded twice by mistake"] + db)
    #expect(corrected.status == 0, "\(corrected.stderr)")
    try FileManager.default.createDirectory(atPath: folder.file("batch"), withIntermediateDirectories: true)
    for day in 3...6 {
      try Data(Self.statement("2026-11-0\(day)-shared-batch", date: "2026-11-0\(day)", recommendation: "IICSA-\(day)").utf8)
        .write(to: URL(fileURLWithPath: folder.file("batch/s\(day).yaml")))
    }
    #expect(try CLI.run(["import", folder.file("batch")] + db).status == 0)
    #expect(try CLI.run(["import", "--bundled"] + db).status == 0)
    #expect(try Self.verified(database.url).hasPrefix("OK: 142 events"))
    #expect(try CLI.run(["rebuild"] + db).status == 0)
    #expect(try CLI.run(["key", "new", "--out", folder.file("team")]).status == 0)
    let checkpoint = try CLI.run(["checkpoint", "--key", folder.file("team"), "--out", folder.file("head.txt")] + db)
    #expect(checkpoint.status == 0, "\(checkpoint.stderr)")
    let checked = try CLI.run(["verify", "--checkpoint", folder.file("head.txt"), "--key", folder.file("team.pub")] + db)
    #expect(checked.status == 0, "\(checked.stdout)\(checked.stderr)")
    let bad = try CLI.run(["record", folder.file("missing.yaml")] + db)
    #expect(bad.status != 0)
    #expect(try Self.verified(database.url).hasPrefix("OK: 142 events"), "a refused record writes nothing")
  }

  @Test func copyMovesARecordBetweenEnginesBothWays() throws {
    let sqlite = try BundledStore()
    #expect(try sqlite.run(["correct", "2013-11-04-starmer-panorama-mandatory-reporting", "--reason", "A test correction"]).status == 0)
    let first = try PostgresTestDatabase()
    let second = try PostgresTestDatabase()
    let folder = try TemporaryFolder()
    let there = try CLI.run(["copy", "--from", sqlite.path, "--to", first.url])
    #expect(there.status == 0, "\(there.stderr)")
    #expect(!there.stdout.contains("iicsa-test-only"))
    let back = try CLI.run(["copy", "--from", first.url, "--to", folder.file("back.sqlite")])
    #expect(back.status == 0, "\(back.stderr)")
    #expect(try CLI.run(["copy", "--from", folder.file("back.sqlite"), "--to", second.url]).status == 0)
    let head = try Self.verified(sqlite.path)
    for db in [first.url, folder.file("back.sqlite"), second.url] { #expect(try Self.verified(db) == head) }
    // A target that holds events is refused, and left as it was.
    let refused = try CLI.run(["copy", "--from", sqlite.path, "--to", second.url])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("already holds"), "\(refused.stderr)")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: sqlite.path))
    let intoFile = try CLI.run(["copy", "--from", first.url, "--to", sqlite.path])
    #expect(intoFile.status == 1)
    #expect(try Data(contentsOf: URL(fileURLWithPath: sqlite.path)) == bytes, "a refused file is left byte for byte")
    #expect(try Self.verified(second.url) == head)
  }

  /// Four editors recording 50 statements each at once, some dated before statements already
  /// recorded: none lost, one chain, and the head a SQLite store reaches with the same events
  /// in the same order.
  @Test func fourEditorsAtOnceShareOneChain() throws {
    let database = try PostgresTestDatabase()
    #expect(try CLI.run(["init", "--db", database.url]).status == 0)
    let folder = try TemporaryFolder()
    var random = SeededRandom(seed: 24)
    var editors: [Child] = []
    for editor in 1...4 {
      var script = "set -e\n"
      for n in 1...50 {
        // Dates drawn at random over a year: most editors record some statement dated before
        // one another editor has already recorded.
        let day = 1 + Int(random.next() % 28)
        let month = 1 + Int(random.next() % 11)
        let date = String(format: "2026-%02d-%02d", month, day)
        let id = "\(date)-editor-\(editor)-\(n)"
        let file = folder.file("e\(editor)-\(n).yaml")
        try Data(Self.statement(id, date: date, recommendation: "IICSA-\(1 + (n % 20))").utf8).write(to: URL(fileURLWithPath: file))
        script += "\"$IICSA\" record --db \"$DB\" \(file) >/dev/null\n"
      }
      try Data(script.utf8).write(to: URL(fileURLWithPath: folder.file("editor\(editor).sh")))
      editors.append(try Child.shell(folder.file("editor\(editor).sh"), environment: ["DB": database.url], folder: folder.path))
    }
    for editor in editors {
      let outcome = editor.wait()
      #expect(outcome.status == 0 && !outcome.signalled, "\(outcome.stderr)")
    }
    let verified = try Self.verified(database.url)
    #expect(verified.hasPrefix("OK: 336 events"), "\(verified)")
    // The same events in the same order, appended through SQLite's own rules and projections.
    let copied = try CLI.run(["copy", "--from", database.url, "--to", folder.file("same.sqlite")])
    #expect(copied.status == 0, "\(copied.stderr)")
    #expect(try Self.verified(folder.file("same.sqlite")) == verified)
    let status = try CLI.run(["status", "--format", "json", "--known-at", "336", "--db", database.url])
    #expect(status.stdout == (try CLI.run(["status", "--format", "json", "--known-at", "336", "--db", folder.file("same.sqlite")])).stdout)
  }

  /// An import killed mid-append (SIGKILL of the client), and the server restarted mid-append:
  /// the log is as it was or wholly appended, never half, and verify passes.
  @Test(arguments: ["kill the client", "restart the server"])
  func anAppendInterruptedLeavesTheLogWhole(_ interruption: String) throws {
    let restart = interruption == "restart the server"
    let environment = ProcessInfo.processInfo.environment
    guard !restart || environment["IICSA_PG_DIR"] != nil else {
      Issue.record("restarting the server needs IICSA_PG_DIR (Tests/postgres/cluster.sh)")
      return
    }
    let database = try PostgresTestDatabase()
    #expect(try CLI.run(["init", "--db", database.url]).status == 0)
    let folder = try TemporaryFolder()
    var length = 136
    var interrupted = 0
    var random = SeededRandom(seed: restart ? 2 : 1)
    for round in 1...20 {
      let batch = folder.file("batch-\(round)")
      try FileManager.default.createDirectory(atPath: batch, withIntermediateDirectories: true)
      for n in 1...60 {
        let date = String(format: "2026-%02d-%02d", 1 + (n % 11), 1 + (round % 28))
        try Data(Self.statement("\(date)-round-\(round)-\(n)", date: date, recommendation: "IICSA-\(1 + (n % 20))").utf8)
          .write(to: URL(fileURLWithPath: batch + "/s\(n).yaml"))
      }
      let child = try Child(["import", batch, "--db", database.url], folder: folder.path)
      usleep(UInt32(50_000 + random.next() % 400_000))
      if restart {
        let restarted = Child.runShell("bash \(CLI.root.path)/Tests/postgres/cluster.sh restart")
        #expect(restarted == 0)
      } else {
        child.kill()
      }
      let outcome = child.wait()
      #expect(!outcome.stderr.contains("iicsa-test-only"))
      let verified = try Self.verified(database.url)
      let now = Int(verified.split(separator: " ")[1]) ?? -1
      #expect(now == length || now == length + 60, "round \(round): \(verified) after \(outcome.stderr)")
      if outcome.status == 0 && !outcome.signalled { #expect(now == length + 60) }
      if now == length { interrupted += 1 }
      if restart && now == length && !outcome.signalled {
        let said = ["connection to the server was lost", "shutting down", "could not connect"]
        #expect(said.contains { outcome.stderr.contains($0) }, "\(outcome.stderr)")
      }
      length = now
    }
    // Some rounds must really have been cut short, or the test proved nothing.
    #expect(interrupted > 0, "no round was interrupted: every import finished first")
  }

  @Test func theLogRefusesUpdateAndDeleteEvenThroughPsql() throws {
    let database = try PostgresTestDatabase()
    #expect(try CLI.run(["init", "--db", database.url]).status == 0)
    let editor = "iicsa_t_editor_" + database.name.suffix(8)
    #expect(database.psql("CREATE ROLE \(editor) LOGIN PASSWORD 'editor-pw' IN ROLE iicsa_editor").status == 0)
    defer { database.psql("DROP ROLE IF EXISTS \(editor)") }
    let asEditor = database.url(user: editor, password: "editor-pw")
    for sql in ["UPDATE iicsa_event SET payload = '{}' WHERE sequence = 1", "DELETE FROM iicsa_event WHERE sequence = 91", "TRUNCATE iicsa_event"] {
      let byEditor = database.psql(sql, as: asEditor)
      #expect(byEditor.status != 0 && byEditor.stderr.contains("permission denied"), "editor: \(sql): \(byEditor.stderr)")
      let byOwner = database.psql(sql)
      #expect(byOwner.status != 0 && byOwner.stderr.contains("append-only"), "owner: \(sql): \(byOwner.stderr)")
    }
    let outOfOrder = database.psql(
      "INSERT INTO iicsa_event SELECT sequence + 5, id || '-x', type, recorded_at, payload, hash FROM iicsa_event WHERE sequence = 91")
    #expect(outOfOrder.status != 0 && outOfOrder.stderr.contains("not the next"), "\(outOfOrder.stderr)")
    // The editor records through iicsa with nothing more than the role.
    let folder = try TemporaryFolder()
    try Data(Self.statement("2026-11-20-by-an-editor", date: "2026-11-20", recommendation: "IICSA-2").utf8)
      .write(to: URL(fileURLWithPath: folder.file("s.yaml")))
    let recorded = try CLI.run(["record", folder.file("s.yaml"), "--db", asEditor])
    #expect(recorded.status == 0, "\(recorded.stderr)")
    #expect(try Self.verified(database.url).hasPrefix("OK: 137 events"))
  }

  @Test func aConnectionThatFailsSaysWhereAndNeverThePassword() throws {
    let database = try PostgresTestDatabase()
    let server = URLComponents(string: database.url)!
    let host = server.host!
    let cases: [(String, String)] = [
      ("postgres://iicsa_owner:iicsa-test-only@\(host):1/\(database.name)", "connection refused"),
      ("postgres://iicsa_owner:wrong-secret@\(host):\(server.port!)/\(database.name)", "refused user 'iicsa_owner'"),
      ("postgres://iicsa_owner:iicsa-test-only@\(host):\(server.port!)/no_such_database", "has no database 'no_such_database'"),
      ("postgres://iicsa_owner:iicsa-test-only@\(host):\(server.port!)/\(database.name)?sslmode=sometimes", "sslmode 'sometimes'"),
      ("postgres://iicsa_owner:iicsa-test-only@\(host):\(server.port!)/\(database.name)?colour=red", "'colour' is not a connection parameter"),
    ]
    for (url, words) in cases {
      let result = try CLI.run(["status", "--db", url])
      #expect(result.status == 1, "\(url)")
      #expect(result.stderr.contains(words), "\(result.stderr)")
      #expect(result.stderr.split(separator: "\n").count == 1, "one line: \(result.stderr)")
      #expect(!result.stderr.contains("iicsa-test-only") && !result.stderr.contains("wrong-secret"), "\(result.stderr)")
      #expect(result.stdout.isEmpty)
    }
  }

  /// Every regular file under `folder`, by relative path, with its bytes.
  static func files(_ folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let base = URL(fileURLWithPath: folder).resolvingSymlinksInPath().path
    for case let url as URL in FileManager.default.enumerator(at: URL(fileURLWithPath: base), includingPropertiesForKeys: nil)! {
      guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true else { continue }
      files[String(url.resolvingSymlinksInPath().path.dropFirst(base.count))] = try Data(contentsOf: url)
    }
    return files
  }
}
