internal import GRDB
internal import GRDBSQLite

/// A value bound straight into a prepared statement through SQLite's C API.
protocol DirectBinding {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32
}

extension Int: DirectBinding {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
    sqlite3_bind_int64(statement, index, Int64(self))
  }
}

extension Int64: DirectBinding {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
    sqlite3_bind_int64(statement, index, self)
  }
}

extension String: DirectBinding {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
    var text = self
    // SQLite copies the bytes (SQLITE_TRANSIENT), so they need to outlive only this call.
    return text.withUTF8 {
      sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count), transient)
    }
  }
}

extension Optional: DirectBinding where Wrapped: DirectBinding {
  func bind(to statement: OpaquePointer, at index: Int32) -> Int32 {
    switch self {
    case .some(let value): value.bind(to: statement, at: index)
    case .none: sqlite3_bind_null(statement, index)
    }
  }
}

/// SQLite's `SQLITE_TRANSIENT`, which the C macro defines as the pointer -1.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

extension GRDB.Statement {
  /// Runs this INSERT or UPDATE once with `values` bound in order.
  ///
  /// GRDB's `execute(arguments:)` first boxes every value in an existential, then in an array
  /// of `DatabaseValue`, then validates the count: on the few million projection rows of a
  /// rebuild or an import, that was more than the bindings themselves. These statements are
  /// ours and fixed, so a wrong count is a programming error, caught by every test that writes.
  func run<each Value: DirectBinding>(_ values: repeat each Value) throws {
    let handle = sqliteStatement
    sqlite3_reset(handle)
    var index: Int32 = 0
    for value in repeat each values {
      index += 1
      let code = value.bind(to: handle, at: index)
      precondition(code == SQLITE_OK, "binding \(index) of \(sql): SQLite code \(code)")
    }
    precondition(index == sqlite3_bind_parameter_count(handle), "\(sql) takes another number of values")
    let code = sqlite3_step(handle)
    guard code == SQLITE_DONE else {
      let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) }
      sqlite3_reset(handle)
      throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }
    sqlite3_reset(handle)
  }
}
