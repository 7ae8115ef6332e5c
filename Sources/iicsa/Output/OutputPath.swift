import Foundation

/// Where a command is told to write (`--out`): resolved once, checked, then acted on.
///
/// One rule for every command that writes: a path is made absolute and its symbolic links are
/// resolved before anything is checked, so the checks judge the folder that will really be
/// written, and a link is written through, never replaced. A command that replaces a whole
/// folder (`site`) may not be pointed at the current folder, the home folder, the root, or a
/// folder holding the store it reads: an unset shell variable (`--out "$SITE"`) must not cost a
/// user their files.
struct OutputPath {
  /// The path as the user gave it, for messages.
  let given: String
  /// The absolute path acted on, symbolic links resolved.
  let path: String

  /// A folder to write into. With `replacing`, the command swaps the whole folder for a new one,
  /// so it may not be or hold the current folder, the home folder or the store at `store`.
  static func folder(_ given: String, option: String = "--out", replacing: Bool, store: String? = nil) throws
    -> OutputPath
  {
    let out = try resolve(given, option: option, example: "site")
    if out.path == "/" {
      throw CommandError("\(option) '\(given)' is the root folder. Nothing was written; name a folder of its own, e.g. \(option) site.")
    }
    guard replacing else { return out }
    let current = Paths.resolved(FileManager.default.currentDirectoryPath)
    if Paths.isSameOrInside(current, out.path) {
      throw CommandError(
        "\(option) '\(given)' is \(current == out.path ? "the current folder" : "a folder that holds the current folder") (\(out.path)): "
          + "the site replaces the whole folder it is written to. Nothing was written or deleted; "
          + "name a folder of the site's own, e.g. \(option) site.")
    }
    let home = Paths.resolved(Paths.home)
    if Paths.isSameOrInside(home, out.path) {
      throw CommandError(
        "\(option) '\(given)' is \(home == out.path ? "your home folder" : "a folder that holds your home folder") (\(out.path)): "
          + "the site replaces the whole folder it is written to. Nothing was written or deleted; "
          + "name a folder of the site's own, e.g. \(option) ~/site.")
    }
    if let store, Paths.isSameOrInside(Paths.resolved(store), out.path) {
      throw CommandError(
        "\(option) '\(given)' holds the store this command reads (\(store)): rebuilding the site there would "
          + "replace the folder that holds the log. Nothing was written or deleted; write the site to another "
          + "folder. To publish the store with the site, keep the store you record into outside the site folder "
          + "and copy it in after each build: a file iicsa did not write is kept when the site is rebuilt.")
    }
    return out
  }

  private static func resolve(_ given: String, option: String, example: String) throws -> OutputPath {
    try refuseUnusable(given, option: option, advice: "name where to write, e.g. \(option) \(example)")
    return OutputPath(given: given, path: Paths.resolved(given))
  }

  /// Refuses, for every command that writes where it is told, a path that is empty or only
  /// spaces (an unset shell variable), holds a NUL, or starts with a quoted `~`. `advice` says
  /// what to give instead.
  static func refuseUnusable(_ given: String, option: String, advice: String) throws {
    if given.allSatisfy(\.isWhitespace) {
      throw CommandError(
        "\(option) is empty\(given.isEmpty ? "" : " (only spaces)") (an unset shell variable?). Nothing was written; \(advice).")
    }
    if given.utf8.contains(0) { throw CommandError("\(option) holds a NUL byte. Nothing was written.") }
    try Paths.refuseQuotedTilde(given, option: option)
  }
}
