import Foundation
import IICSADomain
import IICSALog
import IICSAStore

/// A new store file, built whole under a temporary name beside its final one and then put in
/// place, so that a crash never leaves a half-written store at the name the user gave.
///
/// The temporary name is claimed with `O_EXCL` and refused if SQLite's `-wal` or `-shm` for it
/// is already there, so the files this removes afterwards are always the ones it made: never a
/// user's file, folder or link that happens to carry that name.
enum NewStoreFile {
  /// Builds a store at `path` with `fill`, which appends to the new, empty store and returns
  /// its head. Returns nil, building nothing in place, when a file appeared at `path` meanwhile
  /// (it is never replaced).
  /// - Parameter temporary: the name to build under; a fresh one beside `path` by default.
  static func build(at path: String, temporary: String? = nil, _ fill: (EventStore) throws -> LogHead) throws
    -> LogHead?
  {
    let temporary = temporary ?? path + ".new-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    try claim(temporary, for: path)
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) } }
    let store: EventStore
    do {
      store = try EventStore.create(at: temporary)
    } catch {
      guard case .readOnly(_, let detail) = error else { throw error }
      throw cannotWrite(path, detail: detail)
    }
    let head: LogHead
    do {
      head = try fill(store)
      try store.close()
    } catch {
      try? store.close()
      throw error
    }
    // A hard link never replaces: a store another process put at `path` meanwhile is kept.
    guard link(temporary, path) == 0 else {
      if errno == EEXIST { return nil }
      throw CommandError("\(path) cannot be created (\(String(cString: strerror(errno)))). Nothing was written.")
    }
    return head
  }

  /// Makes `temporary` as a new, empty file, refusing anything already at its name or at its
  /// `-wal` and `-shm` names (SQLite would read a `-wal` it found there as part of the store).
  private static func claim(_ temporary: String, for path: String) throws {
    for suffix in ["-wal", "-shm"] {
      var info = stat()
      if lstat(temporary + suffix, &info) == 0 {
        throw CommandError(
          "\(temporary + suffix) is in the way of building \(path): it is not iicsa's to remove. Move it away; "
            + "nothing was changed.")
      }
    }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      let reason = errno
      if reason == EEXIST {
        throw CommandError(
          "\(temporary) is in the way of building \(path): it is not iicsa's to remove. Move it away; nothing was changed.")
      }
      throw cannotWrite(path, detail: String(cString: strerror(reason)))
    }
    close(descriptor)
  }

  private static func cannotWrite(_ path: String, detail: String) -> CommandError {
    CommandError(
      "Cannot create a store in \(Paths.folder(of: path)): the folder cannot be written (\(detail)). Check its "
        + "permissions, or choose another --db path; nothing was changed.")
  }
}
