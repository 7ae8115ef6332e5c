/// A problem with a file the user gave: where it is, what is wrong, and what to do.
struct InputError: Error, Hashable, CustomStringConvertible {
  /// The file, as the user named it.
  var file: String
  /// The 1-based line, when known.
  var line: Int?
  /// The 1-based column, when known.
  var column: Int?
  /// What is wrong.
  var message: String
  /// What to do, when there is more to say than the message.
  var hint: String?

  /// `file:line:column: message`, then the hint on its own indented line.
  var description: String {
    var location = file
    if let line {
      location += ":\(line)"
      if let column { location += ":\(column)" }
    }
    return "\(location): \(message)" + (hint.map { "\n  \($0)" } ?? "")
  }
}

/// Several input problems found at once (by `check`, or by `record` of several files).
struct InputErrors: Error, CustomStringConvertible {
  var errors: [InputError]
  var description: String { errors.map(\.description).joined(separator: "\n") }
}
