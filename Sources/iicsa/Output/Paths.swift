import Foundation

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

  /// The folder holding `path` ("." for a bare file name).
  static func folder(of path: String) -> String {
    let folder = parent(path)
    return folder.isEmpty ? "." : folder
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
