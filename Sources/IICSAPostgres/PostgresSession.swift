// Built with the PostgreSQL trait (on by default; Package.swift).
#if PostgreSQL
import Foundation
import IICSALog
internal import Logging
internal import NIOCore
internal import NIOPosix
internal import NIOSSL
internal import PostgresNIO

/// One connection to the server, used synchronously: the store's interface is synchronous (as
/// SQLite's is), and PostgresNIO's futures are waited on from the calling thread, never from an
/// event loop. Every failure comes out as a `StoreError` naming the server and database.
final class PostgresSession: @unchecked Sendable {
  let location: PostgresLocation
  private let connection: PostgresConnection
  private let logger: Logger
  private var closed = false
  /// Set once the connection failed (not a query the server refused): nothing more is sent on
  /// it, since a query written to a connection the server dropped may never be answered.
  private var broken = false

  private init(location: PostgresLocation, connection: PostgresConnection, logger: Logger) {
    self.location = location
    self.connection = connection
    self.logger = logger
  }

  /// Connects, as libpq would for this location (TLS as `sslmode` says).
  static func connect(_ location: PostgresLocation) throws(StoreError) -> PostgresSession {
    var logger = Logger(label: "iicsa.postgres")
    // PostgresNIO logs to the process's log handler; a command's stderr is for its own messages.
    logger.logLevel = .critical
    do {
      var configuration: PostgresConnection.Configuration
      if location.host.hasPrefix("/") {
        configuration = .init(
          unixSocketPath: location.host + "/.s.PGSQL.\(location.port)", username: location.user,
          password: location.password, database: location.database)
      } else {
        configuration = .init(
          host: location.host, port: location.port, username: location.user, password: location.password,
          database: location.database, tls: try tls(for: location))
      }
      configuration.options.connectTimeout = .seconds(Int64(location.connectTimeout))
      let connection = try PostgresConnection.connect(
        on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration, id: 1, logger: logger
      ).wait()
      let session = PostgresSession(location: location, connection: connection, logger: logger)
      // A client that hangs inside a transaction must not hold the write lock for ever: the
      // server ends its transaction; and an editor waiting for that lock gives up in the end.
      // Generous, since a large import computes every event (replay, chain) before its first
      // insert: about 0.3 ms an event, so a million events stay well inside it.
      try session.execute("SET idle_in_transaction_session_timeout = '15min'")
      try session.execute("SET lock_timeout = '120s'")
      return session
    } catch {
      throw PostgresFailure.storeError(error, location: location, connecting: true)
    }
  }

  private static func tls(for location: PostgresLocation) throws -> PostgresConnection.Configuration.TLS {
    var tls = TLSConfiguration.makeClientConfiguration()
    if let root = location.rootCertificate { tls.trustRoots = .file(root) }
    switch location.sslMode {
    case .disable: return .disable
    case .allow, .prefer:
      tls.certificateVerification = .none
      return .prefer(try NIOSSLContext(configuration: tls))
    case .require:
      tls.certificateVerification = .none
      return .require(try NIOSSLContext(configuration: tls))
    case .verifyCA:
      tls.certificateVerification = .noHostnameVerification
      return .require(try NIOSSLContext(configuration: tls))
    case .verifyFull:
      tls.certificateVerification = .fullVerification
      return .require(try NIOSSLContext(configuration: tls))
    }
  }

  /// Runs `query` and returns its rows.
  @discardableResult
  func query(_ query: PostgresQuery) throws(StoreError) -> [PostgresRow] {
    if broken || connection.isClosed {
      broken = true
      throw PostgresFailure.lost(location)
    }
    do {
      return Array(try settled(connection.query(query, logger: logger)).rows)
    } catch {
      if (error as? PSQLError)?.code != .server { broken = true }
      throw PostgresFailure.storeError(error, location: location, connecting: false)
    }
  }

  /// Waits for `future`, looking every second whether the connection is still open: a query in
  /// flight when the server went away was seen never to be answered (a server restarted mid-
  /// append), and a command must say the connection was lost rather than wait for ever.
  private func settled<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
    let done = DispatchSemaphore(value: 0)
    let box = Outcome<T>()
    future.whenComplete { result in
      box.result = result
      done.signal()
    }
    while done.wait(timeout: .now() + 1) == .timedOut {
      if connection.isClosed {
        // One more second for an answer already on its way; then the connection is lost.
        if done.wait(timeout: .now() + 1) == .success { break }
        throw PostgresFailure.lost(location)
      }
    }
    guard let result = box.result else { throw PostgresFailure.lost(location) }
    return try result.get()
  }

  /// Runs `sql`, which binds nothing.
  func execute(_ sql: String) throws(StoreError) {
    try query(PostgresQuery(unsafeSQL: sql))
  }

  /// Runs `body` in one transaction, committed if it returns, rolled back if it throws. A
  /// serialization failure or a deadlock (another editor's transaction won) runs it again.
  func transaction<T>(_ begin: String = "BEGIN", _ body: () throws -> T) throws -> T {
    try transaction(begin) { _ in try body() }
  }

  /// As `transaction`, but `body` may commit before it returns, by calling `commit` once: what
  /// an append through the replica does, so that the replica commits only what the server has.
  /// An error after the commit is thrown as it is: nothing is rolled back or run again.
  func transaction<T>(_ begin: String = "BEGIN", committing body: (_ commit: () throws -> Void) throws -> T) throws -> T {
    var attempt = 0
    while true {
      attempt += 1
      try execute(begin)
      var committed = false
      do {
        let value = try body {
          try self.execute("COMMIT")
          committed = true
        }
        if !committed { try execute("COMMIT") }
        return value
      } catch {
        if committed { throw error }
        try? execute("ROLLBACK")
        if case StoreError.database(_, _, let detail) = error, detail.hasPrefix(PostgresFailure.retryable), attempt < 5 {
          continue
        }
        throw error
      }
    }
  }

  func close() {
    guard !closed else { return }
    closed = true
    if !connection.isClosed { try? connection.close().wait() }
  }

  deinit { close() }
}

/// A future's result, handed from the event loop to the waiting thread: written once before the
/// semaphore is signalled, read after it is waited for.
private final class Outcome<T: Sendable>: @unchecked Sendable {
  var result: Result<T, any Error>?
}

/// Turns PostgresNIO's errors into messages that name the server and database, never the
/// password, and say what to do.
enum PostgresFailure {
  /// What a failure another transaction caused starts with: the transaction is retried.
  static let retryable = "another editor's transaction conflicted"

  static func storeError(_ error: any Error, location: PostgresLocation, connecting: Bool) -> StoreError {
    if let error = error as? StoreError { return error }
    let path = location.description
    guard let error = error as? PSQLError else {
      if error is NIOSSLError {
        return .database(engine: "PostgreSQL", path: path, detail: "the TLS handshake failed (\(error)); check sslmode and the server's certificate")
      }
      return .database(engine: "PostgreSQL", path: path, detail: connecting ? connectionDetail(error, location) : "\(error)")
    }
    switch error.code {
    case .server:
      let state = error.serverInfo?[.sqlState] ?? ""
      let message = error.serverInfo?[.message] ?? "an error"
      switch state {
      case "28P01", "28000":
        return .database(
          engine: "PostgreSQL", path: path,
          detail: "the server refused user '\(location.user)' (\(message)); check the password in PGPASSWORD or ~/.pgpass, and the server's pg_hba.conf")
      case "3D000":
        return .database(
          engine: "PostgreSQL", path: path,
          detail: "the server has no database '\(location.database)'; create it (`createdb -h \(location.host) -p \(location.port) \(location.database)`) or check the name")
      case "55P03":
        // lock_timeout: another editor's command held the log's write lock that long.
        return .busy(path: path)
      case "40001", "40P01":
        return .database(engine: "PostgreSQL", path: path, detail: "\(retryable) (\(message))")
      case "42501":
        return .database(
          engine: "PostgreSQL", path: path,
          detail: "user '\(location.user)' may not do this (\(message)); an editor needs the role iicsa_editor (docs/commands/copy.md, README)")
      case "57P01", "57P02", "57P03":
        return .database(engine: "PostgreSQL", path: path, detail: "the server is shutting down or starting up (\(message)); try again")
      case "P0001":
        return .database(engine: "PostgreSQL", path: path, detail: message)
      default:
        return .database(engine: "PostgreSQL", path: path, detail: "\(message) (SQLSTATE \(state))")
      }
    case .connectionError:
      return .database(engine: "PostgreSQL", path: path, detail: connectionDetail(error.underlying ?? error, location))
    case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
      return lost(location)
    case .sslUnsupported:
      return .database(engine: "PostgreSQL", path: path, detail: "the server does not offer TLS, and sslmode=\(location.sslMode.rawValue) requires it")
    case .authMechanismRequiresPassword:
      return .database(
        engine: "PostgreSQL", path: path,
        detail: "the server asks user '\(location.user)' for a password and none was given; set PGPASSWORD or add a line to ~/.pgpass")
    default:
      return .database(engine: "PostgreSQL", path: path, detail: "\(error.code)")
    }
  }

  /// The connection went away mid-command: whether a transaction that was committing landed is
  /// for the log to say, and running the command again is safe.
  static func lost(_ location: PostgresLocation) -> StoreError {
    .database(
      engine: "PostgreSQL", path: location.description,
      detail: "the connection to the server was lost (it was restarted, or the network dropped). A transaction "
        + "that did not finish was rolled back by the server; run `iicsa status` to see the log, and run the command again "
        + "(a statement already recorded with the same content is skipped)")
  }

  private static func connectionDetail(_ error: any Error, _ location: PostgresLocation) -> String {
    let text = "\(error)"
    let server = location.host.hasPrefix("/") ? "the socket in \(location.host)" : "\(location.host) port \(location.port)"
    if text.contains("refused") || text.contains("ECONNREFUSED") {
      return "could not connect to \(server): connection refused. Is the server running and accepting TCP connections there?"
    }
    if text.contains("reset by peer") || text.contains("ECONNRESET") || text.contains("broken pipe") {
      return "could not connect to \(server): the server closed the connection (it may be restarting). Try again in a moment"
    }
    if text.lowercased().contains("timeout") || text.contains("timed out") {
      return "could not connect to \(server) within \(location.connectTimeout) s. Check the host, the port and any firewall"
    }
    if text.contains("resolve") || text.contains("NXDOMAIN") || text.contains("getaddrinfo") {
      return "could not find the host '\(location.host)'. Check its name"
    }
    return "could not connect to \(server) (\(text))"
  }
}
#endif
