import Foundation

/// Escaping for every output format, in one place, so that no text from a statement can run as
/// a formula, break a table, or become markup.
enum Escape {
  /// One CSV field (RFC 4180): quoted when needed, and neutralised when a spreadsheet would
  /// read it as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'`),
  /// as OWASP's CSV-injection guidance recommends.
  static func csv(_ text: String) -> String {
    var value = text
    if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
      value = "'" + value
    }
    let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
    if needsQuotes || value.hasPrefix(" ") || value.hasSuffix(" ") {
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
  }

  /// One CSV line from fields, ending in CRLF as RFC 4180 says.
  static func csvLine(_ fields: [String]) -> String {
    fields.map(csv).joined(separator: ",") + "\r\n"
  }

  /// One Markdown table cell: pipes, backslashes and markup characters escaped, line breaks
  /// folded into spaces, HTML neutralised.
  static func markdownCell(_ text: String) -> String {
    var out = ""
    for char in text {
      switch char {
      case "|", "\\", "`", "*", "_", "[", "]", "<", ">":
        out.append("\\")
        out.append(char)
      case "\n", "\r", "\r\n": out.append(" ")
      default: out.append(char)
      }
    }
    return out
  }

  /// Text for HTML and XML: the five special characters as entities.
  static func html(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for char in text {
      switch char {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(char)
      }
    }
    return out
  }

  /// Text for a terminal: control characters (escape sequences could repaint the screen)
  /// shown as `?`.
  static func terminal(_ text: String) -> String {
    String(text.map { $0.isNewline ? " " : ($0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } ? "?" : $0) })
  }
}
