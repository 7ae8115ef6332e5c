public import Foundation

/// Where a store on PostgreSQL is: a `postgres://` URL completed as libpq completes one, from
/// `PGHOST`, `PGPORT`, `PGUSER`, `PGPASSWORD`, `PGDATABASE`, `PGSSLMODE`, `PGCONNECT_TIMEOUT` and
/// `~/.pgpass` (or `PGPASSFILE`), so that an editor's usual set-up works unchanged.
///
/// The password is never part of `description`: messages name the server and database only.
public struct PostgresLocation: Sendable, Hashable, CustomStringConvertible {
  /// libpq's `sslmode`.
  public enum SSLMode: String, Sendable, CaseIterable {
    case disable, allow, prefer, require
    case verifyCA = "verify-ca"
    case verifyFull = "verify-full"
  }

  /// A host name or address, or a folder holding the server's Unix socket (starts with `/`).
  public var host: String
  public var port: Int
  public var user: String
  public var password: String?
  public var database: String
  public var sslMode: SSLMode
  /// A file of trusted root certificates (`sslrootcert`); nil: the system's.
  public var rootCertificate: String?
  /// Seconds to wait for a connection (`connect_timeout`).
  public var connectTimeout: Int

  /// Whether `text` names a PostgreSQL store rather than an SQLite file.
  public static func isPostgres(_ text: String) -> Bool {
    text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
  }

  /// The URL without its password: what messages print.
  public var description: String {
    let server = host.hasPrefix("/") ? "localhost" : (host.contains(":") ? "[\(host)]" : host)
    let socket = host.hasPrefix("/") ? "?host=\(host)" : ""
    return "postgres://\(user)@\(server):\(port)/\(database)\(socket)"
  }

  /// Parses `url`, completing what it leaves out from `environment` and the password file.
  public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment, home: String)
    throws(PostgresLocationError)
  {
    guard Self.isPostgres(url), let parts = URLComponents(string: url) else {
      throw .malformed(Self.redacted(url), "it is not a URL of the form postgres://user@host:5432/database")
    }
    func env(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
    var query: [String: String] = [:]
    for item in parts.queryItems ?? [] {
      guard Self.parameters.contains(item.name) else {
        throw .malformed(
          Self.redacted(url),
          "'\(item.name)' is not a connection parameter iicsa knows (it knows \(Self.parameters.sorted().joined(separator: ", ")))")
      }
      guard query[item.name] == nil else { throw .malformed(Self.redacted(url), "'\(item.name)' is given twice") }
      query[item.name] = item.value ?? ""
    }
    let path = parts.percentEncodedPath.hasPrefix("/") ? String(parts.percentEncodedPath.dropFirst()) : parts.percentEncodedPath
    if path.contains("/") { throw .malformed(Self.redacted(url), "the database name '\(path)' holds a '/'") }
    host = query["host"].flatMap { $0.isEmpty ? nil : $0 } ?? parts.host.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGHOST") ?? "localhost"
    if let given = query["port"] ?? parts.port.map(String.init) ?? env("PGPORT") {
      guard let number = Int(given), (1...65535).contains(number) else {
        throw .malformed(Self.redacted(url), "the port '\(given)' is not a number from 1 to 65535")
      }
      port = number
    } else {
      port = 5432
    }
    user = query["user"] ?? parts.user.flatMap { $0.isEmpty ? nil : $0 } ?? env("PGUSER") ?? Self.currentUser(environment)
    database = query["dbname"] ?? (path.removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 }) ?? env("PGDATABASE") ?? user
    let mode = query["sslmode"] ?? env("PGSSLMODE") ?? SSLMode.prefer.rawValue
    guard let sslMode = SSLMode(rawValue: mode) else {
      throw .malformed(
        Self.redacted(url), "sslmode '\(mode)' is not one of \(SSLMode.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    self.sslMode = sslMode
    rootCertificate = query["sslrootcert"] ?? env("PGSSLROOTCERT")
    let timeout = query["connect_timeout"] ?? env("PGCONNECT_TIMEOUT") ?? "10"
    guard let seconds = Int(timeout), seconds >= 0 else {
      throw .malformed(Self.redacted(url), "connect_timeout '\(timeout)' is not a whole number of seconds")
    }
    connectTimeout = seconds == 0 ? 10 : max(seconds, 2)
    password = query["password"] ?? parts.password ?? env("PGPASSWORD")
    if password == nil {
      let file = env("PGPASSFILE") ?? (home + "/.pgpass")
      password = Self.passwordFile(at: file, host: host, port: port, database: database, user: user)
    }
  }

  static let parameters: Set<String> = [
    "host", "port", "user", "password", "dbname", "sslmode", "sslrootcert", "connect_timeout", "application_name",
  ]

  /// `url` with any password replaced, for a message about a URL that could not be read.
  static func redacted(_ url: String) -> String {
    guard let parts = URLComponents(string: url), parts.password != nil else {
      // Unparseable: keep only what comes before any '@', which is where a password would be.
      if let at = url.lastIndex(of: "@"), let scheme = url.range(of: "://") {
        return String(url[..<scheme.upperBound]) + "…" + String(url[at...])
      }
      return url
    }
    var copy = parts
    copy.password = "…"
    return copy.string ?? "the URL"
  }

  private static func currentUser(_ environment: [String: String]) -> String {
    if let name = environment["USER"] ?? environment["LOGNAME"], !name.isEmpty { return name }
    if let entry = getpwuid(getuid()), let name = entry.pointee.pw_name { return String(cString: name) }
    return "postgres"
  }

  /// The password `~/.pgpass` gives this connection, as libpq reads it: the first line whose
  /// host, port, database and user match (`*` matches anything; `localhost` also matches a
  /// Unix socket), fields split at unescaped `:`, `\:` and `\\` unescaped. Like libpq, a file
  /// that others may read is ignored.
  static func passwordFile(at path: String, host: String, port: Int, database: String, user: String) -> String? {
    var info = stat()
    guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_mode & 0o077 == 0,
      info.st_size < 1 << 20, let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return nil }
    let wanted = [host.hasPrefix("/") ? "localhost" : host, String(port), database, user]
    for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
      let fields = splitFields(String(line))
      guard fields.count == 5 else { continue }
      if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
    }
    return nil
  }

  private static func splitFields(_ line: String) -> [String] {
    var fields: [String] = []
    var current = ""
    var escaped = false
    for char in line {
      if escaped {
        current.append(char)
        escaped = false
      } else if char == "\\" {
        escaped = true
      } else if char == ":" && fields.count < 4 {
        fields.append(current)
        current = ""
      } else {
        current.append(char)
      }
    }
    fields.append(current)
    return fields
  }
}

/// A `postgres://` location that cannot be used as given.
public enum PostgresLocationError: Error, Hashable, Sendable, CustomStringConvertible {
  case malformed(String, String)

  public var description: String {
    switch self {
    case .malformed(let url, let why):
      return "\(url) is not a PostgreSQL store location iicsa can use: \(why). Write it as "
        + "postgres://USER@HOST:5432/DATABASE (the password from PGPASSWORD or ~/.pgpass); nothing was changed."
    }
  }
}
