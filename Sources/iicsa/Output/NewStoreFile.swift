import Foundation
import IICSADomain
import IICSALog
import IICSAStore

/// A new store file at a path the user named, built whole and put in place by `StoreFile`
/// (which removes only what it made), with its refusals said in the command line's words.
enum NewStoreFile {
  /// Builds a store at `path` with `fill`; nil, building nothing in place, when a file appeared
  /// at `path` meanwhile (it is never replaced).
  /// - Parameter temporary: the name to build under; a fresh one beside `path` by default.
  static func build(at path: String, temporary: String? = nil, _ fill: (EventStore) throws -> LogHead) throws
    -> LogHead?
  {
    do {
      return try StoreFile.build(at: path, temporary: temporary, fill)
    } catch let refusal as StoreFile.Refusal {
      switch refusal {
      case .inTheWay(let name):
        throw CommandError(
          "\(name) is in the way of building \(path): it is not iicsa's to remove. Move it away; nothing was changed.")
      case .cannotWrite(let detail):
        throw CommandError(
          "Cannot create a store in \(Paths.folder(of: path)): the folder cannot be written (\(detail)). Check its "
            + "permissions, or choose another --db path; nothing was changed.")
      case .cannotPlace(let detail):
        throw CommandError("\(path) cannot be created (\(detail)). Nothing was written.")
      }
    }
  }
}
