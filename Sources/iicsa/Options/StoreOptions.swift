import ArgumentParser
import Foundation
import IICSADomain
import IICSAFixtures
import IICSALog
import IICSAPostgres
import IICSAReports
import IICSAStore

/// `--db PATH`: which store to use, and opening it (creating it with the bundled record on first
/// use).
struct StoreOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The store: an SQLite file, or a PostgreSQL database shared by a team "
        + "(postgres://USER@HOST:5432/DATABASE, the password from PGPASSWORD or ~/.pgpass). Default: $IICSA_DB, "
        + "else $XDG_DATA_HOME/iicsa/tracker.sqlite (~/.local/share/iicsa/tracker.sqlite).", valueName: "path or URL"))
  var db: String?

  /// The path used: the flag, the environment, or the user's data folder.
  var path: String {
    if let db { return db }
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["IICSA_DB"], !path.isEmpty { return path }
    let data =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (Paths.home + "/.local/share")
    return data + "/iicsa/tracker.sqlite"
  }

  /// The store's file; nil for a store on a PostgreSQL server.
  var file: String? {
    let path = self.path
    return PostgresLocation.isPostgres(path) ? nil : path
  }

  /// The PostgreSQL store named, if `path` is a `postgres://` URL.
  var postgres: PostgresLocation? {
    get throws {
      let path = self.path
      guard PostgresLocation.isPostgres(path) else { return nil }
      do {
        return try PostgresLocation(url: path, home: Paths.home)
      } catch {
        throw CommandError(error.description)
      }
    }
  }

  /// Opens the store read-only and builds a report from one snapshot of it, as known at
  /// `knownAt` (nil: now): the report and the head it prints come from one read transaction.
  func report<T>(knownAt: KnownAtOptions, _ build: (any RecordSnapshot) throws -> T) throws -> T {
    let log = try open(.readOnly)
    return try log.snapshot(knownAt: try knownAt.resolve(in: log), build)
  }

  /// Opens the store; if none exists yet, creates it and loads the bundled record first.
  func open(_ access: EventStore.Access) throws -> any EventLog {
    if let location = try postgres { return try PostgresRecord.open(location, access: access) }
    let path = self.path
    try StorePaths.checkKind(path)
    if !FileManager.default.fileExists(atPath: path) {
      // A published copy is checked as found, never made.
      if access == .immutable { throw CommandError("\(path) does not exist. Name the published store file with --db.") }
      let head = try BundledRecord.createStore(at: path)
      FileHandle.standardError.write(
        Data("Created \(path) with the bundled record (\(head.length) events).\n".utf8))
    }
    // Read as immutable, SQLite ignores the write-ahead log: a -wal file holding data means events
    // not yet in the main file, which such a read would silently miss.
    if access == .immutable, let size = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? Int,
      size > 0
    {
      throw CommandError(
        "\(path)-wal holds \(size) bytes not yet in \(path): the store is being written, or was copied without "
          + "being closed. Verify it without --immutable, or copy it again once no process has it open.")
    }
    do {
      // `EventStore.open` checks a file read-only before opening it for writing, so a file it
      // refuses is left exactly as it was.
      let store = try EventStore.open(at: path, access: access)
      if access != .readWrite { BundledRecord.noticeIfBehind(store) }
      return store
    } catch .olderSchema where access == .readOnly {
      try upgrade(path)
      let store = try EventStore.open(at: path, access: access)
      BundledRecord.noticeIfBehind(store)
      return store
    } catch {
      guard case .readOnly(_, let detail) = error else { throw error }
      throw CommandError(StorePaths.cannotWrite(path, detail: detail))
    }
  }

  /// Upgrades a store made by an earlier iicsa before it is read, as opening it for writing
  /// does: its projections are rebuilt from the log, which is kept byte for byte. Said on
  /// stderr, in one line, so a read command's output is unchanged. A published copy read with
  /// `--immutable` is never written, so there the refusal stands.
  private func upgrade(_ path: String) throws {
    do {
      try EventStore.open(at: path, access: .readWrite).close()
    } catch {
      guard case .readOnly(_, let detail) = error else { throw error }
      throw CommandError(
        "\(path) was made by an earlier version of iicsa and must be upgraded once (its projections rebuilt from "
          + "the log), but it cannot be written (\(detail)). Copy it somewhere writable and read the copy; nothing was changed.")
    }
    FileHandle.standardError.write(
      Data("Upgraded \(path), made by an earlier iicsa: its projections were rebuilt from the log, which is as it was.\n".utf8))
  }
}

/// Messages about where a store lives, naming what is in the way and what to do.
enum StorePaths {
  /// Refuses an empty path and anything but a regular file (a link is followed) before SQLite
  /// opens it: a FIFO would block every command forever, and a device is nobody's store.
  static func checkKind(_ path: String) throws {
    if path.allSatisfy(\.isWhitespace) {
      throw CommandError(
        "--db is empty (an unset shell variable?). Name the store file, e.g. --db tracker.sqlite, or leave --db out "
          + "for the default store; nothing was changed.")
    }
    try Paths.refuseQuotedTilde(path, option: "--db")
    var info = stat()
    guard stat(path, &info) == 0 else { return }
    let kind: String
    switch info.st_mode & S_IFMT {
    case S_IFREG: return
    case S_IFDIR:
      throw CommandError(
        "\(path) is a folder, not a store file. Name a file with --db, e.g. "
          + "\(Paths.join(path, "tracker.sqlite")); nothing was changed.")
    case S_IFIFO: kind = "a FIFO (named pipe)"
    case S_IFCHR, S_IFBLK: kind = "a device"
    case S_IFSOCK: kind = "a socket"
    default: kind = "not a regular file"
    }
    throw CommandError(
      "\(path) is \(kind), not a store file. Name the store file with --db (a file made by iicsa, or a new name "
        + "for a new store); nothing was read or changed.")
  }


  /// Why a store cannot be written: the file, or its folder (SQLite keeps its `-wal` and `-shm`
  /// files beside the store, so a writable file in a read-only folder cannot be written either).
  static func cannotWrite(_ path: String, detail: String) -> String {
    let files = FileManager.default
    let folder = Paths.folder(of: path)
    if files.fileExists(atPath: path), !files.isWritableFile(atPath: path) {
      return "Cannot write to \(path): the file is read-only (\(detail)). Check its permissions "
        + "(and `lsattr` for the immutable flag); nothing was changed."
    }
    if !files.isWritableFile(atPath: folder) {
      return "Cannot write to \(path): its folder \(folder) cannot be written (\(detail)), and "
        + "SQLite keeps its -wal and -shm files beside the store. Check the folder's permissions, "
        + "or copy the store to a folder you can write; nothing was changed."
    }
    return StoreError.readOnly(path: path, detail: detail).description
  }

  /// Why the folder for a new store cannot be made: a file in the way, or permissions.
  static func cannotCreateFolder(_ folder: String) -> String {
    var ancestor = folder
    var isFolder: ObjCBool = false
    while !ancestor.isEmpty, ancestor != "/", ancestor != "." {
      if FileManager.default.fileExists(atPath: ancestor, isDirectory: &isFolder) {
        if !isFolder.boolValue {
          return "Cannot create the folder \(folder) for the store: \(ancestor) is a file, not a "
            + "folder. Check the --db path; nothing was changed."
        }
        break
      }
      ancestor = Paths.parent(ancestor)
    }
    return "Cannot create the folder \(folder) for the store: permission denied or the disk is "
      + "read-only. Check the --db path and its permissions; nothing was changed."
  }
}

/// The record that ships with iicsa, in `Fixtures/`.
enum BundledRecord {
  /// Every file of the bundled record: catalogues, statements, corrections and sweeps.
  static func paths() throws -> [String] {
    guard let folders = FixtureFiles.recordFolderURLs else {
      throw InputError(file: "Fixtures", message: "the bundled record is missing from this build", hint: "Rebuild iicsa with `swift build`.")
    }
    var paths: [String] = []
    for folder in folders { paths += try RecordFiles.paths(in: folder.path) }
    return paths
  }

  /// Says on stderr, in one line, when `store` holds part of the bundled record but not all of it
  /// (it was made by an earlier release): never in a command's output, so scripts and exports are
  /// unchanged. A store holding none of it (made with `init --empty`) is left alone.
  ///
  /// The ids are compiled in (`BundledEvents`), so the check reads no file: one query.
  static func noticeIfBehind(_ store: any EventLog) {
    let ids = BundledEvents.ids.compactMap { EventID($0) }
    guard let held = try? store.countOfIDs(ids), held > 0, held < ids.count else { return }
    FileHandle.standardError.write(
      Data(
        ("Note: this store lacks \(ids.count - held) of the \(ids.count) events of the record bundled "
          + "with iicsa \(BundledEvents.version) (new statements, corrections or sweeps). Run `iicsa import --bundled` to add them.\n").utf8))
  }

  /// Why the bundled record cannot enter a store, said as what it is: a clash with what the
  /// store already holds (the user's own entries), to be fixed there, since the bundled files
  /// are published history that nobody edits.
  static func clash(_ error: StoreError) -> String {
    "The record bundled with iicsa \(BundledEvents.version) cannot be imported into this store, because of what the store "
      + "already holds: \(error)\nThe bundled files are published history and cannot be changed. Find your own entry "
      + "that clashes (`iicsa show RECOMMENDATION` lists the history; a clashing id is one you gave your own "
      + "statement), retract or replace it with `iicsa correct ID --reason …`, then run `iicsa import --bundled` "
      + "again.\nNothing was recorded."
  }

  /// The bundled record's events, in the order its files give them.
  static func events() throws -> [NewEvent] {
    try RecordFiles.read(try paths()).events()
  }

  /// Creates a store holding the bundled record, atomically (`NewStoreFile`): a crash never
  /// leaves a half-loaded store behind.
  static func createStore(at path: String, empty: Bool = false) throws -> LogHead {
    let folder = Paths.parent(path)
    if !folder.isEmpty {
      do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      } catch {
        throw CommandError(StorePaths.cannotCreateFolder(folder))
      }
    }
    let built = try NewStoreFile.build(at: path) { store in
      guard !empty else { return .empty }
      let files = try RecordFiles.read(try paths())
      do {
        return try store.append(files.events(), expecting: nil, now: .current).head
      } catch let error as StoreError {
        throw files.locate(error)
      }
    }
    // Another process made the store meanwhile: its head, and this build is dropped.
    guard let built else { return try EventStore.open(at: path, access: .readOnly).head() }
    return built
  }
}

/// The current time, read once per command: renderers never read the clock.
enum Clock {
  static func now() -> Timestamp {
    Timestamp.current
  }
}

/// `--source`: only the recommendations of one report.
struct SourceOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Only recommendations from this source, e.g. iicsa-2022.", valueName: "source"))
  var source: SourceID?
}
