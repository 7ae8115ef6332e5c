// Built with the PostgreSQL trait (on by default; Package.swift).
#if PostgreSQL
import Foundation
public import IICSADomain
public import IICSALog
public import IICSAReports
internal import IICSAStore
internal import PostgresNIO

/// The event log in a PostgreSQL database: a record a team shares.
///
/// Storage only. What makes an append valid, idempotent, ordered and chained is `AppendPolicy`'s;
/// the chain check is `ChainCheck`'s. Reads and the rules' check answer from a local replica of
/// the log with SQLite's projections (`PostgresReplica`), brought up to the server's head first,
/// so they cost what they cost on SQLite; without one (no cache folder), a read is a replay of
/// the log (`ReplayedRecord`), the oracle both are held to. Appends from many machines are
/// serialised by a transaction-level advisory lock, so the head check is exact and the chain
/// never forks.
public final class PostgresStore: EventLog, @unchecked Sendable {
  public let location: PostgresLocation
  private let session: PostgresSession
  private let lock = NSLock()
  /// The folder replicas are kept in; nil: none, every read replays the log.
  private let replicas: String?
  /// The replica in use, once opened.
  private var replica: (path: String, replica: PostgresReplica)?

  public var path: String { location.description }

  private init(location: PostgresLocation, session: PostgresSession, replicas: String? = nil) {
    self.location = location
    self.session = session
    self.replicas = replicas
  }

  /// Where replicas are kept for this environment (`IICSA_CACHE_DIR`, `XDG_CACHE_HOME`, `~/.cache`);
  /// nil when `IICSA_CACHE_DIR=off`.
  public static func replicaFolder(environment: [String: String], home: String) -> String? {
    PostgresReplica.folder(environment: environment, home: home)
  }

  /// What a database holds of iicsa's.
  public enum State: Sendable, Equatable {
    /// No iicsa tables: a store can be made here.
    case none
    /// A store at this schema version.
    case store(version: Int)
  }

  /// Connects and checks the schema: a store made by a newer iicsa is refused; one made by an
  /// earlier iicsa is upgraded when opened for writing, and refused (`olderSchema`) when opened
  /// to read, so that the command line can say it upgrades it.
  /// - Parameter replicas: the folder for the local replica (`replicaFolder`); nil: none.
  public static func open(_ location: PostgresLocation, readOnly: Bool, replicas: String?) throws(StoreError)
    -> PostgresStore
  {
    let store = PostgresStore(location: location, session: try PostgresSession.connect(location), replicas: replicas)
    switch try store.run({ try store.state() }) {
    case .none: throw .missing(path: location.description)
    case .store(let version) where version > PostgresSchema.version: throw .newerSchema(path: location.description)
    case .store(let version) where version < PostgresSchema.version:
      if readOnly { throw .olderSchema(path: location.description) }
      try store.run { try store.migrate() }
    case .store: break
    }
    return store
  }

  /// Makes the store's tables and appends `events` (the bundled record, or nothing), in one
  /// transaction: a crash leaves no store, or the whole one. Two editors doing this at once
  /// wait for each other, and the second finds the first's store. Returns nil when a store was
  /// already there.
  public static func create(_ location: PostgresLocation, with events: [NewEvent], now: Timestamp) throws(StoreError)
    -> LogHead?
  {
    let store = PostgresStore(location: location, session: try PostgresSession.connect(location))
    defer { store.session.close() }
    return try store.run {
      try store.session.transaction {
        try store.session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock))")
        guard try store.state() == .none else { return nil }
        try store.migrate(inTransaction: true)
        var write = PostgresWrite(session: store.session)
        return try AppendPolicy.append(events, expecting: .empty, now: now, restamping: false, in: &write).head
      }
    }
  }

  func state() throws -> State {
    let exists = try session.query("SELECT to_regclass('iicsa_meta') IS NOT NULL")
    guard try exists.first?.decode(Bool.self) == true else { return .none }
    let version = try session.query("SELECT value FROM iicsa_meta WHERE key = 'schema_version'")
    return .store(version: Int(try version.first?.decode(String.self) ?? "") ?? 0)
  }

  /// Runs the schema's steps the store lacks, holding the write lock.
  private func migrate(inTransaction: Bool = false) throws {
    let body = { [session] () throws -> Void in
      if !inTransaction { try session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock))") }
      // Read again under the lock: another editor's iicsa may have upgraded it meanwhile.
      let current: Int
      switch try self.state() {
      case .none: current = 0
      case .store(let version): current = version
      }
      guard current < PostgresSchema.version else { return }
      let encoding = try session.query("SHOW server_encoding").first?.decode(String.self) ?? ""
      guard encoding == "UTF8" else {
        throw StoreError.database(
          engine: "PostgreSQL", path: self.path,
          detail: "the database's encoding is \(encoding), and iicsa stores UTF-8 text; create the database with -E UTF8")
      }
      for step in PostgresSchema.migrations[current...] {
        for statement in step { try session.execute(statement) }
      }
      try session.query(
        "INSERT INTO iicsa_meta (key, value) VALUES ('schema_version', \(String(PostgresSchema.version))) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value")
      try self.grantEditors()
    }
    if inTransaction { try body() } else { try session.transaction("BEGIN", body) }
  }

  /// Gives the editors' role the log (read and append only), making the role if this user may;
  /// `iicsa init` tells a user who may not what to ask for (`editorsRoleMissing`).
  private func grantEditors() throws {
    let exists = try session.query("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = \(PostgresSchema.editorRole))")
    if try exists.first?.decode(Bool.self) != true {
      let may = try session.query("SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user")
      guard try may.first?.decode(Bool.self) == true else { return }
      // Roles belong to the whole server, and the write lock to one database: another store's
      // set-up on the same server may make the role first.
      try session.execute(
        """
        DO $$ BEGIN CREATE ROLE \(PostgresSchema.editorRole) NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$
        """)
    }
    for grant in PostgresSchema.grants { try session.execute(grant) }
  }

  /// The SQL an administrator runs when the user who made the store could not make the editors'
  /// role; nil when the role exists and may read and append to the log.
  public func editorsRoleMissing() throws(StoreError) -> String? {
    let granted = try run {
      try session.query(
        """
        SELECT CASE WHEN EXISTS (SELECT FROM pg_roles WHERE rolname = \(PostgresSchema.editorRole))
          THEN has_table_privilege(\(PostgresSchema.editorRole), 'iicsa_event', 'INSERT') ELSE false END
        """
      ).first?.decode(Bool.self) ?? false
    }
    guard !granted else { return nil }
    return (["CREATE ROLE \(PostgresSchema.editorRole) NOLOGIN"] + PostgresSchema.grants.dropFirst()).joined(separator: "; ") + ";"
  }

  /// Runs `body`, one command at a time on the one connection, turning any error into a
  /// `StoreError`.
  private func run<T>(_ body: () throws -> T) throws(StoreError) -> T {
    lock.lock()
    defer { lock.unlock() }
    do {
      return try body()
    } catch let error as StoreError {
      throw error
    } catch let error as RuleViolation {
      throw StoreError.rule(error)
    } catch {
      throw StoreError.database(engine: "PostgreSQL", path: path, detail: "\(error)")
    }
  }

  // MARK: The log

  public func head() throws(StoreError) -> LogHead {
    try run { try Self.head(session) }
  }

  static func head(_ session: PostgresSession) throws -> LogHead {
    guard let row = try session.query("SELECT sequence, hash FROM iicsa_event ORDER BY sequence DESC LIMIT 1").first
    else { return .empty }
    let (sequence, hash) = try row.decode((Int, String).self)
    return LogHead(length: sequence, head: hash)
  }

  public func events(knownAt: KnownAt?) throws(StoreError) -> [Event] {
    try run {
      try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
        try Self.stored(session).map { stored throws(StoreError) in try AppendPolicy.event(from: stored) }
          .filter { knownAt?.includes($0) ?? true }
      }
    }
  }

  /// Every event as stored, in log order.
  static func stored(_ session: PostgresSession, after sequence: Int = 0, through last: Int = .max) throws -> [StoredEvent] {
    try session.query(
      """
      SELECT sequence, id, type, recorded_at, payload, hash FROM iicsa_event
      WHERE sequence > \(sequence) AND sequence <= \(last) ORDER BY sequence
      """
    ).map { row in
      let (sequence, id, type, recordedAt, payload, hash) = try row.decode((Int, String, String, String, String, String).self)
      return StoredEvent(sequence: sequence, id: id, type: type, recordedAt: recordedAt, payload: payload, hash: hash)
    }
  }

  public func countOfIDs(_ ids: [EventID]) throws(StoreError) -> Int {
    try run {
      try session.query("SELECT count(*) FROM iicsa_event WHERE id = ANY(\(ids.map(\.rawValue)))").first?.decode(Int.self) ?? 0
    }
  }

  public func correctionCount(of target: EventID) throws(StoreError) -> Int {
    try run {
      try session.query(
        "SELECT count(*) FROM iicsa_event WHERE type = 'event_corrected' AND ((payload::jsonb) ->> 'target') = \(target.rawValue)"
      ).first?.decode(Int.self) ?? 0
    }
  }

  public func append(_ events: [NewEvent], expecting expected: LogHead?, now: Timestamp, restampingEarlier: Bool)
    throws(StoreError) -> AppendResult
  {
    try run {
      try session.transaction { commit in
        try session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock))")
        if let replica = try currentReplica() {
          // The policy and the rules run on the replica, which is the server's log under the
          // lock; the rows it writes go to the server, which commits first.
          var published: AppendResult?
          do {
            return try replica.append(events, expecting: expected, now: now, restampingEarlier: restampingEarlier) {
              result, written in
              try PostgresWrite.insert(written, in: session)
              try commit()
              published = result
            }
          } catch {
            // The server has the events; the replica fetches them next time.
            if let published { return published }
            // The replica failed before anything reached the server: append without it.
            guard isReplicaFailure(error) else { throw error }
            dropReplica(after: error)
          }
        }
        var write = PostgresWrite(session: session)
        return try AppendPolicy.append(events, expecting: expected, now: now, restamping: restampingEarlier, in: &write)
      }
    }
  }

  public func trial(_ events: [NewEvent], now: Timestamp) throws(StoreError) -> [(id: EventID, error: StoreError)] {
    try run {
      try session.transaction {
        try session.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.writeLock))")
        if let replica = try currentReplica() {
          do {
            return try replica.trial(events, now: now)
          } catch {
            guard isReplicaFailure(error) else { throw error }
            dropReplica(after: error)
          }
        }
        // Nothing reaches the table: each event is judged on a copy of the write, which keeps
        // the events accepted so far, and dropped when the event is refused.
        var write = PostgresWrite(session: session, holding: true)
        var refused: [(id: EventID, error: StoreError)] = []
        for event in events {
          var attempt = write
          do {
            _ = try AppendPolicy.append([event], expecting: nil, now: now, restamping: false, in: &attempt)
            write = attempt
          } catch let error as StoreError {
            guard case .database = error else {
              refused.append((event.id, error))
              continue
            }
            throw error
          } catch let error as RuleViolation {
            refused.append((event.id, .rule(error)))
          }
        }
        return refused
      }
    }
  }

  public func verify() throws(StoreError) -> VerifyReport {
    try run {
      try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try check() }
    }
  }

  /// The chain, then a replay of the log under every rule. There are no projections to compare.
  private func check() throws -> VerifyReport {
    let head = try Self.head(session)
    var chain = ChainCheck()
    var events: [Event] = []
    for stored in try Self.stored(session) {
      let columns = [stored.id, stored.type, stored.recordedAt, stored.payload].map { Array($0.utf8) as [UInt8]? }
      if let problem = chain.next(sequence: stored.sequence, id: stored.id, columns: columns, hash: stored.hash) {
        return VerifyReport(head: head, problems: [problem], chainIntact: false)
      }
      do {
        events.append(try AppendPolicy.event(from: stored))
      } catch {
        guard case .damaged(let sequence, let detail) = error else { throw error }
        return VerifyReport(
          head: head, problems: [.unreadable(sequence: sequence, id: stored.id, detail: detail)], chainIntact: false)
      }
    }
    do {
      _ = try Tracker.replay(events)
    } catch {
      return VerifyReport(head: head, problems: [.ruleBroken(error)], chainIntact: true)
    }
    return VerifyReport(head: head, problems: [], chainIntact: true)
  }

  /// Checks that the log still replays, refusing a damaged one as SQLite's `rebuild` does, and
  /// makes the local replica (the projections) again from the server's log. Opening brought the
  /// schema up to date.
  public func rebuild() throws(StoreError) -> LogHead {
    let report = try verify()
    if let problem = report.problems.first {
      throw StoreError.damaged(sequence: report.head.length, detail: "\(problem); nothing was rebuilt")
    }
    try run {
      try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
        guard let folder = replicas, let first = try hash(at: 1) else { return }
        let path = PostgresReplica.path(in: folder, for: location, first: first)
        closeReplica()
        PostgresReplica.discard(at: path)
        _ = try currentReplica()
      }
    }
    return report.head
  }

  public func sequence(ofHead hash: String) throws(StoreError) -> Int? {
    try run {
      try session.query("SELECT sequence FROM iicsa_event WHERE hash = \(hash.lowercased())").first?.decode(Int.self)
    }
  }

  public func match(_ checkpoint: LogHead) throws(StoreError) -> CheckpointMatch {
    try run {
      try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") {
        let length = try Self.head(session).length
        if checkpoint.length == 0 { return checkpoint.head.isEmpty ? .matches : .differs(hash: "") }
        guard length >= checkpoint.length else { return .shorter(length: length) }
        let hash =
          try session.query("SELECT hash FROM iicsa_event WHERE sequence = \(checkpoint.length)").first?.decode(String.self) ?? ""
        return hash == checkpoint.head.lowercased() ? .matches : .differs(hash: hash)
      }
    }
  }

  public func close() throws(StoreError) {
    lock.lock()
    defer { lock.unlock() }
    closeReplica()
    session.close()
  }

  // MARK: The replica

  /// The replica brought up to the server's head as the caller's transaction sees it; nil when
  /// there is none: no folder for it, an empty log, or a replica that cannot be opened or kept
  /// here (the log is then read from the server). The server's own errors are thrown: the
  /// transaction is over.
  private func currentReplica() throws -> EventStore? {
    guard let folder = replicas else { return nil }
    do {
      let head = try Self.head(session)
      guard head.length > 0, let first = try hash(at: 1) else { return nil }
      let path = PostgresReplica.path(in: folder, for: location, first: first)
      for _ in 0..<2 {
        if replica?.path != path {
          closeReplica()
          replica = (path, try PostgresReplica.open(at: path))
        }
        guard let open = replica else { return nil }
        let events = { (after: Int, through: Int) in try Self.stored(self.session, after: after, through: through) }
        switch try open.replica.catchUp(to: head, hash: hash(at:), events: events) {
        case .current: return open.replica.store
        case .diverged: discardReplica()
        }
      }
      return nil
    } catch {
      if isServers(error) { throw error }
      dropReplica(after: error)
      return nil
    }
  }

  /// Stops using the replica after `error`: removes its file when the error says it is damaged
  /// (the next command makes it again), else only closes it.
  private func dropReplica(after error: any Error) {
    if isReplicas(error) { discardReplica() } else { closeReplica() }
  }

  private func closeReplica() {
    try? replica?.replica.store.close()
    replica = nil
  }

  /// Removes a replica that is not this log's, or cannot be read: the next read makes it again.
  private func discardReplica() {
    guard let path = replica?.path else { return }
    closeReplica()
    PostgresReplica.discard(at: path)
  }

  /// Whether `error` says the replica's file is damaged (`PostgresReplica.isDamage`).
  private func isReplicas(_ error: any Error) -> Bool {
    (error as? StoreError).map(PostgresReplica.isDamage) ?? false
  }

  /// Whether `error` is the replica's failure (damaged, busy, cannot be written), not the
  /// server's nor a judgement of the events: the command then goes on without the replica.
  private func isReplicaFailure(_ error: any Error) -> Bool {
    switch error as? StoreError {
    case .busy(let path)?, .readOnly(let path, _)?: path != self.path
    default: isReplicas(error)
    }
  }

  /// Whether `error` came from the server (which ends the transaction), not the replica.
  private func isServers(_ error: any Error) -> Bool {
    switch error as? StoreError {
    case .database(let engine, _, _)?: engine == "PostgreSQL"
    case .busy(let path)?: path == self.path
    default: false
    }
  }

  /// The chain hash of the event at `sequence`; nil if there is none.
  private func hash(at sequence: Int) throws -> String? {
    try session.query("SELECT hash FROM iicsa_event WHERE sequence = \(sequence)").first?.decode(String.self)
  }

  // MARK: Reads

  /// One snapshot: the replica brought up to the server's head, and read in one transaction of
  /// its own (another iicsa on this machine may have brought it further meanwhile: a later head
  /// of the same log); without a replica, or when its file turns out damaged, the log read in
  /// one REPEATABLE READ transaction and replayed. Either way a report and the head it prints come
  /// from one moment, whatever other editors append meanwhile.
  public func snapshot<T>(knownAt: KnownAt?, _ body: (any RecordSnapshot) throws -> T) throws -> T {
    // READ COMMITTED, so that a replica another iicsa here brought further than this
    // transaction's head is found on the server, and used.
    if let replica = try run({ try session.transaction("BEGIN READ ONLY") { try currentReplica() } }) {
      do {
        return try replica.snapshot(knownAt: knownAt, body)
      } catch {
        guard isReplicaFailure(error) else { throw error }
        try run { dropReplica(after: error) }
      }
    }
    let stored = try run {
      try session.transaction("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { try Self.stored(session) }
    }
    var events: [Event] = []
    events.reserveCapacity(stored.count)
    for row in stored { events.append(try AppendPolicy.event(from: row)) }
    return try ReplayedRecord(events: events, hashes: stored.map(\.hash)).snapshot(knownAt: knownAt, body)
  }

  public func knownAt(event sequence: Int) throws -> KnownAt? {
    try run {
      try session.query("SELECT recorded_at FROM iicsa_event WHERE sequence = \(sequence)").first
        .flatMap { Timestamp(iso: try $0.decode(String.self)) }
        .map { KnownAt(event: sequence, recordedAt: $0) }
    }
  }
}

/// PostgreSQL's side of an append, inside a transaction holding the write lock. The log is read
/// once per call (its ids for idempotency, its events for a tracker that checks the rules), so
/// an import costs one read and no query per event; new events wait in `pending` and reach the
/// table in one statement per batch at `finish` (a trial never sends them).
struct PostgresWrite: LogWriteTransaction {
  let session: PostgresSession
  /// A trial: hold every event, send none.
  var holding = false
  private var pending: [StoredEvent] = []
  private var pendingByID: [String: Int] = [:]
  private var read: (byID: [String: Int], log: [StoredEvent], tracker: Tracker)?

  init(session: PostgresSession, holding: Bool = false) {
    self.session = session
    self.holding = holding
  }

  func head() throws -> LogHead {
    if let last = pending.last { return LogHead(length: last.sequence, head: last.hash) }
    return try PostgresStore.head(session)
  }

  func lastRecordedAt() throws -> Timestamp? {
    if let last = pending.last { return Timestamp(iso: last.recordedAt) }
    return try session.query("SELECT recorded_at FROM iicsa_event ORDER BY sequence DESC LIMIT 1").first
      .flatMap { Timestamp(iso: try $0.decode(String.self)) }
  }

  func stored(_ id: EventID) throws -> (type: String, payload: String)? {
    if let index = pendingByID[id.rawValue] { return (pending[index].type, pending[index].payload) }
    if let read {
      return read.byID[id.rawValue].map { (read.log[$0].type, read.log[$0].payload) }
    }
    return try session.query("SELECT type, payload FROM iicsa_event WHERE id = \(id.rawValue)").first
      .map { try $0.decode((String, String).self) }
  }

  mutating func check(_ event: Event) throws {
    if read == nil {
      let log = try PostgresStore.stored(session)
      let events = try log.map { stored throws(StoreError) in try AppendPolicy.event(from: stored) }
      var byID: [String: Int] = [:]
      for (index, stored) in log.enumerated() { byID[stored.id] = index }
      read = (byID, log, try Tracker.replay(events))
    }
    do {
      try read?.tracker.append(event)
    } catch {
      throw StoreError.rule(error)
    }
  }

  mutating func insert(_ event: StoredEvent) throws {
    pendingByID[event.id] = pending.count
    pending.append(event)
  }

  mutating func finish() throws {
    guard !holding else { return }
    try Self.insert(pending, in: session)
    pending.removeAll()
    pendingByID.removeAll()
  }

  /// Writes `events` at the end of the log, a statement per batch.
  static func insert(_ events: [StoredEvent], in session: PostgresSession) throws {
    var start = 0
    while start < events.count {
      let batch = events[start..<min(start + 5_000, events.count)]
      try session.query(
        """
        INSERT INTO iicsa_event (sequence, id, type, recorded_at, payload, hash)
        SELECT * FROM unnest(\(batch.map(\.sequence))::bigint[], \(batch.map(\.id))::text[], \(batch.map(\.type))::text[],
          \(batch.map(\.recordedAt))::text[], \(batch.map(\.payload))::text[], \(batch.map(\.hash))::text[])
        """)
      start += batch.count
    }
  }
}
#endif
