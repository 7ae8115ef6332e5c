public import IICSADomain
import Foundation

/// The rules every text a source returns is held to before it is shown or drafted: the same
/// rules as a file's fields (no control or direction-override characters, the same lengths),
/// on one line, and links only to the source's own public pages.
public enum NetworkText {
  /// Why an item was left out.
  public struct Refusal: Error, Hashable, Sendable, CustomStringConvertible {
    public var source: DiscoverySource
    public var item: String
    public var reason: String
    public var description: String { "\(source.label): left out \(item): \(reason)" }
  }

  /// `raw` as one line of plain text: markup removed, runs of white space made one space, and
  /// cut with "…" at the field's length limit (an official title can be longer than a file's
  /// title may be). Throws when what is left breaks the text rules for `field` (`title`,
  /// `speaker`…): a control or direction-override character is never shown.
  public static func line(_ raw: String, field: String, source: DiscoverySource, item: String) throws(Refusal) -> String {
    var text = collapsed(withoutTags(raw))
    let limit = TextRules.limit(for: field)
    if text.count > limit { text = String(text.prefix(limit - 1)) + "…" }
    if let problem = TextRules.problem(text, key: field) {
      throw Refusal(source: source, item: item, reason: problem.message)
    }
    return text
  }

  /// `line` for a field the source may leave out: absent stays absent.
  public static func optionalLine(_ raw: String?, field: String, source: DiscoverySource, item: String) throws(Refusal)
    -> String?
  {
    guard let raw else { return nil }
    return try line(raw, field: field, source: source, item: item)
  }

  /// `raw` when it is a public http(s) address on one of `source`'s own hosts.
  public static func link(_ raw: String, source: DiscoverySource, item: String) throws(Refusal) -> String {
    if let problem = TextRules.urlProblem(raw) ?? TextRules.problem(raw, key: "url")?.message {
      throw Refusal(source: source, item: item, reason: "its link \(problem)")
    }
    guard let host = host(of: raw), source.linkHosts.contains(host) else {
      throw Refusal(
        source: source, item: item,
        reason: "its link is not on \(source.linkHosts.sorted().joined(separator: " or "))")
    }
    return raw
  }

  /// A piece of a path or query built into a link (an id, a date): letters, digits, '-', '_' and
  /// '.' only, so that no answer can steer a link elsewhere.
  public static func pathPiece(_ raw: String, source: DiscoverySource, item: String) throws(Refusal) -> String {
    guard !raw.isEmpty, raw.count <= 120,
      raw.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_.".unicodeScalars.contains($0)) }),
      raw != ".", raw != ".."
    else {
      throw Refusal(source: source, item: item, reason: "its identifier '\(printable(raw))' is not a plain identifier")
    }
    return raw
  }

  /// `text` with anything between '<' and '>' removed and the common entities read: answers
  /// and titles carry HTML, which is shown as plain text, never as markup.
  static func withoutTags(_ text: String) -> String {
    var out = ""
    var inTag = false
    for character in text {
      switch character {
      case "<": inTag = true
      case ">" where inTag: inTag = false; out.append(" ")
      default: if !inTag { out.append(character) }
      }
    }
    for (entity, character) in [("&nbsp;", " "), ("&quot;", "\""), ("&#39;", "'"), ("&apos;", "'"), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&")] {
      out = out.replacingOccurrences(of: entity, with: character)
    }
    return out
  }

  static func collapsed(_ text: String) -> String {
    text.split(whereSeparator: { $0.isWhitespace || $0.isNewline }).joined(separator: " ")
  }

  static func host(of url: String) -> String? {
    guard let start = url.range(of: "://") else { return nil }
    let authority = url[start.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    return authority.split(separator: ":").first.map { $0.lowercased() }
  }

  /// How a message names an item by its title: plain, on one line, at most 60 characters.
  static func label(_ raw: String) -> String {
    "'" + printable(collapsed(withoutTags(raw))) + "'"
  }

  /// Shown in a message without letting it break the line.
  static func printable(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.prefix(60).map { TextRules.forbidden($0) == nil && $0 != "\n" ? $0 : "?" }))
  }
}
