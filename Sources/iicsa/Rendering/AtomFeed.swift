import IICSADomain
import IICSAReports

/// `feed.atom`: an Atom 1.0 feed (RFC 4287) with one entry per statement of the export's feed
/// (the `MonthlyExport.feedLimit` newest dated on or before the status day), newest first.
///
/// Entry ids are tag URIs (RFC 4151) built from the statement id alone, so a feed reader sees
/// the same entry across months; `updated` is when the statement (or its correction) entered
/// the record, so a corrected statement shows up again as updated.
enum AtomFeed {
  static let feedID = "tag:iicsa,2026:feed"

  static func entryID(_ statement: EventID) -> String { "tag:iicsa,2026:statement/\(statement)" }

  static func render(_ export: MonthlyExport) -> String {
    let x = xml
    let entries = export.statements.sorted {
      ($0.statement.statement.date, $0.statement.sequence) > (
        $1.statement.statement.date, $1.statement.sequence
      )
    }
    // The newest recording time among the entries, never the clock: the same known-at gives the
    // same feed.
    let updated = entries.map(\.statement.recordedAt).max() ?? export.knownAt.time
    var out = """
      <?xml version="1.0" encoding="utf-8"?>
      <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en-GB">
        <id>\(feedID)</id>
        <title>Government promises on child sexual abuse: statements</title>
        <subtitle>Statements recorded by iicsa, with what each changed; export of \(export.month), status on \(export.asOf); log \(export.status.log.length) events, head \(export.status.log.head) (check it with iicsa verify --head).</subtitle>
        <updated>\(updated)</updated>
        <author><name>iicsa</name></author>
        <generator>iicsa</generator>

      """
    for entry in entries {
      let s = entry.statement.statement
      var text = "\(s.speaker), \(s.role) (\(s.kind.rawValue)), \(s.date).\n\n\(s.summary)\n"
      if !entry.effects.isEmpty { text += "\n" }
      for effect in entry.effects {
        let pledge = entry.pledge(of: effect.what)
        text += "\(effect.recommendation): \(ChangeText.effect(effect.what, pledge: pledge))\n"
      }
      text += "\n" + s.sources.map { "Source: \($0.url) (\($0.publisher))" }.joined(separator: "\n")
      out += "  <entry>\n"
      out += "    <id>\(entryID(s.id))</id>\n"
      out += "    <title type=\"text\">\(x("\(s.date): \(s.title)"))</title>\n"
      out += "    <updated>\(entry.statement.recordedAt)</updated>\n"
      out += "    <published>\(s.date)T00:00:00Z</published>\n"
      for link in s.sources where link.hasWebURL {
        out +=
          "    <link rel=\"related\" href=\"\(x(link.url))\" title=\"\(x(link.publisher))\"/>\n"
      }
      if let first = s.sources.first(where: \.hasWebURL) {
        out += "    <link rel=\"alternate\" href=\"\(x(first.url))\"/>\n"
      }
      for id in s.recommendations { out += "    <category term=\"\(id)\"/>\n" }
      out += "    <summary type=\"text\">\(x(text))</summary>\n"
      out += "  </entry>\n"
    }
    for row in export.alerts { out += alertEntry(row, updated: updated) }
    return out + "</feed>\n"
  }

  /// One entry per alert of the month. Its id names the alert itself (day, kind, recommendation,
  /// pledge), so the same alert keeps its entry in every later export that carries it.
  static func alertEntry(_ row: AlertRow, updated: Timestamp) -> String {
    let x = xml
    let alert = row.alert
    let id = [alert.date.description, alert.kind.rawValue, alert.recommendation.description, alert.pledge?.description]
      .compactMap { $0 }.joined(separator: "/")
    var text = "\(alert.recommendation) \(row.title): \(AlertText.describe(alert)).\n\n\(row.statementTitle)"
    if let url = row.sourceURL { text += "\nSource: \(url)" }
    var out = "  <entry>\n"
    out += "    <id>tag:iicsa,2026:alert/\(x(id))</id>\n"
    out += "    <title type=\"text\">\(x("\(alert.date): \(alert.recommendation) \(AlertText.describe(alert))"))</title>\n"
    out += "    <updated>\(updated)</updated>\n"
    out += "    <published>\(alert.date)T00:00:00Z</published>\n"
    if let url = row.sourceURL { out += "    <link rel=\"alternate\" href=\"\(x(url))\"/>\n" }
    out += "    <category term=\"\(alert.recommendation)\"/>\n"
    out += "    <category term=\"alert:\(alert.kind.rawValue)\"/>\n"
    out += "    <summary type=\"text\">\(x(text))</summary>\n"
    return out + "  </entry>\n"
  }

  /// Text for XML 1.0: entities for the special characters, and the control characters XML
  /// cannot carry at all dropped (an escape cannot make them legal).
  static func xml(_ text: String) -> String {
    // Nearly every text is legal XML as it is: check its bytes (every illegal character is a
    // control below 0x20, or U+FFFE/U+FFFF, which start with 0xEF in UTF-8) before copying it.
    if !text.utf8.contains(where: { ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0xEF }) {
      return Escape.html(text)
    }
    let legal = String(
      String.UnicodeScalarView(
        text.unicodeScalars.filter { scalar in
          (scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF)
            || scalar == "\t" || scalar == "\n" || scalar == "\r"
        }))
    return Escape.html(legal)
  }
}
