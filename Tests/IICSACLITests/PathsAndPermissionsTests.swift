import Foundation
import GRDB
import Testing

/// Stores that cannot be used as asked: each gets a clear message and a non-zero exit, and the
/// file is left exactly as it was.
@Suite struct PathsAndPermissionsTests {
  /// Tests run as root here, so `chmod` does not stop writes; the immutable flag does, on file
  /// systems that support it.
  static let immutableWorks: Bool = {
    let probe = NSTemporaryDirectory() + "iicsa-chattr-probe-" + UUID().uuidString
    FileManager.default.createFile(atPath: probe, contents: Data("x".utf8))
    defer {
      _ = try? shell("/usr/bin/chattr", ["-i", probe])
      try? FileManager.default.removeItem(atPath: probe)
    }
    guard (try? shell("/usr/bin/chattr", ["+i", probe])) == 0 else { return false }
    return !FileManager.default.isWritableFile(atPath: probe)
  }()

  static func shell(_ tool: String, _ arguments: [String]) throws -> Int32 {
    guard FileManager.default.isExecutableFile(atPath: tool) else { return -1 }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }

  static func statement(in folder: String) throws -> String {
    let path = folder + "/ok.yaml"
    let text = ScratchStore.statement(
      id: "paths-ok", date: "2023-02-01", recommendation: 1, step: 0)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  static func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }

  @Test(
    .enabled(if: immutableWorks, "chattr +i is not available or not enforced on this file system"))
  func aReadOnlyStoreFileIsReadButNotWritten() throws {
    let store = try ScratchStore()
    let file = try Self.statement(in: store.folder)
    #expect(try Self.shell("/usr/bin/chattr", ["+i", store.path]) == 0)
    defer { _ = try? Self.shell("/usr/bin/chattr", ["-i", store.path]) }
    let before = Self.bytes(store.path)
    let record = try Child.run(["record", "--db", store.path, file], folder: store.folder)
    #expect(record.status == 1 && !record.signalled)
    #expect(
      record.stderr.contains("Cannot write to \(store.path): the file is read-only"),
      "\(record.stderr)")
    #expect(record.stderr.contains("nothing was changed"))
    #expect(Self.bytes(store.path) == before)
    let status = try Child.run(
      ["status", "--format", "json", "--db", store.path], folder: store.folder)
    #expect(status.status == 0, "reading a read-only store: \(status.stderr)")
  }

  @Test(
    .enabled(if: immutableWorks, "chattr +i is not available or not enforced on this file system"))
  func aReadOnlyFolderIsNamed() throws {
    let store = try ScratchStore()
    let file = try Self.statement(in: NSTemporaryDirectory())
    let folder = store.folder + "/locked"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try ScratchStore.copy(store.path, to: folder + "/store.sqlite")
    #expect(try Self.shell("/usr/bin/chattr", ["+i", folder]) == 0)
    defer { _ = try? Self.shell("/usr/bin/chattr", ["-i", folder]) }
    let before = Self.bytes(folder + "/store.sqlite")
    let record = try Child.run(
      ["record", "--db", folder + "/store.sqlite", file], folder: store.folder)
    #expect(record.status == 1 && !record.signalled)
    #expect(record.stderr.contains("its folder \(folder) cannot be written"), "\(record.stderr)")
    #expect(Self.bytes(folder + "/store.sqlite") == before)
    let create = try Child.run(["init", "--db", folder + "/new.sqlite"], folder: store.folder)
    #expect(create.status == 1 && !create.signalled)
    #expect(create.stderr.contains("Cannot create a store in \(folder)"), "\(create.stderr)")
    #expect(!create.stderr.contains(".new-"), "the temporary name leaks: \(create.stderr)")
  }

  @Test func aMissingFolderIsCreatedAndAFileInTheWayIsNamed() throws {
    let store = try ScratchStore()
    let deep = store.folder + "/a/b/c/store.sqlite"
    let created = try Child.run(["init", "--empty", "--db", deep], folder: store.folder)
    #expect(created.status == 0, "\(created.stderr)")
    let blocker = store.folder + "/plain.txt"
    try Data("text".utf8).write(to: URL(fileURLWithPath: blocker))
    let blocked = try Child.run(
      ["status", "--db", blocker + "/sub/store.sqlite"], folder: store.folder)
    #expect(blocked.status == 1 && !blocked.signalled)
    #expect(blocked.stderr.contains("\(blocker) is a file, not a folder"), "\(blocked.stderr)")
    #expect(!blocked.stderr.contains("NSCocoaErrorDomain"))
    let folderAsStore = try Child.run(["status", "--db", store.folder], folder: store.folder)
    #expect(folderAsStore.status == 1)
    #expect(
      folderAsStore.stderr.contains("is a folder, not a store file"), "\(folderAsStore.stderr)")
  }

  @Test func filesThatAreNotStoresAreNamedAndLeftAlone() throws {
    let store = try ScratchStore()
    let file = try Self.statement(in: store.folder)
    let text = store.folder + "/text.sqlite"
    try Data(String(repeating: "not a database, just some text. ", count: 20).utf8)
      .write(to: URL(fileURLWithPath: text))
    let empty = store.folder + "/empty.sqlite"
    FileManager.default.createFile(atPath: empty, contents: Data())
    let other = store.folder + "/other.sqlite"
    let queue = try DatabaseQueue(path: other)
    try queue.write { try $0.execute(sql: "CREATE TABLE t (x); INSERT INTO t VALUES (1)") }
    try queue.close()
    let newer = store.folder + "/newer.sqlite"
    try ScratchStore.copy(store.path, to: newer)
    let future = try DatabaseQueue(path: newer)
    try future.write { try $0.execute(sql: "INSERT INTO grdb_migrations VALUES ('v99-future')") }
    try future.close()
    let cases = [
      (text, "is not an iicsa store (it is not an SQLite database)"),
      (empty, "is an empty file"),
      (other, "is an SQLite database but not an iicsa store"),
      (newer, "was written by a newer version of iicsa"),
    ]
    for (path, message) in cases {
      let before = Self.bytes(path)
      for arguments in [["status"], ["record", file], ["verify"], ["rebuild"]] {
        let result = try Child.run(arguments + ["--db", path], folder: store.folder)
        #expect(result.status != 0 && !result.signalled, "\(path) \(arguments)")
        #expect(result.stderr.contains(path) && result.stderr.contains(message), "\(result.stderr)")
      }
      #expect(Self.bytes(path) == before, "\(path) was changed")
    }
  }
}
