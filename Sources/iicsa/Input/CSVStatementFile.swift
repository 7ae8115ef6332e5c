import Foundation
import IICSADomain
import SwiftCSV

/// Statements read from a CSV file as a spreadsheet saves it: a header naming the columns, then
/// one row per entry (a change, a reaffirmation, a background link, a pledge, a pledge's outcome
/// or a source). The rows that share a `statement_id` make one statement. The layout is in
/// docs/data-format.md; the statement's rules are the YAML file's (`StatementFile.parse`).
enum CSVStatementFile {
  /// Years of a group's records fit in a few megabytes; the bound keeps a hostile file from
  /// exhausting memory.
  static let maximumBytes = 16 << 20

  /// What a row is.
  enum Entry: String, CaseIterable {
    case change, reaffirm, relates, pledge, outcome, source
  }

  /// The statement's own fields: given on its first row, and left empty or repeated on the others.
  static let statementColumns = [
    "statement_id", "date", "date_precision", "recorded_at", "speaker", "role", "kind", "title", "summary",
    "confidence", "note",
  ]
  /// A source of the statement, on any of its rows.
  static let sourceColumns = ["source_url", "source_publisher", "source_title"]
  /// The columns each kind of row may fill, beside the statement's and a source's.
  static let entryColumns: [Entry: [String]] = [
    .change: ["recommendation", "position", "stage", "reason", "entry_note"],
    .reaffirm: ["recommendation"],
    .relates: ["recommendation"],
    .pledge: ["recommendation", "pledge_text", "target_stage", "target_position", "due", "due_text", "replaces"],
    .outcome: ["recommendation", "pledge", "outcome", "entry_note"],
    .source: [],
  ]
  /// What `timeline --format csv` adds for its reader: the status before a change. Read back, they
  /// are ignored, so an edited timeline records as new statements.
  static let informativeColumns = ["from_position", "from_stage"]

  /// Every column, in the order `template --csv` and `timeline --format csv` write them.
  static let columns: [String] = {
    var entry: [String] = []
    for kind in Entry.allCases {
      for column in entryColumns[kind, default: []] where !entry.contains(column) { entry.append(column) }
    }
    return statementColumns + ["entry"] + entry + sourceColumns
  }()

  /// The YAML field a CSV column stands for, where the names differ.
  static let yamlField: [String: String] = [
    "statement_id": "id", "entry_note": "note", "pledge_text": "text", "source_url": "url",
    "source_publisher": "publisher", "source_title": "title",
  ]

  /// A row of the file: its number as a spreadsheet shows it (the header is row 1) and its
  /// non-empty cells, trimmed, by column.
  struct Row {
    var number: Int
    var cells: [String: String]

    func entry(in file: String) throws(InputError) -> Entry {
      guard let text = cells["entry"] else {
        throw InputError(
          file: file, line: number, field: "entry", message: "'entry' is empty",
          hint: "Say what the row records: \(Entry.allCases.map(\.rawValue).joined(separator: ", ")).")
      }
      guard let entry = Entry(rawValue: text.lowercased()) else {
        throw InputError(
          file: file, line: number, field: "entry", message: "'\(text)' is not an entry",
          hint: "Entries: \(Entry.allCases.map(\.rawValue).joined(separator: ", ")).")
      }
      return entry
    }
  }

  /// Every statement in the file, in the order of their first rows.
  static func read(_ path: String) throws(InputError) -> [StatementFile] {
    let text = try InputFile.text(
      at: path, maximumBytes: maximumBytes, what: "CSV",
      sizeHint: "Split the spreadsheet into several files, or check that this is the right file.")
    let rows = try self.rows(text, file: path)
    var statements: [String: [Row]] = [:]
    var order: [String] = []
    for row in rows {
      guard let id = row.cells["statement_id"] else {
        throw InputError(
          file: path, line: row.number, field: "statement_id", message: "'statement_id' is empty",
          hint: "Every row names the statement it belongs to.")
      }
      if statements[id] == nil { order.append(id) }
      statements[id, default: []].append(row)
    }
    if order.isEmpty {
      throw InputError(file: path, message: "holds a header but no statement", hint: "Add one row per entry; see `iicsa template --csv`.")
    }
    var files: [StatementFile] = []
    for id in order {
      files.append(try StatementFile.parse(CSVStatement(file: path, rows: statements[id]!)))
    }
    return files
  }

  /// The rows under the header, blank ones left out, each cell checked as every text field is.
  static func rows(_ text: String, file: String) throws(InputError) -> [Row] {
    let table = try cells(text, file: file)
    guard let header = table.first else {
      throw InputError(file: file, message: "is empty", hint: "A statement file is CSV; see docs/data-format.md.")
    }
    let names = try self.header(header, file: file)
    var rows: [Row] = []
    for (index, values) in table.enumerated().dropFirst() {
      let number = index + 1
      var cells: [String: String] = [:]
      for (position, raw) in values.enumerated() {
        // A spreadsheet may end the lines inside a cell as Windows does; the record keeps "\n".
        var value = raw.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
          .trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty { continue }
        // Undo the quote our own CSV puts before a cell a spreadsheet would run as a formula
        // (`Escape.csv`): one apostrophe, before apostrophes and then =, +, - or @.
        if Escape.isNeutralised(value) { value.removeFirst() }
        guard position < names.count else {
          throw InputError(
            file: file, line: number,
            message: "has a cell beyond the last column ('\(Escape.terminal(String(value.prefix(40))))')",
            hint: "The header names \(names.count) columns. Quote a cell that holds a comma: \"a, b\".")
        }
        let name = names[position]
        if informativeColumns.contains(name) { continue }
        if let (message, hint) = TextRules.problem(value, key: yamlField[name] ?? name, name: name) {
          throw InputError(file: file, line: number, field: name, message: message, hint: hint)
        }
        cells[name] = value
      }
      if !cells.isEmpty { rows.append(Row(number: number, cells: cells)) }
    }
    return rows
  }

  /// The column names, lower-cased: each known, none twice, and the two that place a row present.
  private static func header(_ cells: [String], file: String) throws(InputError) -> [String] {
    var names: [String] = []
    for (index, raw) in cells.enumerated() {
      let name = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
      if name.isEmpty {
        // A spreadsheet saves a trailing empty column as a trailing comma: allow it at the end only.
        if cells[index...].allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) { break }
        throw InputError(
          file: file, line: 1, message: "column \(index + 1) of the header has no name",
          hint: "Name every column; the columns are \(columns.joined(separator: ", ")).")
      }
      guard columns.contains(name) || informativeColumns.contains(name) else {
        throw InputError(
          file: file, line: 1, field: Escape.terminal(String(name.prefix(60))),
          message: "unknown column '\(Escape.terminal(String(name.prefix(60))))'",
          hint: "Columns: \(columns.joined(separator: ", ")). `iicsa template --csv` prints them.")
      }
      if names.contains(name) {
        throw InputError(file: file, line: 1, field: name, message: "the column '\(name)' is given twice", hint: "Keep one.")
      }
      names.append(name)
    }
    for required in ["statement_id", "entry"] where !names.contains(required) {
      throw InputError(
        file: file, line: 1, message: "the header has no '\(required)' column",
        hint: "The first row names the columns; `iicsa template --csv` prints them.")
    }
    return names
  }

  /// The file's cells, row by row, read by SwiftCSV; a malformed quote is placed at its row.
  private static func cells(_ text: String, file: String) throws(InputError) -> [[String]] {
    final class Collected { var rows: [[String]] = [] }
    let collected = Collected()
    do {
      let csv = try EnumeratedCSV(string: text, delimiter: .comma, loadColumns: false, rowLimit: 0)
      try csv.enumerateAsArray(startAt: 0, rowLimit: nil) { collected.rows.append($0) }
    } catch {
      throw InputError(
        file: file, line: collected.rows.count + 1,
        message: "is not valid CSV: a double quote stands inside a cell that is not quoted, or after a quoted cell's closing quote",
        hint: "Quote the whole cell and double each quote inside it: \"He said \"\"no\"\"\".")
    }
    // A quoted cell left open runs to the end of the file; valid CSV pairs every quote.
    if text.utf8.reduce(0, { $0 + ($1 == UInt8(ascii: "\"") ? 1 : 0) }) % 2 == 1 {
      throw InputError(
        file: file, line: collected.rows.count,
        message: "is not valid CSV: a quoted cell from this row on is never closed",
        hint: "Close the cell with a double quote; double each quote inside it.")
    }
    return collected.rows
  }
}

/// The rows of one statement, read as its fields: the statement's own columns, and its entries
/// as lists (`changes`, `pledges`…), so `StatementFile.parse` applies the rules it applies to YAML.
struct CSVStatement: FieldReader {
  let file: String
  let rows: [CSVStatementFile.Row]

  /// Statement fields and the row each is given on.
  private let given: [String: (value: String, row: Int)]
  /// Each row with what it is.
  private let entries: [(entry: CSVStatementFile.Entry, row: CSVStatementFile.Row)]

  init(file: String, rows: [CSVStatementFile.Row]) throws(InputError) {
    self.file = file
    self.rows = rows
    var given: [String: (value: String, row: Int)] = [:]
    var entries: [(entry: CSVStatementFile.Entry, row: CSVStatementFile.Row)] = []
    for row in rows {
      for column in CSVStatementFile.statementColumns {
        guard let value = row.cells[column] else { continue }
        if let first = given[column] {
          if first.value != value {
            throw InputError(
              file: file, line: row.number, field: column,
              message: "'\(column)' differs from row \(first.row) of the same statement",
              hint: "A statement's fields are given on its first row: leave them empty on later rows, or repeat them unchanged.")
          }
        } else {
          given[column] = (value, row.number)
        }
      }
      let entry = try row.entry(in: file)
      let allowed = CSVStatementFile.entryColumns[entry, default: []]
      for (_, columns) in CSVStatementFile.entryColumns {
        for column in columns where !allowed.contains(column) && row.cells[column] != nil {
          throw InputError(
            file: file, line: row.number, field: column,
            message: "'\(column)' is filled in, but this row is a \(entry.rawValue)",
            hint: "Leave it empty, or put it on a row of its own whose entry it belongs to.")
        }
      }
      if row.cells["source_url"] == nil {
        for column in ["source_publisher", "source_title"] where row.cells[column] != nil {
          throw InputError(
            file: file, line: row.number, field: column, message: "'\(column)' is given without 'source_url'",
            hint: "Give the source's public web address in 'source_url' on the same row.")
        }
        if entry == .source {
          throw InputError(
            file: file, line: row.number, field: "source_url", message: "a source row needs 'source_url'",
            hint: "Give the source's public web address, and its publisher in 'source_publisher'.")
        }
      }
      entries.append((entry, row))
    }
    self.given = given
    self.entries = entries
  }

  private static func column(_ key: String) -> String { key == "id" ? "statement_id" : key }

  func allowOnly(_ allowed: [String]) throws(InputError) {
    // The header's columns were checked when the file was read.
  }

  func location(of key: String) -> InputLocation? {
    let column = Self.column(key)
    if let value = given[column] { return InputLocation(line: value.row, field: column) }
    let first: CSVStatementFile.Row?
    switch key {
    case "sources": first = rows.first { $0.cells["source_url"] != nil }
    case "changes": first = entries.first { $0.entry == .change }?.row
    case "pledges": first = entries.first { $0.entry == .pledge }?.row
    case "pledge_outcomes": first = entries.first { $0.entry == .outcome }?.row
    default: first = nil
    }
    return first.map { InputLocation(line: $0.number, field: key == "sources" ? "source_url" : "entry") }
  }

  func text(_ key: String) throws(InputError) -> String {
    guard let value = given[Self.column(key)]?.value else {
      throw error(key, "'\(Self.column(key))' is empty", hint: "Give it on the statement's first row.")
    }
    return value
  }

  func optionalText(_ key: String) throws(InputError) -> String? {
    given[Self.column(key)]?.value
  }

  func error(_ key: String, _ message: String, hint: String?) -> InputError {
    let place = location(of: key) ?? InputLocation(line: rows.first?.number, field: Self.column(key))
    return InputError(file: file, at: place, message: message, hint: hint)
  }

  func mappings(_ key: String, what: String) throws(InputError) -> [CSVEntry] {
    switch key {
    case "changes": return rows(of: .change)
    case "pledges": return rows(of: .pledge)
    case "pledge_outcomes": return rows(of: .outcome)
    case "sources":
      // A source repeated on several rows of the statement, exactly, is one source.
      var seen: Set<[String?]> = []
      var sources: [CSVEntry] = []
      for row in rows where row.cells["source_url"] != nil {
        if !seen.insert(CSVStatementFile.sourceColumns.map { row.cells[$0] }).inserted { continue }
        sources.append(CSVEntry(file: file, row: row))
      }
      return sources
    default: return []
    }
  }

  func texts(_ key: String) throws(InputError) -> [(String, InputLocation)] {
    let entry: CSVStatementFile.Entry
    switch key {
    case "reaffirms": entry = .reaffirm
    case "relates_to": entry = .relates
    default: return []
    }
    var result: [(String, InputLocation)] = []
    for row in rows(of: entry) {
      result.append((try row.text("recommendation"), InputLocation(line: row.row.number, field: "recommendation")))
    }
    return result
  }

  private func rows(of kind: CSVStatementFile.Entry) -> [CSVEntry] {
    entries.filter { $0.entry == kind }.map { CSVEntry(file: file, row: $0.row) }
  }
}

/// One row read as an entry's fields (a change, a pledge, a source…), each at its row and column.
struct CSVEntry: FieldReader {
  let file: String
  let row: CSVStatementFile.Row

  /// The entry's YAML fields that a CSV column names differently.
  private static let columns = [
    "note": "entry_note", "text": "pledge_text", "url": "source_url", "publisher": "source_publisher",
    "title": "source_title",
  ]

  private static func column(_ key: String) -> String { columns[key] ?? key }

  func allowOnly(_ allowed: [String]) throws(InputError) {
    // Each row's columns were checked against its entry when the statement was read.
  }

  func location(of key: String) -> InputLocation? {
    let column = Self.column(key)
    return row.cells[column] == nil ? nil : InputLocation(line: row.number, field: column)
  }

  func text(_ key: String) throws(InputError) -> String {
    guard let value = row.cells[Self.column(key)] else {
      throw error(key, "'\(Self.column(key))' is empty", hint: nil)
    }
    return value
  }

  func optionalText(_ key: String) throws(InputError) -> String? {
    row.cells[Self.column(key)]
  }

  func error(_ key: String, _ message: String, hint: String?) -> InputError {
    InputError(file: file, line: row.number, field: Self.column(key), message: message, hint: hint)
  }

  func mappings(_ key: String, what: String) throws(InputError) -> [CSVEntry] { [] }

  func texts(_ key: String) throws(InputError) -> [(String, InputLocation)] { [] }
}
