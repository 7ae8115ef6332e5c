import Foundation
public import IICSADomain
import IICSALog

/// A new store file, built whole under a temporary name beside its final one and then put in
/// place, so that a crash never leaves a half-written store at the final name. What `init`, a
/// first use, `copy` and a PostgreSQL store's local replica all build a file with.
///
/// The temporary name is claimed with `O_EXCL` and refused if SQLite's `-wal` or `-shm` for it
/// is already there, so the files this removes afterwards are always the ones it made: never a
/// user's file, folder or link that happens to carry that name.
public enum StoreFile {
  /// Why a store file could not be built; nothing was left behind.
  public enum Refusal: Error, Sendable, Equatable {
    /// Something not made here is at the temporary name (or its `-wal` or `-shm`).
    case inTheWay(String)
    /// The folder cannot be written.
    case cannotWrite(detail: String)
    /// The finished store could not be put at its name.
    case cannotPlace(detail: String)
  }

  /// Builds a store at `path` with `fill`, which appends to the new, empty store and returns
  /// its head. Returns nil, building nothing in place, when a file appeared at `path` meanwhile
  /// (it is never replaced).
  /// - Parameter temporary: the name to build under; a fresh one beside `path` by default.
  public static func build(at path: String, temporary: String? = nil, _ fill: (EventStore) throws -> LogHead) throws
    -> LogHead?
  {
    let temporary = temporary ?? path + ".new-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))"
    try claim(temporary)
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) } }
    let store: EventStore
    do {
      store = try EventStore.create(at: temporary)
    } catch {
      guard case .readOnly(_, let detail) = error else { throw error }
      throw Refusal.cannotWrite(detail: detail)
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
      throw Refusal.cannotPlace(detail: String(cString: strerror(errno)))
    }
    return head
  }

  /// Makes `temporary` as a new, empty file, refusing anything already at its name or at its
  /// `-wal` and `-shm` names (SQLite would read a `-wal` it found there as part of the store).
  private static func claim(_ temporary: String) throws(Refusal) {
    for suffix in ["-wal", "-shm"] {
      var info = stat()
      if lstat(temporary + suffix, &info) == 0 { throw .inTheWay(temporary + suffix) }
    }
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      let reason = errno
      if reason == EEXIST { throw .inTheWay(temporary) }
      throw .cannotWrite(detail: String(cString: strerror(reason)))
    }
    close(descriptor)
  }
}
