import Foundation
import GRDB
import Testing

@testable import IICSAStore
import IICSALog

/// A store made before versioned projections (schema v1) is upgraded when a read command first
/// opens it, with one line on stderr and the log untouched; a published copy read with
/// `--immutable` is never written, so there the refusal stands.
@Suite struct OlderStoreTests {
  /// A v1 store holding the bundled store's log at `current` up to its first sweep (a v1 log
  /// cannot hold one: the bundled sweeps are its last events); returns what `verify` says of it.
  @discardableResult
  static func oldStore(like current: String, at old: String) throws -> String {
    let queue = try DatabaseQueue(path: old)
    var v1 = DatabaseMigrator()
    v1.registerMigration("v1") { db in try db.execute(sql: Schema.v1) }
    try v1.migrate(queue)
    let head = try queue.writeWithoutTransaction { db in
      try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [current])
      try db.execute(
        sql: """
          INSERT INTO main.event SELECT * FROM current.event WHERE sequence < coalesce(
            (SELECT min(sequence) FROM current.event WHERE type = 'sweep_recorded'), 1e18) ORDER BY sequence
          """)
      try db.execute(sql: "DETACH DATABASE current")
      return try Row.fetchOne(db, sql: "SELECT sequence, hash FROM event ORDER BY sequence DESC LIMIT 1")
    }
    try queue.close()
    return "OK: \(head?[0] ?? 0) events, head \(head?[1] ?? "").\n"
  }

  /// Everything after the first line, which names the log.
  static func body(_ text: String) -> Substring { text.drop { $0 != "\n" } }

  @Test func aReadCommandUpgradesAnOlderStoreOnceAndReadsIt() throws {
    let store = try BundledStore()
    let old = store.folder + "/old.sqlite"
    let verified = try Self.oldStore(like: store.path, at: old)
    let status = try CLI.run(["status", "--db", old])
    #expect(status.status == 0, "\(status.stderr)")
    #expect(status.stderr.contains("Upgraded \(old), made by an earlier iicsa"), "\(status.stderr)")
    // Sweeps change no status: the rows are those of the whole bundled record.
    #expect(Self.body(status.stdout) == Self.body(try store.run(["status"]).stdout))
    // The log is as it was: the same length and head as the events it was copied from.
    #expect(try CLI.run(["verify", "--db", old]).stdout == verified)
    // Once only. (It still lacks the bundled sweeps, and says so.)
    let again = try CLI.run(["status", "--db", old]).stderr
    #expect(!again.contains("Upgraded"), "\(again)")
    #expect(again.contains("lacks 4 of the 136 events"), "\(again)")
  }

  @Test func aPublishedCopyReadImmutableIsNeverWritten() throws {
    let store = try BundledStore()
    let old = store.folder + "/published.sqlite"
    try Self.oldStore(like: store.path, at: old)
    let before = FileManager.default.contents(atPath: old)
    let verify = try CLI.run(["verify", "--immutable", "--db", old])
    #expect(verify.status == 1, "\(verify.stderr)")
    #expect(verify.stderr.contains("was written by an earlier version of iicsa"), "\(verify.stderr)")
    #expect(FileManager.default.contents(atPath: old) == before)
  }
}
