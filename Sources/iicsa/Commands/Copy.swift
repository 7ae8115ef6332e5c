import ArgumentParser
import Foundation
import IICSADomain
import IICSALog
import IICSAPostgres
import IICSAStore

extension IICSA {
  /// Moves a record between engines: an SQLite file to a team's PostgreSQL database, and back.
  struct Copy: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Copy a store to another engine (an SQLite file or a PostgreSQL database): the same events, the same head.",
      discussion: """
        The copy holds every event of --from with its sequence, recording time and bytes, so its head is the \
        same and `iicsa verify` passes on both. The target must be new or empty: a store holding events is \
        refused. The copy is one transaction (a new SQLite file is written under a temporary name and moved \
        into place), so a failure leaves the target as it was.
        """)

    @Option(help: ArgumentHelp("The store to copy: a file, or postgres://USER@HOST:5432/DATABASE.", valueName: "path or URL"))
    var from: String

    @Option(help: ArgumentHelp("Where to copy it: a new file, or a database with no events.", valueName: "path or URL"))
    var to: String

    func run() throws {
      if from == to { throw CommandError("--from and --to are both \(from): name another target; nothing was changed.") }
      let source = try Self.openSource(from)
      // The head first, then the log cut at it: editors may append to a live source meanwhile,
      // and the log only grows, so its first `head.length` events are the ones that head names.
      let head = try source.head()
      let events = Array(try source.events(knownAt: nil).prefix(head.length))
      try source.close()
      // Re-encoded events must chain to the source's head before anything is written: a copy
      // that would differ by one byte is refused, not discovered afterwards.
      var chained = LogHead.empty
      for event in events {
        chained = LogHead(length: event.sequence, head: try AppendPolicy.stored(event, after: chained).hash)
      }
      guard chained == head else {
        throw CommandError(
          "\(source.path) does not re-encode to its own head (\(chained.head) against \(head.head)): run `iicsa verify --db "
            + "\(source.path)`; nothing was copied.")
      }
      let new = events.map { NewEvent(id: $0.id, recordedAt: $0.recordedAt, payload: $0.payload) }
      let copied = try Self.write(new, to: to)
      guard copied == head else {
        throw CommandError("The copy's head \(copied.head) is not the source's \(head.head): run `iicsa verify --db \(to)`.")
      }
      print("Copied \(head.length) events from \(source.path) to \(Self.name(to)): head \(head.head.isEmpty ? "(empty)" : head.head).")
    }

    private static func name(_ target: String) -> String {
      (try? PostgresLocation(url: target, home: Paths.home).description) ?? target
    }

    private static func location(_ text: String) throws -> PostgresLocation? {
      guard PostgresLocation.isPostgres(text) else { return nil }
      do {
        return try PostgresLocation(url: text, home: Paths.home)
      } catch {
        throw CommandError(error.description)
      }
    }

    private static func openSource(_ from: String) throws -> any EventLog {
      if let location = try location(from) {
        #if PostgreSQL
          return try PostgresStore.open(location, readOnly: true, replicas: nil)
        #else
          _ = location
          throw CommandError(PostgresBuild.missing)
        #endif
      }
      try StorePaths.checkKind(from)
      return try EventStore.open(at: from, access: .readOnly)
    }

    /// Appends `events` to the new or empty store at `target`, in one transaction.
    private static func write(_ events: [NewEvent], to target: String) throws -> LogHead {
      if let location = try location(target) {
        #if PostgreSQL
          if let head = try PostgresStore.create(location, with: events, now: Clock.now()) { return head }
          let store = try PostgresStore.open(location, readOnly: false, replicas: nil)
          defer { try? store.close() }
          return try append(events, to: store)
        #else
          _ = location
          throw CommandError(PostgresBuild.missing)
        #endif
      }
      try StorePaths.checkKind(target)
      try Paths.refuseQuotedTilde(target, option: "--to")
      if FileManager.default.fileExists(atPath: target) {
        // Looked at read-only first: opening for writing switches the file to WAL, and a store
        // that is refused must be left byte for byte as it was.
        let look = try EventStore.open(at: target, access: .readOnly)
        let held = try look.head()
        try look.close()
        try refuseHolding(held, at: target)
        let store = try EventStore.open(at: target, access: .readWrite)
        defer { try? store.close() }
        return try append(events, to: store)
      }
      // A new file: built under a temporary name beside it and put in place once closed.
      let folder = Paths.parent(target)
      if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
        throw CommandError("The folder \(folder) for \(target) does not exist; create it first. Nothing was copied.")
      }
      let built = try NewStoreFile.build(at: target) { store in
        try store.append(events, expecting: .empty, now: Clock.now(), restampingEarlier: false).head
      }
      guard let built else {
        throw CommandError("\(target) appeared while the copy was made; it was left as it is, and nothing was copied.")
      }
      return built
    }

    private static func append(_ events: [NewEvent], to store: any EventLog) throws -> LogHead {
      try refuseHolding(try store.head(), at: store.path)
      return try store.append(events, expecting: .empty, now: Clock.now(), restampingEarlier: false).head
    }

    /// A copy never merges two records: a target holding events is refused.
    private static func refuseHolding(_ head: LogHead, at target: String) throws {
      guard head.length == 0 else {
        throw CommandError(
          "\(target) already holds \(head.length) events: copy into a new file or an empty database; nothing was changed.")
      }
    }
  }
}
