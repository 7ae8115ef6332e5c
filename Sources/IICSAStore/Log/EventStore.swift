import Foundation
internal import GRDB
import IICSADomain
public import IICSALog

/// The event log and its projections in one SQLite file.
///
/// The log (`event`) is the single source of truth and is append-only in the database itself.
/// Every other table is a projection written in the same transaction as the event that changed
/// it, which `rebuild` can recreate from the log alone and `verify` can check.
public struct EventStore: EventLog, Sendable {
  /// Whether the store may be written.
  public enum Access: Sendable {
    /// Reads only: report commands.
    case readOnly
    /// Reads and writes: `record`, `import`, `correct`, `rebuild`, and `check` (whose trial
    /// append takes the write lock, and is rolled back).
    case readWrite
    /// Reads a published copy that nobody writes (`verify --immutable`): without locks, and
    /// without the `-wal` and `-shm` files that a read of a WAL database otherwise leaves beside
    /// it. Only safe when no process is writing the file.
    case immutable
  }

  /// The path of the database file, or `:memory:`.
  public let path: String
  let writer: any DatabaseWriter
  /// What SQLite opens for a second connection: the path, or an immutable copy's URI.
  var connectionPath: String = ""

  init(path: String, writer: any DatabaseWriter, connectionPath: String? = nil) {
    self.path = path
    self.writer = writer
    self.connectionPath = connectionPath ?? path
  }

  /// The URI SQLite opens a file by without locks or side files (SQLite's `immutable=1`).
  static func immutableURI(_ path: String) -> String {
    URL(fileURLWithPath: path).absoluteString + "?immutable=1"
  }

  /// Opens an existing store.
  public static func open(at path: String, access: Access) throws(StoreError) -> EventStore {
    guard FileManager.default.fileExists(atPath: path) else { throw .missing(path: path) }
    return try connect(path: path, access: access, create: false)
  }

  /// Creates a new, empty store; the file must not exist yet.
  ///
  /// The new store uses a rollback journal until it is next opened for writing, so that once
  /// `close()` returns, the whole store is in its one file and can be moved into place.
  public static func create(at path: String) throws(StoreError) -> EventStore {
    try connect(path: path, access: .readWrite, create: true)
  }

  /// A store held in memory, for tests.
  public static func inMemory() throws(StoreError) -> EventStore {
    do {
      let queue = try DatabaseQueue(configuration: configuration(readOnly: false))
      try Schema.migrator.migrate(queue)
      try queue.write { db in try Schema.rebuildIfMarked(db) }
      return EventStore(path: ":memory:", writer: queue)
    } catch {
      throw StoreError(error, path: ":memory:")
    }
  }

  private static func connect(path: String, access: Access, create: Bool) throws(StoreError)
    -> EventStore
  {
    do {
      let readOnly = access != .readWrite
      let opened = access == .immutable ? immutableURI(path) : path
      if !readOnly && !create {
        // Opening for writing switches the file to WAL, which rewrites its header: look first,
        // read-only, so that a file that is not our store is left exactly as it was.
        let look = try DatabaseQueue(path: path, configuration: configuration(readOnly: true))
        _ = try look.read { db in try String.fetchOne(db, sql: "SELECT name FROM sqlite_master LIMIT 1") }
        do {
          try EventStore(path: path, writer: look).checkSchema(create: false, readOnly: true)
        } catch StoreError.olderSchema {
          // Ours, from an earlier version: opening it for writing upgrades it below.
        }
        try look.close()
      }
      let writer: any DatabaseWriter =
        readOnly || create
        ? try DatabaseQueue(path: opened, configuration: configuration(readOnly: readOnly))
        : try DatabasePool(path: path, configuration: configuration(readOnly: false))
      // Touch the file now, so that "not a database" is reported here and not mid-command.
      _ = try writer.read { db in try String.fetchOne(db, sql: "SELECT name FROM sqlite_master LIMIT 1") }
      let store = EventStore(path: path, writer: writer, connectionPath: opened)
      try store.checkSchema(create: create, readOnly: readOnly)
      if !readOnly {
        // Set after opening: WAL mode resets a value set earlier (design.md, measured facts).
        try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
      }
      return store
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(error, path: path)
    }
  }

  private func checkSchema(create: Bool, readOnly: Bool) throws {
    let migrator = Schema.migrator
    let state = try writer.read { db in
      (
        superseded: try migrator.hasBeenSuperseded(db),
        complete: try migrator.hasCompletedMigrations(db),
        marked: try db.tableExists(Schema.rebuildMark),
        tables: try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
      )
    }
    if state.superseded { throw StoreError.newerSchema(path: path) }
    if state.complete && !state.marked { return }
    let applied = try writer.read { db in try migrator.appliedIdentifiers(db) }
    if !applied.isEmpty {
      // A store made by an earlier iicsa: its log is kept, its projections are brought up to date.
      if readOnly { throw StoreError.olderSchema(path: path) }
      try migrator.migrate(writer)
      try writer.write { db in try Schema.rebuildIfMarked(db) }
      return
    }
    // An existing file that is not a store is someone else's (or a mistake): never migrate it.
    if !create {
      throw state.tables > 0 ? StoreError.notAStore(path: path) : StoreError.emptyFile(path: path)
    }
    try migrator.migrate(writer)
    try writer.write { db in try Schema.rebuildIfMarked(db) }
  }

  static func configuration(readOnly: Bool) -> Configuration {
    var config = Configuration()
    config.readonly = readOnly
    config.foreignKeysEnabled = true
    // A concurrent writer waits for the lock instead of failing at once.
    config.busyMode = .timeout(15)
    config.label = "iicsa"
    return config
  }
}

extension StoreError {
  init(_ error: any Error, path: String) {
    if let error = error as? StoreError {
      self = error
      return
    }
    if let violation = error as? RuleViolation {
      self = .rule(violation)
      return
    }
    guard let error = error as? DatabaseError else {
      self = .database(engine: "SQLite", path: path, detail: String(describing: error))
      return
    }
    switch error.resultCode {
    case .SQLITE_NOTADB: self = .notADatabase(path: path)
    case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path)
    case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM:
      self = .readOnly(path: path, detail: error.message ?? "permission denied")
    default: self = .database(engine: "SQLite", path: path, detail: error.message ?? "\(error.resultCode)")
    }
  }
}

extension EventStore {
  /// Closes the connections, checkpointing the write-ahead log into the database file.
  public func close() throws(StoreError) {
    do {
      if let pool = writer as? DatabasePool {
        try pool.close()
      } else if let queue = writer as? DatabaseQueue {
        try queue.close()
      }
    } catch {
      throw StoreError(error, path: path)
    }
  }
}
