import Foundation
import IICSABenchSupport
import IICSADomain
import IICSAStore
import IICSALog

/// The write-side figures of issue 6, part 3, measured on the largest store.
struct WriteFigures {
  /// The label of the store measured.
  var store: String
  /// Its events.
  var events: Int
  /// Loading `importStatements` statements into a fresh store in one `append` call.
  var importResult: GenerationResult?
  /// The `sqlite3` shell writing that import's rows alone into an empty store: the floor an
  /// import cannot beat.
  var importSQL: Timing?
  /// Statements in that import.
  var importStatements: Int
  /// Each single durable `append` of one statement, in seconds.
  var appendSeconds: [Double] = []
  /// `iicsa verify` on a copy of the store.
  var verify: Timing?
  /// `iicsa rebuild` on a copy of the store.
  var rebuild: Timing?
  /// The `sqlite3` shell doing a rebuild's SQL alone on that copy: the floor a rebuild cannot beat.
  var rebuildSQL: Timing?
}

extension Session {
  /// Import rate, single appends, verify and rebuild; nothing is written to a kept store.
  func writes(
    largest: StoreUnderTest?, importStatements: Int, appends: Int, recommendations: Int,
    seed: UInt64
  ) throws -> WriteFigures? {
    guard let largest, largest.label != "record" else { return nil }
    var figures = WriteFigures(
      store: largest.label, events: largest.probe.events, importStatements: importStatements)
    if importStatements > 0 {
      (figures.importResult, figures.importSQL) = try importRate(
        statements: importStatements, recommendations: recommendations, seed: seed)
    }
    let copy = folder + "/writes.sqlite"
    removeStore(copy)
    defer { removeStore(copy) }
    Log.progress("copying \(largest.path) for the write measurements")
    try FileManager.default.copyItem(atPath: largest.path, toPath: copy)
    if appends > 0 {
      figures.appendSeconds = try singleAppends(appends, to: copy, probe: largest.probe)
    }
    Log.progress("\(largest.label): verify")
    figures.verify = try time(binary, ["verify", "--db", copy])
    Log.progress("\(largest.label): rebuild")
    figures.rebuild = try time(binary, ["rebuild", "--db", copy])
    if let sqlite3 {
      let source = folder + "/writes-source.sqlite"
      removeStore(source)
      defer { removeStore(source) }
      try FileManager.default.copyItem(atPath: largest.path, toPath: source)
      Log.progress("\(largest.label): a rebuild's SQL alone, in the sqlite3 shell")
      figures.rebuildSQL = try time(sqlite3, [copy, SQLFloor.rebuild(from: source)])
    }
    return figures
  }

  /// What `import` does after parsing: one `append` call holding every statement. Then, when
  /// the `sqlite3` shell is at hand, the same rows copied into an empty store with no Swift.
  private func importRate(statements: Int, recommendations: Int, seed: UInt64) throws
    -> (GenerationResult, Timing?)
  {
    var config = GeneratorConfig(
      events: statements, recommendations: recommendations, seed: seed &+ 1, corrections: 0)
    config.events = statements + config.reportCount
    let path = folder + "/import.sqlite"
    removeStore(path)
    defer { removeStore(path) }
    Log.progress("importing \(Format.grouped(statements)) statements in one transaction")
    let result = try StoreGenerator.generate(config, at: path, batch: 0)
    guard let sqlite3 else { return (result, nil) }
    Log.progress("an import's SQL alone, in the sqlite3 shell")
    return (result, try importSQL(sqlite3, from: path))
  }

  /// Each run copies `source`'s rows into a new, empty store (the log refuses a second copy
  /// of its events, so every run needs its own).
  private func importSQL(_ sqlite3: String, from source: String) throws -> Timing {
    let empty = folder + "/import-empty.sqlite"
    let target = folder + "/import-floor.sqlite"
    removeStore(empty)
    defer { removeStore(empty); removeStore(target) }
    try EventStore.create(at: empty).close()
    let script = SQLFloor.importing(from: source)
    var runs: [ChildRun] = []
    for _ in 0..<min(repeats, Self.slowRepeats) {
      removeStore(target)
      try FileManager.default.copyItem(atPath: empty, toPath: target)
      runs.append(try Subprocess.run(sqlite3, [target, script], scratch: folder))
    }
    return Timing(runs, warmUp: nil)
  }

  /// Appends `count` statements one call at a time, each a durable transaction, and times each.
  private func singleAppends(_ count: Int, to path: String, probe: StoreProbe) throws -> [Double] {
    Log.progress("timing \(count) single appends")
    let store = try EventStore.open(at: path, access: .readWrite)
    defer { try? store.close() }
    let clock = ContinuousClock()
    var seconds: [Double] = []
    for index in 0..<count {
      guard let id = EventID("bench-append-\(index)") else { continue }
      let statement = Statement(
        id: id, date: probe.lastDate, speaker: "A Minister", role: "Home Secretary",
        kind: .writtenStatement, title: "Bench append \(index)",
        summary: "A single statement appended to time one durable write.",
        sources: [SourceLink(url: "https://example.org/bench/\(index)", publisher: "Hansard")],
        reaffirms: [probe.busiest])
      let start = clock.now
      _ = try store.append([.recorded(statement, at: nil)])
      seconds.append(Subprocess.seconds(clock.now - start))
    }
    return seconds
  }
}

/// What a write asks of SQLite with no Swift at all, reading the rows it would write from a
/// second copy of the store, in log order, in one transaction. Comparing `rebuild` or an import
/// with its script shows what the Swift side (decoding, the rules, the chain) costs.
enum SQLFloor {
  /// The projection tables, as `Projections.tables` clears them, with the order a rebuild
  /// writes their rows in.
  static let tables: [(name: String, order: String)] = [
    ("dateHorizon", "sequence"), ("mention", "known_from, sequence"), ("statement", "known_from, sequence"),
    ("pledge", "known_from, statement, ordinal"), ("statusChange", "known_from, sequence"),
    ("recommendation", "known_from, id"), ("source", "known_from, id"),
  ]

  /// A rebuild: empty every projection, then write the same rows back.
  static func rebuild(from source: String) -> String {
    let clear = tables.map { "DELETE FROM main.\($0.name);" }.joined(separator: " ")
    return transaction(from: source, clear + " " + fill)
  }

  /// An import into an empty store: every event, then every projection row. Rows go table by
  /// table, which is kinder to the B-trees than an import's interleaving, so this is a floor.
  static func importing(from source: String) -> String {
    transaction(from: source, "INSERT INTO main.event SELECT * FROM src.event ORDER BY sequence; " + fill)
  }

  private static var fill: String {
    tables.reversed().map { "INSERT INTO main.\($0.name) SELECT * FROM src.\($0.name) ORDER BY \($0.order);" }
      .joined(separator: " ")
  }

  /// The same durability and foreign keys as the store's own connections.
  private static func transaction(from source: String, _ body: String) -> String {
    let quoted = source.replacingOccurrences(of: "'", with: "''")
    return "ATTACH '\(quoted)' AS src; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
      + "BEGIN IMMEDIATE; \(body) COMMIT;"
  }
}
