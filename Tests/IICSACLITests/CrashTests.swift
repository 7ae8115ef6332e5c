import Foundation
import GRDB
import Testing

/// `iicsa import` killed with SIGKILL at many moments, and store files damaged as a power cut
/// would: afterwards the store verifies and holds none or all of the import, or the damage is
/// reported clearly — never a trap, never half an import.
@Suite(.serialized) struct CrashTests {
  static let statements = 300
  static let kills = 20

  @Test func anImportKilledAtAnyMomentLeavesNoneOrAllOfIt() throws {
    let store = try ScratchStore()
    let dir = try store.writeStatements(Self.statements, into: "import")
    let pristine = store.folder + "/pristine.sqlite"
    try ScratchStore.copy(store.path, to: pristine)
    let base = ScratchStore.logLength(pristine)
    #expect(base == 1)
    // One uninterrupted import, timed, to spread the kills over its whole length.
    let work = store.folder + "/work.sqlite"
    try ScratchStore.copy(pristine, to: work)
    let started = Date()
    let full = try Child.run(["import", "--db", work, dir], folder: store.folder)
    let duration = Date().timeIntervalSince(started)
    #expect(full.status == 0, "\(full.stderr)")
    #expect(ScratchStore.logLength(work) == base + Self.statements)
    var none = 0
    var all = 0
    for kill in 0..<Self.kills {
      try ScratchStore.copy(pristine, to: work)
      let delay = duration * 1.1 * Double(kill) / Double(Self.kills - 1)
      let child = try Child(["import", "--db", work, dir], folder: store.folder)
      Thread.sleep(forTimeInterval: delay)
      child.kill()
      let ended = child.wait()
      #expect(!ended.signalled || ended.status == SIGKILL, "kill \(kill): \(ended.stderr)")
      let verify = try Child.run(["verify", "--db", work], folder: store.folder)
      #expect(verify.status == 0, "kill \(kill) after \(delay)s: verify said \(verify.stderr)")
      let length = verifiedLength(verify)
      #expect(length == base || length == base + Self.statements, "kill \(kill): \(verify.stdout)")
      if length == base { none += 1 } else if length == base + Self.statements { all += 1 }
      // The store stays usable: the same import, run again to the end, lands whole.
      if kill % 5 == 4 {
        let again = try Child.run(["import", "--db", work, dir], folder: store.folder)
        #expect(again.status == 0, "import after kill \(kill): \(again.stderr)")
        #expect(ScratchStore.logLength(work) == base + Self.statements)
      }
    }
    print(
      "CrashTests: \(Self.kills) kills over \(String(format: "%.2f", duration))s imports of "
        + "\(Self.statements) statements: \(none) left none, \(all) left all, 0 partial")
  }

  /// Damage that SQLite recovers from or reports: each copy either verifies, at the last or an
  /// earlier commit, or fails with a message naming the file — never a trap.
  @Test func powerCutDamageIsRecoveredOrReported() throws {
    var cases: [(name: String, damage: @Sendable (String) throws -> Void)] = [
      ("wal-lost", { path in try FileManager.default.removeItem(atPath: path + "-wal") }),
      ("shm-lost", { path in try FileManager.default.removeItem(atPath: path + "-shm") }),
    ]
    for fraction in [0.1, 0.5, 0.9, 0.999] {
      cases.append(
        ("wal-truncated-\(fraction)", { path in try truncate(path + "-wal", to: fraction) }))
    }
    cases.append(("db-last-page-torn-with-wal", { path in try tearLastPage(path, keepWAL: true) }))
    cases.append(
      (
        "db-truncated-half",
        { path in
          try FileManager.default.removeItem(atPath: path + "-wal")
          try truncate(path, to: 0.5)
        }
      ))
    cases.append(("db-header-zeroed", { path in try overwrite(path, at: 0, count: 100) }))
    cases.append(
      (
        "db-header-zeroed-no-wal",
        { path in
          try FileManager.default.removeItem(atPath: path + "-wal")
          try overwrite(path, at: 0, count: 100)
        }
      ))
    try Self.damageCopies(cases)
  }

  /// The last page of the file, holding the newest rows of `event`, torn in half.
  @Test
  func aTornLastPageIsReportedNotTrapped() throws {
    try Self.damageCopies([
      ("db-last-page-torn", { path in try tearLastPage(path, keepWAL: false) })
    ])
  }

  /// A store with its latest transaction still in the write-ahead log (another connection kept
  /// the writer from checkpointing it); each case damages a copy and runs `iicsa verify` on it.
  static func damageCopies(_ cases: [(name: String, damage: @Sendable (String) throws -> Void)])
    throws
  {
    let store = try ScratchStore()
    let dir = try store.writeStatements(40, into: "batch")
    // Holding a connection open keeps `iicsa import` from checkpointing on exit.
    let holder = try DatabaseQueue(path: store.path)
    _ = try holder.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM event") }
    let imported = try Child.run(["import", "--db", store.path, dir], folder: store.folder)
    #expect(imported.status == 0, "\(imported.stderr)")
    let wal =
      (try? FileManager.default.attributesOfItem(atPath: store.path + "-wal")[.size] as? Int) ?? 0
    #expect(wal > 0, "the import should have left its transaction in the -wal file")
    #expect(ScratchStore.logLength(store.path) == 41)
    for (name, damage) in cases {
      let copy = store.folder + "/\(name).sqlite"
      try ScratchStore.copy(store.path, to: copy)
      try damage(copy)
      let verify = try Child.run(["verify", "--db", copy], folder: store.folder)
      let firstLine = verify.stderr.split(separator: "\n").first.map(String.init) ?? ""
      #expect(!verify.signalled, "\(name): verify trapped (\(verify.status)): \(firstLine)")
      #expect(!verify.stderr.contains("Fatal error"), "\(name): \(firstLine)")
      if verify.status == 0 {
        // Recovered: a consistent store, at the last or an earlier commit, never in between.
        let length = verifiedLength(verify)
        #expect(length == 1 || length == 41, "\(name): \(verify.stdout)")
      } else {
        #expect(!verify.stderr.isEmpty, "\(name): failed without a message")
        #expect(
          verify.stderr.contains(copy) || verify.stderr.contains("iicsa verify"),
          "\(name): \(firstLine)")
      }
      print("CrashTests power cut \(name): exit \(verify.status) \(verify.stdout)\(firstLine)")
    }
    try holder.close()
    // The original was never touched.
    #expect(
      verifiedLength(try Child.run(["verify", "--db", store.path], folder: store.folder)) == 41)
  }
}

private func truncate(_ path: String, to fraction: Double) throws {
  let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
  let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
  try handle.truncate(atOffset: UInt64(Double(size) * fraction))
  try handle.close()
}

private func overwrite(_ path: String, at offset: UInt64, count: Int) throws {
  let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
  try handle.seek(toOffset: offset)
  handle.write(Data(repeating: 0, count: count))
  try handle.close()
}

/// Zeroes the second half of the database file's last page: a write torn by a power cut.
private func tearLastPage(_ path: String, keepWAL: Bool) throws {
  if !keepWAL {
    // Fold the WAL in first, so that the last page of the file holds the newest data.
    let queue = try DatabaseQueue(path: path)
    try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    try queue.close()
  }
  let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
  let page = 4096
  guard size >= page else { return }
  try overwrite(path, at: UInt64(size - page / 2), count: page / 2)
}
