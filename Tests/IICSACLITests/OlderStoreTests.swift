import Foundation
import GRDB
import Testing

@testable import IICSAStore
import IICSALog

/// A store made before versioned projections (schema v1) is upgraded when a read command first
/// opens it, with one line on stderr and the log untouched; a published copy read with
/// `--immutable` is never written, so there the refusal stands.
@Suite struct OlderStoreTests {
  /// A v1 store holding the same log as the bundled store at `current`.
  static func oldStore(like current: String, at old: String) throws {
    let queue = try DatabaseQueue(path: old)
    var v1 = DatabaseMigrator()
    v1.registerMigration("v1") { db in try db.execute(sql: Schema.v1) }
    try v1.migrate(queue)
    try queue.writeWithoutTransaction { db in
      try db.execute(sql: "ATTACH DATABASE ? AS current", arguments: [current])
      try db.execute(sql: "INSERT INTO main.event SELECT * FROM current.event ORDER BY sequence")
      try db.execute(sql: "DETACH DATABASE current")
    }
    try queue.close()
  }

  @Test func aReadCommandUpgradesAnOlderStoreOnceAndReadsIt() throws {
    let store = try BundledStore()
    let old = store.folder + "/old.sqlite"
    try Self.oldStore(like: store.path, at: old)
    let status = try CLI.run(["status", "--db", old])
    #expect(status.status == 0, "\(status.stderr)")
    #expect(status.stderr.contains("Upgraded \(old), made by an earlier iicsa"), "\(status.stderr)")
    #expect(status.stdout == (try store.run(["status"])).stdout)
    // The log is as it was: the same length and head as the store it was copied from.
    #expect(try CLI.run(["verify", "--db", old]).stdout == (try store.run(["verify"])).stdout)
    // Once only.
    #expect(try CLI.run(["status", "--db", old]).stderr.isEmpty)
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
