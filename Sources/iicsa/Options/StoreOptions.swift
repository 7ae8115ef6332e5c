import ArgumentParser
import Foundation
import IICSADomain
import IICSAFixtures
import IICSAStore

/// `--db PATH`: which store to use, and opening it (creating it with the bundled record on first
/// use).
struct StoreOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The store file. Default: $IICSA_DB, else $XDG_DATA_HOME/iicsa/tracker.sqlite "
        + "(~/.local/share/iicsa/tracker.sqlite).", valueName: "path"))
  var db: String?

  /// The path used: the flag, the environment, or the user's data folder.
  var path: String {
    if let db { return db }
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["IICSA_DB"], !path.isEmpty { return path }
    let data =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (NSHomeDirectory() + "/.local/share")
    return data + "/iicsa/tracker.sqlite"
  }

  /// Opens the store; if none exists yet, creates it and loads the bundled record first.
  func open(_ access: EventStore.Access) throws -> EventStore {
    let path = self.path
    if !FileManager.default.fileExists(atPath: path) {
      let head = try BundledRecord.createStore(at: path)
      FileHandle.standardError.write(
        Data("Created \(path) with the bundled record (\(head.length) events).\n".utf8))
    }
    return try EventStore.open(at: path, access: access)
  }
}

/// The record that ships with iicsa, in `Fixtures/`.
enum BundledRecord {
  /// Every catalogue and statement file bundled.
  static func paths() throws -> [String] {
    guard let catalogues = FixtureFiles.catalogues, let statements = FixtureFiles.statements else {
      throw InputError(file: "Fixtures", message: "the bundled record is missing from this build", hint: "Rebuild iicsa with `swift build`.")
    }
    return try RecordFiles.paths(in: catalogues.path) + RecordFiles.paths(in: statements.path)
  }

  /// Creates a store holding the bundled record, atomically: it is built under a temporary name
  /// and moved into place, so a crash never leaves a half-loaded store behind.
  static func createStore(at path: String, empty: Bool = false) throws -> LogHead {
    let folder = (path as NSString).deletingLastPathComponent
    if !folder.isEmpty {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    let temporary = path + ".new-\(ProcessInfo.processInfo.processIdentifier)"
    defer { removeDatabase(at: temporary) }
    var head = LogHead.empty
    do {
      let store = try EventStore.create(at: temporary)
      if !empty {
        let files = try RecordFiles.read(try paths())
        do {
          head = try store.append(files.events()).head
        } catch {
          throw files.locate(error)
        }
      }
      try store.close()
    }
    if FileManager.default.fileExists(atPath: path) { return try EventStore.open(at: path, access: .readOnly).head() }
    try FileManager.default.moveItem(atPath: temporary, toPath: path)
    return head
  }

  private static func removeDatabase(at path: String) {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
  }
}

/// The current time, read once per command: renderers never read the clock.
enum Clock {
  static func now() -> Timestamp {
    Timestamp.current
  }
}
