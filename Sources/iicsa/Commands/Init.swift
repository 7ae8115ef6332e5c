import ArgumentParser
import Foundation
import IICSADomain
import IICSAPostgres

extension IICSA {
  /// Creates a new store.
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create a new store, loaded with the bundled record unless --empty is given.")

    @OptionGroup var store: StoreOptions

    @Flag(help: "Create the store without the bundled record.")
    var empty = false

    func run() throws {
      if let location = try store.postgres {
        guard let head = try PostgresRecord.create(location, empty: empty) else {
          throw CommandError("\(location) already holds an iicsa store. Nothing was changed; use another database.")
        }
        print("Created an iicsa store in \(location): \(head.length) events, head \(head.head.isEmpty ? "(empty)" : head.head).")
        if let sql = try PostgresRecord.editorsRoleMissing(location) {
          printError(
            "Note: user '\(location.user)' may not create roles, so the editors' role was not made. Ask the database's "
              + "administrator to run, in this database: \(sql) Then give each editor a login IN ROLE iicsa_editor.")
        }
        return
      }
      let path = store.path
      if FileManager.default.fileExists(atPath: path) {
        throw CommandError("\(path) already exists. Nothing was changed; use another --db path.")
      }
      let head = try BundledRecord.createStore(at: path, empty: empty)
      print("Created \(path): \(head.length) events, head \(head.head.isEmpty ? "(empty)" : head.head).")
    }
  }
}
