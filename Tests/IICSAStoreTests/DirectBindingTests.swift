import GRDB
import Testing

@testable import IICSAStore
import IICSALog

/// `Statement.run` binds the hot inserts through SQLite's C API instead of GRDB's arguments:
/// it must store the same values, and report a refused row as GRDB would, leaving the
/// statement usable.
@Suite struct DirectBindingTests {
  func table() throws -> DatabaseQueue {
    let queue = try DatabaseQueue()
    try queue.write { db in
      try db.execute(sql: "CREATE TABLE t (i INTEGER, s TEXT CHECK (s <> 'refused'), o TEXT)")
    }
    return queue
  }

  @Test func storesWhatGRDBStores() throws {
    let queue = try table()
    let text = "é, 😀, a \"quote\" and a 'quote'"
    try queue.write { db in
      let insert = try db.cachedStatement(sql: "INSERT INTO t (i, s, o) VALUES (?, ?, ?)")
      try insert.run(Int.max, text, String?.none)
      try insert.run(Int64.min, "", Optional("x"))
      try insert.execute(arguments: [Int.max, text, nil])
      try insert.execute(arguments: [Int64.min, "", "x"])
    }
    let rows = try queue.read { try Row.fetchAll($0, sql: "SELECT i, s, o, typeof(i), typeof(s), typeof(o) FROM t ORDER BY rowid") }
    #expect(rows.count == 4)
    #expect(rows[0] == rows[2])
    #expect(rows[1] == rows[3])
    #expect(rows[0]["s"] == text)
    #expect(rows[0][5] == "null")
  }

  @Test func aRefusedRowThrowsAndTheStatementStaysUsable() throws {
    let queue = try table()
    try queue.write { db in
      let insert = try db.cachedStatement(sql: "INSERT INTO t (i, s, o) VALUES (?, ?, ?)")
      #expect {
        try insert.run(1, "refused", String?.none)
      } throws: { error in
        guard let error = error as? DatabaseError else { return false }
        return error.resultCode == .SQLITE_CONSTRAINT && (error.message ?? "").contains("CHECK constraint failed")
      }
      try insert.run(2, "kept", String?.none)
    }
    #expect(try queue.read { try Int.fetchAll($0, sql: "SELECT i FROM t") } == [2])
  }
}
