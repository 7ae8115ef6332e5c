import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A plain-text table that fits a given width: the widest column is shortened with `…`.
struct TextTable {
  var headers: [String]
  var rows: [[String]]
  /// The column that gives way when the table is too wide.
  var flexibleColumn: Int
  var width = 80
  var gap = "  "

  func render(colour: (Int, String) -> String = { _, text in text }) -> String {
    var widths = headers.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    let fixed = widths.enumerated().filter { $0.offset != flexibleColumn }.map(\.element).reduce(0, +)
    let room = width - 1 - fixed - gap.count * (widths.count - 1)
    widths[flexibleColumn] = max(8, min(widths[flexibleColumn], room))
    func line(_ cells: [String], _ paint: Bool) -> String {
      var parts: [String] = []
      for (index, cell) in cells.enumerated() {
        let fitted = TextTable.fit(cell, widths[index])
        let padded = index == cells.count - 1 ? fitted : fitted.padding(to: widths[index])
        parts.append(paint ? colour(index, padded) : padded)
      }
      return parts.joined(separator: gap).trailingSpacesRemoved + "\n"
    }
    return line(headers, false) + rows.map { line($0, true) }.joined()
  }

  static func fit(_ text: String, _ width: Int) -> String {
    text.count <= width ? text : String(text.prefix(width - 1)) + "…"
  }
}

extension String {
  func padding(to width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  var trailingSpacesRemoved: String {
    var copy = self
    while copy.last == " " { copy.removeLast() }
    return copy
  }
}

/// Whether to colour output: only on a terminal, never with NO_COLOR (no-color.org) or TERM=dumb.
enum Terminal {
  static var wantsColour: Bool {
    let environment = ProcessInfo.processInfo.environment
    if environment["NO_COLOR"].map({ !$0.isEmpty }) ?? false { return false }
    if environment["TERM"] == "dumb" { return false }
    return isatty(STDOUT_FILENO) == 1
  }

  static func paint(_ text: String, _ code: String) -> String { "\u{1B}[\(code)m\(text)\u{1B}[0m" }
}
