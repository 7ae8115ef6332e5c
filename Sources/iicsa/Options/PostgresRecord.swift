import Foundation
import IICSADomain
import IICSALog
import IICSAPostgres
import IICSAStore

/// Opening and creating a store on PostgreSQL, as `StoreOptions` does an SQLite file: made with
/// the bundled record on first use, upgraded when a newer iicsa first opens it.
enum PostgresRecord {
  static func open(_ location: PostgresLocation, access: EventStore.Access) throws -> any EventLog {
    #if PostgreSQL
      return try openStore(location, access: access)
    #else
      throw CommandError(PostgresBuild.missing)
    #endif
  }

  /// Makes the store's tables and loads the bundled record (unless `empty`), in one transaction;
  /// nil when the database already holds a store.
  static func create(_ location: PostgresLocation, empty: Bool) throws -> LogHead? {
    #if PostgreSQL
      let events = empty ? [] : try BundledRecord.events()
      return try PostgresStore.create(location, with: events, now: Clock.now())
    #else
      throw CommandError(PostgresBuild.missing)
    #endif
  }

  /// What the administrator must run when the editors' role could not be made; nil when it was.
  static func editorsRoleMissing(_ location: PostgresLocation) throws -> String? {
    #if PostgreSQL
      let store = try PostgresStore.open(location, readOnly: true, replicas: nil)
      defer { try? store.close() }
      return try store.editorsRoleMissing()
    #else
      throw CommandError(PostgresBuild.missing)
    #endif
  }

  #if PostgreSQL
  /// Where the local replica of the log is kept (docs/commands/copy.md, "The local replica").
  private static var replicas: String? {
    PostgresStore.replicaFolder(environment: ProcessInfo.processInfo.environment, home: Paths.home)
  }

  private static func openStore(_ location: PostgresLocation, access: EventStore.Access) throws -> any EventLog {
    if access == .immutable {
      throw CommandError(
        "--immutable reads a published copy of an SQLite store file, and \(location) is a live database. "
          + "Verify it without --immutable; nothing was read.")
    }
    do {
      let store = try PostgresStore.open(location, readOnly: access != .readWrite, replicas: replicas)
      if access != .readWrite { BundledRecord.noticeIfBehind(store) }
      return store
    } catch .missing {
      let head = try create(location, empty: false)
      if let head {
        FileHandle.standardError.write(
          Data("Created an iicsa store in \(location) with the bundled record (\(head.length) events).\n".utf8))
      }
      return try PostgresStore.open(location, readOnly: access != .readWrite, replicas: replicas)
    } catch .olderSchema {
      try PostgresStore.open(location, readOnly: false, replicas: nil).close()
      FileHandle.standardError.write(
        Data("Upgraded the store in \(location), made by an earlier iicsa: its tables were brought up to date, and its log is as it was.\n".utf8))
      return try PostgresStore.open(location, readOnly: true, replicas: replicas)
    }
  }
  #endif
}
