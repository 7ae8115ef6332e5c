import Foundation
import Yams

/// Reads a user's file as YAML, refusing what cannot be a statement or catalogue before parsing.
enum InputFile {
  /// A statement or catalogue is a few kilobytes; this bound keeps a hostile file from
  /// exhausting memory.
  static let maximumBytes = 1 << 20

  /// libyaml's default limit on nested lists and mappings, which Yams keeps.
  static let maximumNesting = 1000

  static func yaml(at path: String) throws(InputError) -> Node {
    let text = try self.text(
      at: path, maximumBytes: maximumBytes, what: "YAML",
      sizeHint: "A statement or catalogue file is a few kilobytes: check that this is the right file.")
    do {
      guard let node = try Yams.compose(yaml: text) else {
        throw InputError(file: path, message: "holds no YAML document", hint: "See docs/data-format.md.")
      }
      return node
    } catch let error as InputError {
      throw error
    } catch let error as YamlError {
      throw located(error, file: path)
    } catch {
      throw InputError(file: path, message: "is not valid YAML (\(error))")
    }
  }

  /// The file's text, refused if it is a folder, over `maximumBytes`, binary or not UTF-8. A
  /// leading byte-order mark, which spreadsheets write, is dropped.
  static func text(at path: String, maximumBytes: Int, what: String, sizeHint: String) throws(InputError) -> String {
    let data: Data
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if attributes[.type] as? FileAttributeType == .typeDirectory {
        throw InputError(file: path, message: "is a folder", hint: "Name a .yaml or .csv file, or use `iicsa import` for a folder.")
      }
      if let size = attributes[.size] as? Int, size > maximumBytes {
        throw InputError(
          file: path, message: "is \(size) bytes, over the limit of \(maximumBytes) bytes (\(maximumBytes >> 20) MiB)",
          hint: sizeHint)
      }
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch let error as InputError {
      throw error
    } catch {
      throw InputError(file: path, message: "cannot be read", hint: "Check that the file exists and is readable.")
    }
    if data.isEmpty { throw InputError(file: path, message: "is empty", hint: "A statement file is \(what); see docs/data-format.md.") }
    if data.contains(0) {
      throw InputError(file: path, message: "contains NUL bytes: it is a binary file, not \(what)", hint: "See docs/data-format.md.")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError(file: path, message: "is not valid UTF-8 text", hint: "Save the file as UTF-8.")
    }
    return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
  }

  private static func located(_ error: YamlError, file: String) -> InputError {
    switch error {
    case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
      .composer(_, let problem, let mark, _):
      if problem.localizedCaseInsensitiveContains("nesting level") {
        // libyaml's own words name its C API; say what the limit is and why it is there.
        return InputError(
          file: file, line: mark.line, column: mark.column,
          message: "nests lists or mappings more than \(maximumNesting) levels deep",
          hint: "A statement or catalogue file needs at most four levels: check that this is the right file.")
      }
      return InputError(
        file: file, line: mark.line, column: mark.column, message: "is not valid YAML: \(problem)",
        hint: "Check the indentation and quoting near this place; quote text that contains ': '.")
    case .duplicatedKeysInMapping(let duplicates, let context):
      return InputError(
        file: file, line: context.mark.line, column: context.mark.column,
        message: "gives \(duplicates.joined(separator: ", ")) twice in one mapping",
        hint: "Each field may appear once.")
    default:
      return InputError(file: file, message: "is not valid YAML: \(error)")
    }
  }
}
