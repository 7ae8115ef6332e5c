import Foundation

/// A database of its own for one test, on the throw-away cluster `Tests/postgres/cluster.sh`
/// starts (`IICSA_TEST_POSTGRES` names it), dropped when the test is done.
///
/// Without `IICSA_TEST_POSTGRES` the PostgreSQL cases are not run; CI sets it, and
/// `PostgresTestDatabase.requiredButMissing` fails the run there if it is not set.
public final class PostgresTestDatabase: Sendable {
  /// The server's URL (its maintenance database), when the tests have one.
  public static var server: String? {
    ProcessInfo.processInfo.environment["IICSA_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
  }

  /// Whether PostgreSQL cases run here.
  public static var isAvailable: Bool { server != nil }

  /// True on CI (`CI=true`) without a server: a run that would silently skip every PostgreSQL
  /// case.
  public static var requiredButMissing: Bool {
    ProcessInfo.processInfo.environment["CI"] == "true" && server == nil
  }

  /// The test database's name and URL (with the password, for the tools).
  public let name: String
  public let url: String
  private let server: String

  public init() throws {
    guard let server = Self.server else { throw Missing() }
    self.server = server
    name = "iicsa_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
    url = Self.replacingDatabase(in: server, with: name)
    let created = Self.psql(server, "CREATE DATABASE \(name) ENCODING 'UTF8' TEMPLATE template0")
    guard created.status == 0 else { throw Failed(message: created.stderr) }
  }

  deinit {
    _ = Self.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
  }

  /// `url` with the database part replaced.
  public static func replacingDatabase(in url: String, with database: String) -> String {
    var parts = URLComponents(string: url)!
    parts.path = "/" + database
    return parts.string!
  }

  /// `url` as another user with another password.
  public func url(user: String, password: String) -> String {
    var parts = URLComponents(string: url)!
    parts.user = user
    parts.password = password
    return parts.string!
  }

  /// Runs `sql` through psql on this database, as the owner or as `url`.
  @discardableResult
  public func psql(_ sql: String, as other: String? = nil) -> (status: Int32, stdout: String, stderr: String) {
    Self.psql(other ?? url, sql)
  }

  static func psql(_ url: String, _ sql: String) -> (status: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["psql", url, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql]
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    do { try process.run() } catch { return (127, "", "\(error)") }
    let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, stdout, stderr)
  }

  public struct Missing: Error, CustomStringConvertible {
    public var description: String { "IICSA_TEST_POSTGRES is not set: start Tests/postgres/cluster.sh" }
  }

  public struct Failed: Error, CustomStringConvertible {
    public var message: String
    public var description: String { "could not create a test database: \(message)" }
  }
}
