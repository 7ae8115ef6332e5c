/// A problem with a file the user gave: where it is, what is wrong, and what to do.
struct InputError: Error, Hashable, CustomStringConvertible {
  /// The file, as the user named it.
  var file: String
  /// The 1-based line, when known.
  var line: Int?
  /// The 1-based column, when known.
  var column: Int?
  /// The column's name, in a CSV file.
  var field: String?
  /// What is wrong.
  var message: String
  /// What to do, when there is more to say than the message.
  var hint: String?

  init(file: String, line: Int? = nil, column: Int? = nil, field: String? = nil, message: String, hint: String? = nil) {
    self.file = file
    self.line = line
    self.column = column
    self.field = field
    self.message = message
    self.hint = hint
  }

  /// `file:line:column: message` (`file:row:column-name: message` in a CSV file), then the hint on its own indented line.
  var description: String {
    var location = file
    if let line {
      location += ":\(line)"
      if let column {
        location += ":\(column)"
      } else if let field {
        location += ":\(field)"
      }
    }
    return "\(location): \(message)" + (hint.map { "\n  \($0)" } ?? "")
  }
}

/// Several input problems found at once (by `check`, or by `record` of several files).
struct InputErrors: Error, CustomStringConvertible {
  var errors: [InputError]
  var description: String { errors.map(\.description).joined(separator: "\n") }
}
