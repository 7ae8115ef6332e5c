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

  /// The file's text, refused if it is a folder or not a regular file, over `maximumBytes`,
  /// binary or not UTF-8. A leading byte-order mark, which spreadsheets write, is dropped.
  static func text(at path: String, maximumBytes: Int, what: String, sizeHint: String) throws(InputError) -> String {
    let data = try bytes(at: path, maximumBytes: maximumBytes, sizeHint: sizeHint)
    if data.isEmpty { throw InputError(file: path, message: "is empty", hint: "A statement file is \(what); see docs/data-format.md.") }
    if let encoding = utf16(data) {
      throw InputError(
        file: path, message: "is \(encoding) text, not UTF-8",
        hint: "Save it as UTF-8: in a spreadsheet, choose \"CSV UTF-8\"; in an editor, the UTF-8 encoding.")
    }
    if data.contains(0) {
      throw InputError(file: path, message: "contains NUL bytes: it is a binary file, not \(what)", hint: "See docs/data-format.md.")
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw InputError(file: path, message: "is not valid UTF-8 text", hint: "Save the file as UTF-8.")
    }
    return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
  }

  /// The bytes of the regular file at `path` (a link is followed), at most `maximumBytes`.
  ///
  /// The type and size are those of the file actually opened, read from the open handle, and
  /// the read itself stops one byte past the limit: a link to a huge file, a file that grows
  /// while it is read, or a FIFO (opened without waiting for a writer) cannot make it read more
  /// or wait forever.
  static func bytes(at path: String, maximumBytes: Int, sizeHint: String) throws(InputError) -> Data {
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      let reason = String(cString: strerror(errno))
      throw InputError(file: path, message: "cannot be read (\(reason))", hint: "Check that the file exists and is readable.")
    }
    let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
    var info = stat()
    guard fstat(descriptor, &info) == 0 else {
      throw InputError(file: path, message: "cannot be read", hint: "Check that the file exists and is readable.")
    }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR:
      throw InputError(file: path, message: "is a folder", hint: "Name a .yaml or .csv file, or use `iicsa import` for a folder.")
    default:
      throw InputError(
        file: path, message: "is not a regular file (a FIFO, a device or a socket)",
        hint: "Save what it holds to a file and name that file.")
    }
    let tooBig = { (size: Int) in
      InputError(
        file: path, message: "is \(size) bytes, over the limit of \(maximumBytes) bytes (\(maximumBytes >> 20) MiB)",
        hint: sizeHint)
    }
    if Int(info.st_size) > maximumBytes { throw tooBig(Int(info.st_size)) }
    let data: Data
    do {
      data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
    } catch {
      throw InputError(file: path, message: "cannot be read", hint: "Check that the file exists and is readable.")
    }
    if data.count > maximumBytes { throw tooBig(data.count) }
    return data
  }

  /// "UTF-16LE" or "UTF-16BE" when `data` starts with that byte-order mark, or holds the NUL
  /// bytes UTF-16 puts beside ASCII letters; nil otherwise.
  private static func utf16(_ data: Data) -> String? {
    if data.starts(with: [0xFF, 0xFE]) { return "UTF-16LE" }
    if data.starts(with: [0xFE, 0xFF]) { return "UTF-16BE" }
    let head = Array(data.prefix(64))
    guard head.count >= 4 else { return nil }
    let even = stride(from: 0, to: head.count - 1, by: 2).map { head[$0] }
    let odd = stride(from: 1, to: head.count, by: 2).map { head[$0] }
    if odd.allSatisfy({ $0 == 0 }) && even.allSatisfy({ $0 != 0 && $0 < 0x80 }) { return "UTF-16LE" }
    if even.allSatisfy({ $0 == 0 }) && odd.allSatisfy({ $0 != 0 && $0 < 0x80 }) { return "UTF-16BE" }
    return nil
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
