import ArgumentParser
import Foundation
import IICSABenchSupport
import IICSADomain

extension Bench {
  /// The same questions asked of the same data on SQLite and on PostgreSQL, in one run.
  struct Postgres: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time status, show, import and one durable append on SQLite and on PostgreSQL, on the same data.",
      discussion: """
        For the real record and each generated size, the SQLite store is copied into a new \
        database on --server (`iicsa copy`, which is the import measured: every event in one \
        transaction, through the append policy), then each report command runs as a cold \
        process on both, and `iicsa record` appends one statement to each, durably. On \
        PostgreSQL the first read makes the local replica (timed on its own, once); the \
        replicas are kept in the bench's folder. The ratio \
        column divides the largest size by the smallest generated one, per engine: the status \
        family should stay flat with the log's length. The databases are dropped at the end.
        """)

    @Option(help: ArgumentHelp("A server and a user that may create databases: postgres://USER:PASSWORD@HOST:PORT/postgres.", valueName: "url"))
    var server: String

    @Option(help: "Generated store sizes, in events, comma-separated.")
    var sizes: String = "10000,100000"

    @Option(name: .customLong("repeat"), help: "Timed runs per command and store.")
    var repeats: Int = 5

    @Option(help: ArgumentHelp("Keep the SQLite stores in this folder and reuse any already there.", valueName: "dir"))
    var keep: String?

    @Option(help: ArgumentHelp("The iicsa binary (default: the one beside iicsa-bench).", valueName: "path"))
    var iicsa: String?

    /// The report commands timed on both engines.
    static let commands: [CommandSpec] = CommandSpec.all.filter {
      ["status", "status --as-of MID", "status --known-at MID", "show BUSIEST", "pledges --overdue"].contains($0.label)
    }

    func run() throws {
      let binary = try iicsa ?? Self.besideMe()
      let scratch = try ScratchFolder(keep: keep, prefix: "iicsa-bench-pg")
      defer { scratch.removeIfOwned() }
      let folder = scratch.path
      // Every iicsa this starts keeps its PostgreSQL replicas here, never in the user's cache.
      setenv("IICSA_CACHE_DIR", folder + "/replicas", 1)
      let session = Session(binary: binary, sqlite3: nil, folder: folder, repeats: repeats, machine: Machine.describe(sqlite3: nil))
      var stores = [try session.realRecord()]
      for size in sizes.split(separator: ",").compactMap({ Int($0.trimmingCharacters(in: .whitespaces)) }).sorted() {
        stores.append(try session.generated(GeneratorConfig(events: size, recommendations: 100, seed: 42), batch: 0).0)
      }
      var databases: [String] = []
      defer { for name in databases { _ = try? psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") } }
      var rows: [(store: String, engine: String, timings: [String: Timing])] = []
      for store in stores {
        let name = "iicsa_bench_\(store.label.lowercased())_\(ProcessInfo.processInfo.processIdentifier)"
        databases.append(name)
        try psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try psql(server, "CREATE DATABASE \(name) ENCODING 'UTF8' TEMPLATE template0")
        let url = Self.replacingDatabase(in: server, with: name)
        Log.progress("\(store.label): copying into PostgreSQL")
        let imported = try Subprocess.run(binary, ["copy", "--from", store.path, "--to", url], scratch: folder)
        if let failure = imported.failure { throw SpawnError(description: "iicsa copy failed: \(failure)") }
        let fileCopy = folder + "/copy-\(store.label).sqlite"
        session.removeStore(fileCopy)
        Log.progress("\(store.label): copying into a new SQLite file")
        let fileImported = try Subprocess.run(binary, ["copy", "--from", store.path, "--to", fileCopy], scratch: folder)
        session.removeStore(fileCopy)
        Log.progress("\(store.label): the first read on PostgreSQL, which makes the replica")
        let first = try Subprocess.run(binary, ["status", "--db", url], scratch: folder)
        var sqlite = try session.time(Self.commands, on: store)
        var postgres = try session.time(Self.commands, on: StoreUnderTest(label: store.label + " (PostgreSQL)", path: url, probe: store.probe))
        sqlite["import (copy, one transaction)"] = Timing([fileImported], warmUp: fileImported)
        postgres["import (copy, one transaction)"] = Timing([imported], warmUp: imported)
        postgres[Self.firstRead] = Timing([first], warmUp: first)
        sqlite["record one statement"] = try recordOne(store, db: store.path, session: session, tag: "sqlite")
        postgres["record one statement"] = try recordOne(store, db: url, session: session, tag: "pg")
        rows.append((store.label, "SQLite", sqlite))
        rows.append((store.label, "PostgreSQL", postgres))
      }
      let labels = Self.commands.map(\.label) + ["import (copy, one transaction)", Self.firstRead, "record one statement"]
      print(Self.render(rows, labels: labels), terminator: "")
    }

    /// The row for the one read that makes a PostgreSQL store's local replica.
    static let firstRead = "first read (makes the replica)"

    /// One `iicsa record` of a new statement into `db`, timed cold, --repeat times (each a new id).
    /// The SQLite store is a copy, so a kept store is never changed.
    private func recordOne(_ store: StoreUnderTest, db: String, session: Session, tag: String) throws -> Timing {
      var target = db
      if !db.hasPrefix("postgres") {
        target = session.folder + "/record-\(tag).sqlite"
        session.removeStore(target)
        try FileManager.default.copyItem(atPath: db, toPath: target)
      }
      defer { if target != db { session.removeStore(target) } }
      var runs: [ChildRun] = []
      for index in 0...repeats {
        let id = "\(store.probe.lastDate)-bench-record-\(tag)-\(index)"
        let file = session.folder + "/\(id).yaml"
        try Data(
          """
          id: \(id)
          date: \(store.probe.lastDate)
          speaker: A Minister
          role: Home Secretary
          kind: written_statement
          title: Bench record \(index)
          summary: One statement recorded to time one durable write.
          sources: [{url: "https://example.org/bench/\(index)", publisher: Hansard}]
          reaffirms: [\(store.probe.busiest)]

          """.utf8
        ).write(to: URL(fileURLWithPath: file), options: .withoutOverwriting)
        let run = try Subprocess.run(session.binary, ["record", "--db", target, file], scratch: session.folder)
        // Written just above without overwriting, so it is the bench's own file.
        try? FileManager.default.removeItem(atPath: file)
        // The first run warms the page cache and the connection's path, as for every command.
        if index > 0 { runs.append(run) } else if run.failure != nil { return Timing([run], warmUp: run) }
      }
      return Timing(runs, warmUp: nil)
    }

    static func render(_ rows: [(store: String, engine: String, timings: [String: Timing])], labels: [String]) -> String {
      var out = "| command | " + rows.map { "\($0.store) \($0.engine)" }.joined(separator: " | ") + " | ratio SQLite | ratio PostgreSQL |\n"
      out += "|---|" + rows.map { _ in "---:|" }.joined() + "---:|---:|\n"
      let generated = Array(Set(rows.map(\.store)).subtracting(["record"]))
      for label in labels {
        var line = "| \(label) |"
        for row in rows {
          let timing = row.timings[label]
          line += " " + (timing.map { $0.failure == nil ? Format.ms($0.median) : "failed: \($0.failure!)" } ?? "–") + " |"
        }
        for engine in ["SQLite", "PostgreSQL"] {
          let sized = rows.filter { $0.engine == engine && $0.store != "record" }
          guard generated.count >= 2, let small = sized.first?.timings[label], let large = sized.last?.timings[label],
            small.median > 0
          else {
            line += " – |"
            continue
          }
          line += " " + Format.ratio(large.median / small.median) + " |"
        }
        out += line + "\n"
      }
      out += "\nMedians of cold runs; the ratios divide the largest generated store by the smallest, per engine.\n"
      return out
    }

    @discardableResult
    private func psql(_ url: String, _ sql: String) throws -> ChildRun {
      let run = try Subprocess.run("/usr/bin/env", ["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql], scratch: NSTemporaryDirectory())
      if let failure = run.failure { throw SpawnError(description: "psql failed: \(failure)") }
      return run
    }

    static func replacingDatabase(in url: String, with database: String) -> String {
      var parts = URLComponents(string: url)!
      parts.path = "/" + database
      return parts.string!
    }

    static func besideMe() throws -> String {
      let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
      let beside = me.deletingLastPathComponent().appendingPathComponent("iicsa").path
      guard FileManager.default.isExecutableFile(atPath: beside) else {
        throw ValidationError("No iicsa binary beside iicsa-bench (\(beside)). Build it first, or pass --iicsa PATH.")
      }
      return beside
    }
  }
}
