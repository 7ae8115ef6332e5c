import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

/// An export's or a site's `MANIFEST`: what it was made from, and the SHA-256 of each file.
///
/// Plain text, one `key: value` per line, then one line per file in `sha256sum` form
/// (`HEX  NAME`), so that `sha256sum -c MANIFEST` checks the files too (it warns about the
/// key lines and ignores them).
struct Manifest: Hashable {
  /// The export's month; nil for a site, which holds every month.
  var month: Month?
  var asOf: Day
  var knownAt: KnownAt
  var log: LogHead
  /// File name → lower-case hex SHA-256, sorted by name when written.
  var files: [String: String]

  /// A site of 150,000 events lists about 150,000 files in some 20 MB; this bounds a hostile one.
  static let maximumBytes = 256 << 20

  static let title = "iicsa monthly export"
  static let siteTitle = "iicsa site"

  var text: String {
    var out = month == nil ? "\(Manifest.siteTitle)\n" : "\(Manifest.title)\n"
    if let month { out += "month: \(month)\n" }
    out += "as_of: \(asOf)\nknown_at: \(knownAt)\n"
    out += "log_length: \(log.length)\nlog_head: \(log.head)\n\n"
    for name in files.keys.sorted() { out += "\(files[name] ?? "")  \(name)\n" }
    return out
  }

  /// Parses a manifest, naming the first line that is not one.
  static func parse(_ text: String, file: String) throws -> Manifest {
    var values: [String: String] = [:]
    var files: [String: String] = [:]
    var isSite = false
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
    {
      if index == 0 {
        guard line == title || line == siteTitle else {
          throw CommandError("\(file):1: is not an iicsa export or site manifest.")
        }
        isSite = line == siteTitle
        continue
      }
      if line.isEmpty { continue }
      if let colon = line.firstIndex(of: ":"), !line.hasPrefix(" "),
        let key = Optional(String(line[..<colon])),
        // `key` names the signer of a signed manifest (SignedText), checked before parsing.
        ["month", "as_of", "known_at", "log_length", "log_head", "key"].contains(key)
      {
        if values[key] != nil { throw CommandError("\(file):\(index + 1): gives '\(key)' twice.") }
        values[key] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        continue
      }
      let parts = line.split(separator: " ", maxSplits: 1)
      guard parts.count == 2, parts[0].count == 64, parts[0].allSatisfy({ $0.isASCII && $0.isHexDigit }),
        let name = Optional(parts[1].drop { $0 == " " }),
        isSite ? isRelativePath(String(name)) : isPlainName(String(name))
      else {
        throw CommandError(
          "\(file):\(index + 1): expected `SHA256  FILE`, found '\(Escape.terminal(String(line)))'."
        )
      }
      if files[String(name)] != nil { throw CommandError("\(file):\(index + 1): lists \(Escape.terminal(String(name))) twice.") }
      files[String(name)] = parts[0].lowercased()
    }
    let month = values["month"].flatMap(Month.init(iso:))
    guard isSite || month != nil, let asOf = values["as_of"].flatMap({ Day(iso: $0) }),
      let knownAt = values["known_at"].flatMap({ KnownAt(description: $0) }),
      let length = values["log_length"].flatMap({ Int($0) }), let head = values["log_head"]
    else {
      throw CommandError("\(file): lacks one of month, as_of, known_at, log_length, log_head.")
    }
    // A head that matches nothing cannot be made to match every log.
    let isHash = head.utf8.count == 64 && head.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    guard length >= 0, isHash || (length == 0 && head.isEmpty) else {
      throw CommandError(
        "\(file): log_length \(length) and log_head '\(Escape.terminal(head))' are not a log's length and head "
          + "(a count of events and 64 lower-case hex digits).")
    }
    return Manifest(
      month: month, asOf: asOf, knownAt: knownAt, log: LogHead(length: length, head: head),
      files: files)
  }

  /// A file name without folders, so a manifest cannot point outside its own folder.
  static func isPlainName(_ name: String) -> Bool {
    !name.isEmpty && !name.contains("/") && !name.contains("\\") && name != "." && name != ".."
  }

  /// A path inside the manifest's folder (a site's `recommendations/iicsa-13/index.html`): plain
  /// names joined by `/`, none of them `.` or `..`, so it cannot point outside.
  static func isRelativePath(_ path: String) -> Bool {
    !path.hasPrefix("/") && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { isPlainName(String($0)) }
  }
}
