import Foundation
import IICSADomain

/// Escaping for every output format, in one place, so that no text from a statement can run as
/// a formula, break a table, or become markup.
enum Escape {
  /// One CSV field (RFC 4180): quoted when needed, and neutralised when a spreadsheet would
  /// read it as a formula (a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'`),
  /// as OWASP's CSV-injection guidance recommends.
  static func csv(_ text: String) -> String {
    var value = text
    // Text that already starts with apostrophes before a formula character gets one more, so
    // that reading it back (`isNeutralised`) takes away only the one added here.
    if let first = value.utf8.first(where: { $0 != UInt8(ascii: "'") }), Array("=+-@\t\r".utf8).contains(first) {
      value = "'" + value
    }
    // On bytes: a CR LF pair is one Character, equal to neither "\r" nor "\n".
    let needsQuotes = value.utf8.contains {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
    }
    if needsQuotes || value.hasPrefix(" ") || value.hasSuffix(" ") {
      return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return value
  }

  /// Whether `cell` (as read, trimmed) starts with the apostrophe that `csv` adds before a
  /// formula: one or more apostrophes, then =, +, - or @.
  static func isNeutralised(_ cell: String) -> Bool {
    let bytes = cell.utf8
    guard bytes.first == UInt8(ascii: "'"), let next = bytes.first(where: { $0 != UInt8(ascii: "'") }) else { return false }
    return Array("=+-@".utf8).contains(next)
  }

  /// One CSV line from fields, ending in CRLF as RFC 4180 says.
  static func csvLine(_ fields: [String]) -> String {
    fields.map(csv).joined(separator: ",") + "\r\n"
  }

  /// One Markdown table cell: pipes, backslashes and markup characters escaped, line breaks
  /// folded into spaces, HTML neutralised.
  static func markdownCell(_ text: String) -> String {
    // Most text has nothing to escape: say so from its bytes (every special character is ASCII).
    if !text.utf8.contains(where: { markdownSpecial.contains($0) }) { return text }
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

  /// A Markdown link, `[label](<url>)`, with the label escaped as a cell is; only the label when
  /// `url` is not a web address. Every Markdown link goes through here, so no URL can close
  /// the link and become markup.
  static func markdownLink(_ label: String, url: String) -> String {
    guard SourceLink(url: url, publisher: "").hasWebURL else { return markdownCell(label) }
    return "[\(markdownCell(label))](<\(markdownURL(url))>)"
  }

  /// A URL inside Markdown's `<…>` link form: `<`, `>` and `\` percent-encoded, so it cannot
  /// end the form early or escape its end.
  private static func markdownURL(_ url: String) -> String {
    url.replacingOccurrences(of: "\\", with: "%5C").replacingOccurrences(of: "<", with: "%3C")
      .replacingOccurrences(of: ">", with: "%3E")
  }

  /// Text for HTML and XML: the five special characters as entities.
  static func html(_ text: String) -> String {
    if !text.utf8.contains(where: { htmlSpecial.contains($0) }) { return text }
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

  private static let markdownSpecial = Set("|\\`*_[]<>\n\r".utf8)
  private static let htmlSpecial = Set("&<>\"'".utf8)

  /// Text for a terminal: control characters (escape sequences could repaint the screen)
  /// shown as `?`.
  static func terminal(_ text: String) -> String {
    // Printable ASCII has no line breaks and no control characters.
    if text.utf8.allSatisfy({ (0x20..<0x7f).contains($0) }) { return text }
    return String(text.map { $0.isNewline ? " " : ($0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } ? "?" : $0) })
  }
}
