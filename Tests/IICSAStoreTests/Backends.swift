import Foundation
import IICSADomain
import IICSALog
import IICSAPostgres
import IICSAStore
import IICSATestSupport
import Testing

/// Every backend the store's promises are held to: a new, empty log on each. PostgreSQL runs
/// where `IICSA_TEST_POSTGRES` names a server (CI starts one: Tests/postgres/cluster.sh).
enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
  case sqliteInMemory
  case sqliteFile
  /// PostgreSQL read through its local replica (SQLite's projections), as editors use it.
  case postgres
  /// PostgreSQL without a replica: every read replays the log.
  case postgresReplay

  var testDescription: String { rawValue }

  /// The backends this run can reach.
  static var available: [Backend] {
    allCases.filter { !$0.isPostgres || (PostgresTestDatabase.isAvailable && PostgresBuild.isAvailable) }
  }

  var isPostgres: Bool { self == .postgres || self == .postgresReplay }

  /// A new, empty log, and what must live as long as it does (a folder, a database).
  func make() throws -> (log: any EventLog, keep: any Sendable) {
    switch self {
    case .sqliteInMemory:
      return (try EventStore.inMemory(), ())
    case .sqliteFile:
      let folder = try TemporaryFolder()
      try EventStore.create(at: folder.file("store.sqlite")).close()
      return (try EventStore.open(at: folder.file("store.sqlite"), access: .readWrite), folder)
    case .postgres, .postgresReplay:
      #if PostgreSQL
        let database = try PostgresTestDatabase()
        let location = try PostgresLocation(url: database.url, home: NSTemporaryDirectory())
        _ = try PostgresStore.create(location, with: [], now: .current)
        let folder = try TemporaryFolder()
        let replicas = self == .postgres ? folder.path : nil
        return (try PostgresStore.open(location, readOnly: false, replicas: replicas), (database, folder))
      #else
        throw PostgresTestDatabase.Missing()
      #endif
    }
  }
}

extension EventLog {
  /// Appends now, refusing an event recorded before the last one: what most tests do.
  func append(_ events: [NewEvent]) throws(StoreError) -> AppendResult {
    try append(events, expecting: nil, now: .current, restampingEarlier: false)
  }
}

@Suite struct BackendTests {
  /// CI must hold PostgreSQL to its promises, not skip it.
  @Test func postgresIsTestedOnCI() {
    #expect(!PostgresTestDatabase.requiredButMissing, "CI=true but IICSA_TEST_POSTGRES is not set: .ci/run starts the cluster")
  }
}
