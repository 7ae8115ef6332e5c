import Foundation
internal import GRDB
import IICSADomain
public import IICSALog

extension EventStore {
  /// Recomputes the hash chain from the stored bytes, then rebuilds every projection from the
  /// log into TEMP tables that shadow the stored ones, and compares the two.
  ///
  /// Both passes stream the log in order, so memory stays bounded whatever its length; the
  /// rebuild applies every rule exactly as `append` did. The store is never written: the TEMP
  /// tables live in the connection and are dropped when the transaction rolls back.
  public func verify() throws(StoreError) -> VerifyReport {
    do {
      let side = try sideReader()
      return try writer.writeWithoutTransaction { db in
        var report: VerifyReport?
        try db.inTransaction(.deferred) {
          report = try Self.verify(db, side: side)
          return .rollback
        }
        return report ?? VerifyReport(head: .empty, problems: [], chainIntact: true)
      }
    } catch {
      throw StoreError(error, path: path)
    }
  }

  private static func verify(_ db: Database, side: DatabaseQueue?) throws -> VerifyReport {
    let head = try Self.head(db)
    try createShadows(db)
    let (chain, replayed) = try checkingChain(db, through: head.length, side: side) {
      try ProjectionUpdater.rebuild(db)
    }
    guard chain.isEmpty else { return VerifyReport(head: head, problems: chain, chainIntact: false) }
    do {
      try replayed.get()
    } catch StoreError.rule(let violation) {
      return VerifyReport(head: head, problems: [.ruleBroken(violation)], chainIntact: true)
    } catch StoreError.damaged(let sequence, let detail) {
      let id = try String.fetchOne(db, sql: "SELECT id FROM main.event WHERE sequence = ?", arguments: [sequence])
      return VerifyReport(
        head: head, problems: [.unreadable(sequence: sequence, id: id ?? "?", detail: detail)], chainIntact: false)
    }
    // Rows a missing event wrote: the end of the log was cut off behind the store's back. A
    // rebuild would erase this trace, so it is not a repairable difference.
    let known = try lastEventKnownToProjections(db)
    if known > head.length {
      // The projections then differ too; saying so would invite the rebuild that hides the cut.
      return VerifyReport(head: head, problems: [.projectionsAheadOfLog(event: known, length: head.length)], chainIntact: true)
    }
    var problems: [VerifyReport.Problem] = []
    for table in Projections.tables.reversed() {
      let differs = try Bool.fetchOne(
        db,
        sql: """
          SELECT EXISTS (SELECT * FROM main.\(table) EXCEPT SELECT * FROM temp.\(table))
            OR EXISTS (SELECT * FROM temp.\(table) EXCEPT SELECT * FROM main.\(table))
          """) ?? true
      if differs { problems.append(.projectionDiffers(table: table)) }
    }
    return VerifyReport(head: head, problems: problems, chainIntact: true)
  }

  /// TEMP tables and indexes shadowing the projections, made from the live schema's own text, so
  /// that they follow every migration.
  private static func createShadows(_ db: Database) throws {
    let names = Projections.tables.map { "'\($0)'" }.joined(separator: ", ")
    let definitions = try String.fetchAll(
      db,
      sql: """
        SELECT sql FROM main.sqlite_master
        WHERE tbl_name IN (\(names)) AND type IN ('table', 'index') AND sql IS NOT NULL
        ORDER BY type = 'index', rowid
        """)
    for sql in definitions {
      try db.execute(sql: sql.replacingOccurrences(of: "CREATE TABLE", with: "CREATE TEMP TABLE"))
    }
  }

  /// The newest event any projection row was written or closed by: never beyond the log's end,
  /// unless events were deleted from it behind iicsa's back.
  static func lastEventKnownToProjections(_ db: Database) throws -> Int {
    try Int.fetchOne(
      db,
      sql: """
        SELECT max(n) FROM (
          SELECT max(known_from) AS n FROM main.statusChange UNION ALL SELECT max(known_until) FROM main.statusChange
          UNION ALL SELECT max(known_from) FROM main.pledge UNION ALL SELECT max(known_until) FROM main.pledge
          UNION ALL SELECT max(known_from) FROM main.statement UNION ALL SELECT max(known_until) FROM main.statement
          UNION ALL SELECT max(known_from) FROM main.mention UNION ALL SELECT max(known_until) FROM main.mention
          UNION ALL SELECT max(known_from) FROM main.source UNION ALL SELECT max(known_until) FROM main.source
          UNION ALL SELECT max(known_from) FROM main.recommendation
          UNION ALL SELECT max(known_until) FROM main.recommendation
          UNION ALL SELECT max(sequence) FROM main.dateHorizon)
        """) ?? 0
  }

  /// A second, read-only connection to the store's file, for the chain check to run on beside
  /// the replay; nil for a store held in memory, which has no file to share.
  func sideReader() throws -> DatabaseQueue? {
    path == ":memory:" ? nil : try DatabaseQueue(path: connectionPath, configuration: Self.configuration(readOnly: true))
  }

  /// The chain's problems among the first `length` events, and the outcome of `replay`.
  ///
  /// The two passes share nothing but the log, and hashing every event costs about a tenth of
  /// a rebuild, so with a `side` connection the chain is checked on a second thread (a second
  /// core) while `replay` runs on this one. The log is append-only and `length` was read in
  /// `db`'s transaction, so both passes see the same events even if a writer appends meanwhile.
  /// Without one, the chain goes first and a broken chain skips the replay.
  static func checkingChain(
    _ db: Database, through length: Int, side: DatabaseQueue?, replay: () throws -> Void
  ) throws -> (chain: [VerifyReport.Problem], replayed: Result<Void, any Error>) {
    guard let side else {
      let chain = try chainProblems(db, through: length)
      return (chain, chain.isEmpty ? Result { try replay() } : .success(()))
    }
    let checked = SideResult()
    let done = DispatchSemaphore(value: 0)
    DispatchQueue.global().async {
      checked.value = Result { try side.read { try chainProblems($0, through: length) } }
      done.signal()
    }
    let replayed = Result { try replay() }
    done.wait()
    return (try checked.value.get(), replayed)
  }

  /// The first break in the hash chain among the first `length` events, read straight from the
  /// stored bytes without decoding.
  private static func chainProblems(_ db: Database, through length: Int) throws -> [VerifyReport.Problem] {
    var check = ChainCheck()
    var expected = 1
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT sequence, id, type, recorded_at, payload, hash,
          typeof(type) IN ('text', 'blob') AND typeof(payload) IN ('text', 'blob')
        FROM main.event WHERE sequence <= ? ORDER BY sequence
        """,
      arguments: [length])
    while let row = try rows.next() {
      // A NULL or a number where text belongs is unreadable (log-format.md §4), whatever its
      // bytes: asked of SQLite, so the payload is not decoded only to be thrown away.
      guard let sequence = row.integer(0), let id = row.text(1), row.text(3) != nil, let stored = row.text(5), row.integer(6) == 1
      else {
        return [
          .unreadable(sequence: row.integer(0) ?? expected, id: row.text(1) ?? "?", detail: "a column is empty or malformed")
        ]
      }
      var columns: [[UInt8]?] = []
      for index in 1...4 { columns.append(try row.withUnsafeData(atIndex: index, { $0.map { [UInt8]($0) } })) }
      if let problem = check.next(sequence: sequence, id: id, columns: columns, hash: stored) { return [problem] }
      expected = sequence + 1
    }
    return []
  }
}

/// The chain check's outcome, handed from its thread to the waiting one: written once before
/// the semaphore is signalled, read once after it is waited for.
private final class SideResult: @unchecked Sendable {
  var value: Result<[VerifyReport.Problem], any Error> = .success([])
}
