/// Where a value was read: a YAML file's line and column, or a CSV file's row and column name.
struct InputLocation: Hashable {
  /// The 1-based line of a YAML file, or row of a CSV file (its header is row 1).
  var line: Int?
  /// The 1-based column of a YAML file.
  var column: Int?
  /// The column name of a CSV file.
  var field: String?
}

/// The fields of one statement, catalogue item or entry, however the file lays them out.
///
/// The rules of a statement are written once (`StatementFile.parse`) against this protocol, so a
/// YAML mapping and the rows of a spreadsheet are held to the same rules, and each error points at
/// the place the user wrote the value: a line and column, or a row and column name.
protocol FieldReader {
  associatedtype Item: FieldReader

  /// The file, as the user named it.
  var file: String { get }
  /// Refuses fields not in `allowed` (a misspelt field must not silently drop a fact).
  func allowOnly(_ allowed: [String]) throws(InputError)
  /// Where `key` is given; nil when it is absent.
  func location(of key: String) -> InputLocation?
  /// A required non-empty text.
  func text(_ key: String) throws(InputError) -> String
  /// An optional text; nil when absent or empty.
  func optionalText(_ key: String) throws(InputError) -> String?
  /// An error placed at `key`, or at the whole when `key` is absent.
  func error(_ key: String, _ message: String, hint: String?) -> InputError
  /// A list of sub-records: changes, pledges, sources… (empty when absent).
  func mappings(_ key: String, what: String) throws(InputError) -> [Item]
  /// A list of texts with where each is given (empty when absent).
  func texts(_ key: String) throws(InputError) -> [(String, InputLocation)]
}

extension FieldReader {
  func error(_ key: String, _ message: String) -> InputError { error(key, message, hint: nil) }

  /// A required value parsed by `parse`; `expected` says what a valid one looks like.
  func parsed<T>(_ key: String, expected: String, _ parse: (String) -> T?) throws(InputError) -> T {
    let raw = try text(key)
    guard let value = parse(raw) else { throw error(key, "'\(raw)' is not \(expected)") }
    return value
  }

  /// An optional value parsed by `parse`.
  func optionalParsed<T>(_ key: String, expected: String, _ parse: (String) -> T?) throws(InputError) -> T? {
    guard let raw = try optionalText(key) else { return nil }
    guard let value = parse(raw) else { throw error(key, "'\(raw)' is not \(expected)") }
    return value
  }
}

extension InputError {
  init(file: String, at location: InputLocation?, message: String, hint: String? = nil) {
    self.init(
      file: file, line: location?.line, column: location?.column, field: location?.field, message: message, hint: hint)
  }
}
