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
    if given.allSatisfy(\.isWhitespace) {
      throw CommandError(
        "\(option) is empty\(given.isEmpty ? "" : " (only spaces)") (an unset shell variable?). Nothing was written; "
          + "name where to write, e.g. \(option) \(example).")
    }
    if given.utf8.contains(0) { throw CommandError("\(option) holds a NUL byte. Nothing was written.") }
    try Paths.refuseQuotedTilde(given, option: option)
    return OutputPath(given: given, path: Paths.resolved(given))
  }
}

/// Paths as the file system sees them.
enum Paths {
  /// The user's home folder: `$HOME` when set (as the shell means it), else the password database's.
  static var home: String {
    if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
    return NSHomeDirectory()
  }

  /// Refuses a path that starts with a `~` the shell did not expand (it was quoted, or came from
  /// a variable): the tool would take it as a folder named `~`, and Foundation's file manager,
  /// inconsistently, as the home folder.
  static func refuseQuotedTilde(_ path: String, option: String) throws {
    guard path == "~" || path.hasPrefix("~/") else { return }
    throw CommandError(
      "\(option) '\(path)' starts with a '~' that the shell did not expand (it was quoted). Nothing was written or "
        + "read; write the path out, e.g. \(option) \"$HOME\(path.dropFirst())\".")
  }

  /// `path` made absolute against the current folder, without `.` and `..`, and with every
  /// symbolic link resolved in the part of it that exists (the rest cannot hold links).
  static func resolved(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    if let real = realPath(absolute) { return real }
    // Walk up to the deepest part that exists, resolve it, and append the rest as written.
    let standard = lexicallyStandardized(absolute)
    var existing = standard
    var rest: [String] = []
    while existing != "/" && !existing.isEmpty {
      if let real = realPath(existing) { return rest.reversed().reduce(real) { join($0, $1) } }
      rest.append(name(existing))
      existing = parent(existing)
    }
    return standard
  }

  /// An absolute path without empty, `.` and `..` parts, read as text.
  private static func lexicallyStandardized(_ absolute: String) -> String {
    var parts: [Substring] = []
    for part in absolute.split(separator: "/") where part != "." {
      if part == ".." { _ = parts.popLast() } else { parts.append(part) }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// The folder part of `path` ("" for a bare name, "/" for a name at the root), as `dirname`
  /// has it. Foundation's `NSString` path methods are not used: on Linux they trap on `~` and `.`.
  static func parent(_ path: String) -> String {
    var path = Substring(path)
    while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
    guard let slash = path.lastIndex(of: "/") else { return "" }
    if slash == path.startIndex { return "/" }
    var parent = path[..<slash]
    while parent.count > 1 && parent.hasSuffix("/") { parent = parent.dropLast() }
    return String(parent)
  }

  /// The last part of `path`, without trailing slashes.
  static func name(_ path: String) -> String {
    var path = Substring(path)
    while path.count > 1 && path.hasSuffix("/") { path = path.dropLast() }
    guard let slash = path.lastIndex(of: "/") else { return String(path) }
    return String(path[path.index(after: slash)...])
  }

  /// `folder` and `name` joined by one `/`.
  static func join(_ folder: String, _ name: String) -> String {
    folder.isEmpty ? name : folder.hasSuffix("/") ? folder + name : folder + "/" + name
  }

  /// Whether `inner` is `outer` or lies inside it; both resolved.
  static func isSameOrInside(_ inner: String, _ outer: String) -> Bool {
    inner == outer || outer == "/" || inner.hasPrefix(outer + "/")
  }

  private static func realPath(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }
}
