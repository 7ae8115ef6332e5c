// Built with the PostgreSQL trait (on by default; Package.swift).
#if PostgreSQL
import Foundation
import IICSADomain
import IICSALog
import IICSAStore

/// A copy of a PostgreSQL store's log in a local SQLite file, with SQLite's projections: what
/// reads and the rules' check answer from, so that they cost what they cost on SQLite (flat with
/// the log's length) instead of a replay of the whole log on every command.
///
/// The log on the server is the record; the replica is derived from it and disposable. It is
/// brought up to the server's head before it is used: the events it lacks are fetched and
/// appended through the same append policy, and the chain it computes must reach the server's
/// hashes, or it is not used. It holds only events the server has committed (an append commits
/// on the server first), so a replica that no longer matches the server (a database restored
/// from a backup) is made again from scratch, as is a replica file that cannot be read.
///
/// One file per database and log, in an iicsa folder of the user's cache, named by a digest of
/// the server, port, database and first event's hash: a database dropped and made again has a
/// new first event, and so a new file.
struct PostgresReplica {
  let store: EventStore

  /// Where replicas go: `IICSA_CACHE_DIR` if set (`off`: nowhere, every read replays the log),
  /// else `$XDG_CACHE_HOME/iicsa`, else `~/.cache/iicsa`.
  static func folder(environment: [String: String], home: String) -> String? {
    if let chosen = environment["IICSA_CACHE_DIR"], !chosen.isEmpty {
      return chosen == "off" ? nil : chosen
    }
    if let cache = environment["XDG_CACHE_HOME"], cache.hasPrefix("/") { return cache + "/iicsa" }
    return home.isEmpty ? nil : home + "/.cache/iicsa"
  }

  /// The file for `location`'s log, whose first event has hash `first`.
  static func path(in folder: String, for location: PostgresLocation, first: String) -> String {
    let key = Digest.sha256Hex(Array("\(location.host)\u{0}\(location.port)\u{0}\(location.database)\u{0}\(first)".utf8))
    let name = String(location.database.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? Character($0) : "_" }.prefix(40))
    return "\(folder)/postgres-\(name)-\(key.prefix(24)).sqlite"
  }

  /// Opens the replica at `path`, making an empty one if there is none (or the one there is
  /// not readable as a store of this iicsa's). Anything at `path` that is not a regular file with
  /// that one name (a link, a folder, a hard link) is never opened, written or removed: the
  /// command then reads the server.
  static func open(at path: String) throws -> PostgresReplica {
    let folder = (path as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    if let problem = notTheReplicasOwnFile(path) { throw StoreError.readOnly(path: path, detail: problem) }
    do {
      return PostgresReplica(store: try EventStore.open(at: path, access: .readWrite))
    } catch .missing {
      return PostgresReplica(store: try create(at: path))
    } catch {
      guard isDamage(error) else { throw error }
      discard(at: path)
      return PostgresReplica(store: try create(at: path))
    }
  }

  /// Whether `error` says a replica's file is damaged, not a store, or another iicsa's, rather
  /// than that it is busy or cannot be written: such a file is made again.
  static func isDamage(_ error: StoreError) -> Bool {
    switch error {
    case .database(let engine, _, _): engine == "SQLite"
    case .damaged, .notADatabase, .notAStore, .emptyFile, .newerSchema: true
    default: false
    }
  }

  /// Makes an empty store in place (`StoreFile`, which removes only what it made): another iicsa
  /// making the same replica at once keeps its file, and this one opens it.
  private static func create(at path: String) throws -> EventStore {
    do {
      _ = try StoreFile.build(at: path) { _ in .empty }
    } catch let refusal as StoreFile.Refusal {
      throw StoreError.readOnly(path: path, detail: "\(refusal)")
    }
    return try EventStore.open(at: path, access: .readWrite)
  }

  /// Removes a replica's files: named by iicsa's digest, in the replica folder, and holding
  /// nothing the server does not. Only regular files with no other name: a link, a folder or a
  /// hard link at one of the names is left as it is.
  static func discard(at path: String) {
    for name in ["", "-wal", "-shm"].map({ path + $0 }) where notTheReplicasOwnFile(name) == nil {
      try? FileManager.default.removeItem(atPath: name)
    }
  }

  /// Why `path` is not a replica's own file (not following a link): not a regular file, or a
  /// regular file with another name too (a hard link, which may be a user's store: opening it
  /// would write to it). Nil when it is one, or is absent. A replica iicsa made has one name:
  /// `StoreFile` removes its temporary name once the store is in place.
  private static func notTheReplicasOwnFile(_ path: String) -> String? {
    var info = stat()
    guard lstat(path, &info) == 0 else { return nil }
    guard (info.st_mode & S_IFMT) == S_IFREG else { return "it is not a regular file (a link or a folder), and is left as it is" }
    return info.st_nlink > 1 ? "it has another name too (a hard link), so it may be someone's own file, and is left as it is" : nil
  }

  /// What `catchUp` found.
  enum CatchUp {
    /// The replica holds the server's log through its head (or through a later head of the
    /// same log, which another iicsa on this machine fetched meanwhile).
    case current
    /// The replica holds events the server does not: it must be made again.
    case diverged
  }

  /// Brings the replica up to `head`, the server's head as the caller sees it.
  /// - Parameter hash: the server's hash of the event at a sequence (nil: none), as committed
  ///   when asked: a replica ahead of `head` is current if the server has its head by then.
  /// - Parameter events: the server's events after a sequence, through another.
  func catchUp(
    to head: LogHead, hash: (Int) throws -> String?, events: (_ after: Int, _ through: Int) throws -> [StoredEvent]
  ) throws -> CatchUp {
    // Another iicsa on this machine may be fetching the same events: its append moves the
    // replica's head, and this one looks again.
    for _ in 0..<3 {
      let mine = try store.head()
      if mine.length >= head.length {
        let same = mine.length == head.length ? mine.head == head.head : try hash(mine.length) == mine.head
        return same ? .current : .diverged
      }
      if mine.length > 0, try hash(mine.length) != mine.head { return .diverged }
      let missing = try events(mine.length, head.length)
      guard missing.last?.sequence == head.length else { return .diverged }
      if let done = try append(missing, after: mine) { return done }
    }
    throw StoreError.busy(path: store.path)
  }

  /// Appends the server's `missing` events after `mine`; nil when another process moved the
  /// replica's head first.
  private func append(_ missing: [StoredEvent], after mine: LogHead) throws -> CatchUp? {
    var new: [NewEvent] = []
    new.reserveCapacity(missing.count)
    for stored in missing {
      let event = try AppendPolicy.event(from: stored)
      new.append(NewEvent(id: event.id, recordedAt: event.recordedAt, payload: event.payload))
    }
    let latest = new.compactMap(\.recordedAt).max() ?? .current
    let expected = missing.map(\.hash)
    do {
      _ = try store.append(new, expecting: mine, now: max(.current, latest), restampingEarlier: false) { _, written in
        // The same payloads, times and order give the same chain; anything else is not this log.
        guard written.map(\.hash) == expected else {
          throw StoreError.damaged(sequence: mine.length + 1, detail: "the replica's chain does not reach the server's")
        }
      }
      return .current
    } catch {
      switch error {
      case .headMoved: return nil
      // The replica's file no longer replays, or it is not this log: made again from the server.
      case .damaged: return .diverged
      default: throw error
      }
    }
  }
}
#endif
