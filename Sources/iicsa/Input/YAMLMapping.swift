import Foundation
import IICSADomain
import Yams

/// A YAML mapping read field by field, each error located at the field's line and column.
///
/// Unknown keys are refused: a misspelt key must not silently drop a fact.
struct YAMLMapping: FieldReader {
  let file: String
  let node: Node
  private let pairs: [(key: String, value: Node)]

  init(_ node: Node, file: String, what: String) throws(InputError) {
    guard let mapping = node.mapping else {
      throw InputError(
        file: file, line: node.line, column: node.column, message: "expected \(what) (a YAML mapping of fields)")
    }
    self.file = file
    self.node = node
    pairs = mapping.map { (key: $0.key.string ?? "", value: $0.value) }
    var seen = Set<String>()
    for (key, value) in pairs where !seen.insert(key).inserted {
      throw InputError(file: file, line: value.line, column: value.column, message: "'\(key)' is given twice")
    }
  }

  /// Refuses any key not in `allowed`, naming the ones that are.
  func allowOnly(_ allowed: [String]) throws(InputError) {
    for pair in pairs where !allowed.contains(pair.key) {
      let keyNode = node.mapping?.keys.first { $0.string == pair.key }
      throw InputError(
        file: file, line: keyNode?.line, column: keyNode?.column,
        message: "unknown field '\(pair.key)'",
        hint: "Fields here: \(allowed.joined(separator: ", ")).")
    }
  }

  /// The value of `key`; nil when it is absent or YAML's null (`null`, `~` or nothing), which
  /// means "no value", never the text "null".
  func value(_ key: String) -> Node? {
    guard let node = pairs.first(where: { $0.key == key })?.value, !Self.isNull(node) else { return nil }
    return node
  }

  static func isNull(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
    return ["", "~", "null", "Null", "NULL"].contains(scalar.string)
  }

  func location(of key: String) -> InputLocation? {
    value(key)?.location
  }

  func error(_ key: String, _ message: String, hint: String?) -> InputError {
    InputError(file: file, at: (pairs.first { $0.key == key }?.value ?? node).location, message: message, hint: hint)
  }

  /// A required non-empty string.
  func text(_ key: String) throws(InputError) -> String {
    guard let node = value(key) else {
      if let given = pairs.first(where: { $0.key == key })?.value {
        if given.scalar?.string == "" { throw error(key, "'\(key)' is empty") }
        throw error(key, "'\(key)' holds YAML's null, not a value", hint: "Give the value; to write the word itself, quote it: \"null\".")
      }
      throw error(key, "'\(key)' is missing")
    }
    return try Self.text(node, key: key, file: file)
  }

  /// An optional string; nil when absent.
  func optionalText(_ key: String) throws(InputError) -> String? {
    guard let node = value(key) else { return nil }
    return try Self.text(node, key: key, file: file)
  }

  /// A list of mappings (possibly absent: empty).
  func mappings(_ key: String, what: String) throws(InputError) -> [YAMLMapping] {
    guard let node = value(key) else { return [] }
    guard let sequence = node.sequence else {
      throw error(key, "'\(key)' must be a list of \(what)s")
    }
    var result: [YAMLMapping] = []
    for item in sequence { result.append(try YAMLMapping(item, file: file, what: what)) }
    return result
  }

  /// A list of strings: `[a, b]`, a block list, or a single string.
  func texts(_ key: String) throws(InputError) -> [(String, InputLocation)] {
    guard let node = value(key) else { return [] }
    if node.scalar != nil { return [(try Self.text(node, key: key, file: file), node.location)] }
    guard let sequence = node.sequence else { throw error(key, "'\(key)' must be a list") }
    var result: [(String, InputLocation)] = []
    for item in sequence { result.append((try Self.text(item, key: key, file: file), item.location)) }
    return result
  }

  private static func text(_ node: Node, key: String, file: String) throws(InputError) -> String {
    guard let scalar = node.scalar else {
      throw InputError(file: file, line: node.line, column: node.column, message: "'\(key)' must be text, not a list or mapping")
    }
    if isNull(node) {
      throw InputError(
        file: file, line: node.line, column: node.column, message: "'\(key)' holds YAML's null ('\(scalar.string)'), not a value",
        hint: "Give the value, or delete the entry. To write the word itself, quote it: \"null\".")
    }
    let trimmed = scalar.string.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else {
      throw InputError(file: file, line: node.line, column: node.column, message: "'\(key)' is empty")
    }
    if let (message, hint) = TextRules.problem(trimmed, key: key) {
      throw InputError(file: file, line: node.line, column: node.column, message: message, hint: hint)
    }
    return trimmed
  }
}

extension Node {
  /// 1-based line of the node in its file.
  var line: Int? { mark.map { $0.line } }
  /// 1-based column of the node in its file.
  var column: Int? { mark.map { $0.column } }
  var location: InputLocation { InputLocation(line: line, column: column) }
}
