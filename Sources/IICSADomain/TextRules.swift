import Foundation

/// What every text field read from a file must be, beyond being text: short enough to print, and
/// free of characters that hide or disguise what it says. Checked as the file is read, so a
/// refused value never reaches the log; events already recorded are never re-judged by them.
public enum TextRules {
  /// Fields of running prose; everything else is a name, a title or a label.
  public static let longFields: Set<String> = ["summary", "note", "reason", "text", "basis"]
  public static let longLimit = 10_000
  public static let shortLimit = 300
  public static let urlLimit = 2_000

  /// The most characters `key` may hold.
  public static func limit(for key: String) -> Int {
    if key == "url" { return urlLimit }
    return longFields.contains(key) ? longLimit : shortLimit
  }

  /// Why `value` cannot stand in field `key`, with what to do; nil when it can. `name` is the
  /// field as the file calls it (a CSV column can name a YAML field differently).
  public static func problem(_ value: String, key: String, name: String? = nil) -> (message: String, hint: String)? {
    let name = name ?? key
    let limit = limit(for: key)
    let count = value.count
    if count > limit {
      return (
        "'\(name)' is \(count) characters long; the limit is \(limit)",
        longFields.contains(key)
          ? "Shorten it: paraphrase, and link the source for the full text."
          : "Shorten it; put the detail in 'summary' or 'note'.")
    }
    for scalar in value.unicodeScalars {
      if let character = forbidden(scalar) {
        return (
          "'\(name)' holds \(character) (U+\(String(scalar.value, radix: 16, uppercase: true)))",
          "Remove it: control and direction-override characters can hide or reorder what a text says.")
      }
    }
    return nil
  }

  /// The name of a character no text field may hold: C0 and C1 controls but tab and newline, and
  /// the bidirectional embeddings, overrides and isolates.
  public static func forbidden(_ scalar: Unicode.Scalar) -> String? {
    switch scalar.value {
    case 0x09, 0x0A: return nil
    case 0x00...0x1F, 0x7F...0x9F: return "a control character"
    case 0x202A...0x202E, 0x2066...0x2069: return "a bidirectional override character"
    default: return nil
    }
  }

  /// Why `url` is not a public web address a reader can trust at a glance; nil when it is. The
  /// host must be a public DNS name (letters, digits, hyphens, at least one dot, a top-level
  /// domain of letters): no IP address, and no user info before it, which would make
  /// `https://www.gov.uk@evil.example/` open `evil.example`.
  public static func urlProblem(_ url: String) -> String? {
    let lower = url.lowercased()
    guard let schemeEnd = lower.range(of: "://"), ["http", "https"].contains(String(lower[..<schemeEnd.lowerBound])) else {
      return "is not an http(s) URL"
    }
    let rest = url[schemeEnd.upperBound...]
    let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    if authority.contains("@") { return "has user info before its host ('…@'), so it opens another site than it seems to" }
    if authority.hasPrefix("[") { return "has an IP address as its host: give the public address by its name, as the browser shows it" }
    var host = Substring(authority)
    if let colon = host.lastIndex(of: ":") {
      let port = host[host.index(after: colon)...]
      guard !port.isEmpty, port.count <= 5, port.allSatisfy(\.isASCII), port.allSatisfy(\.isNumber), let number = Int(port),
        (1...65535).contains(number)
      else {
        return "has a port that is not a number from 1 to 65535"
      }
      host = host[..<colon]
    }
    if host.isEmpty { return "has no host" }
    let labels = host.split(separator: ".", omittingEmptySubsequences: false)
    let valid =
      labels.count >= 2
      && labels.allSatisfy { label in
        (1...63).contains(label.count) && label.first != "-" && label.last != "-"
          && label.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" }
      }
    if !valid { return "has '\(host)' as its host, which is not a valid host name (write an international name in its xn-- form)" }
    // A public name ends in a top-level domain of letters (or its xn-- form): this refuses IP
    // addresses (a reader cannot tell whose they are, and private ones lead nowhere) and
    // numeric hosts that are no address at all.
    if let top = labels.last, !(top.allSatisfy { $0.isASCII && $0.isLetter } || top.lowercased().hasPrefix("xn--")) {
      return "has '\(host)' as its host, which is an IP address or has no top-level domain: give the public address by its name, as the browser shows it"
    }
    if url.unicodeScalars.contains(where: { $0.properties.isWhitespace }) { return "contains white space" }
    return nil
  }
}
