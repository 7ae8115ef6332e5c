import Foundation
import IICSADomain
import IICSAReports

/// The export's CSV, JSON and Markdown files.
enum ExportFiles {
  static let statusCSVHeader = StatusRendering.csvHeader + ["last_change_source_url"]

  /// `status.csv`: `status --format csv` plus the URL the last change is cited to.
  static func statusCSV(_ export: MonthlyExport) -> String {
    Escape.csvLine(statusCSVHeader)
      + export.status.rows.map { row in
        Escape.csvLine([
          row.id.description, row.source.rawValue, String(row.id.number), row.title,
          row.status.position.rawValue, row.status.stage.rawValue, row.headline.rawValue,
          row.lastChange?.date.description ?? "", row.lastChange?.statement.rawValue ?? "",
          String(row.openPledges), String(row.overduePledges),
          row.lastChange.flatMap { export.sourceURL(of: $0.statement) } ?? "",
        ])
      }.joined()
  }

  static let changesCSVHeader = [
    "date", "statement", "statement_title", "speaker", "recommendation", "recommendation_title",
    "from_position", "to_position", "from_stage", "to_stage", "from_headline", "to_headline",
    "note", "reason", "source_url",
  ]

  /// `changes.csv`: one row per change dated in the month, one value per cell.
  static func changesCSV(_ export: MonthlyExport) -> String {
    Escape.csvLine(changesCSVHeader)
      + export.changes.map { change in
        let s = change.statement.statement
        return Escape.csvLine([
          change.date.description, s.id.rawValue, s.title, s.speaker,
          change.recommendation.description,
          change.title, change.from.position.rawValue, change.to.position.rawValue,
          change.from.stage.rawValue, change.to.stage.rawValue, change.from.headline(for: change.kind).rawValue,
          change.to.headline(for: change.kind).rawValue, change.note ?? "", change.reason ?? "",
          change.sourceURL ?? "",
        ])
      }.joined()
  }

  /// What the export's pledge list holds, and where the rest is: one sentence under the overdue
  /// pledges of `index.html` and `status.md`.
  /// Its words hold no markup, so `code` (which marks up a file or command) is all that formats.
  static func pledgeNote(_ export: MonthlyExport, code: (String) -> String) -> String {
    let (open, ended) = export.pledgeCounts
    return "\(code("status.json")) lists the \(open) pledge\(open == 1 ? "" : "s") open on \(export.asOf) "
      + "and the \(ended) that ended in \(export.monthName); "
      + "\(code("iicsa pledges --as-of \(export.asOf)")) lists every pledge made by then."
  }

  /// `status.json`: the `status` contract, plus `month`, `changes` and `pledges`.
  static func statusJSON(_ export: MonthlyExport) -> String {
    JSONOutput.string(ExportJSON(export: export))
  }

  /// `status.md`: a newsletter summary, then the full table.
  static func markdown(_ export: MonthlyExport) -> String {
    let m = Escape.markdownCell
    let status = export.status
    var out = "# Government promises on child sexual abuse: \(export.monthName)\n\n"
    out += "Status on \(export.asOf), as the record stood at \(export.knownAt). "
    out += "Log: \(status.log.length) events, head `\(status.log.head)`.\n\n"
    out += "## Headlines\n\n"
    // One column per headline, from the vocabulary itself, so a new headline cannot shift the
    // counts under the wrong column.
    let labels = Headline.allCases.map(\.label.uppercasedFirst)
    out += "| Source | " + labels.joined(separator: " | ") + " | Total |\n"
    out += "|---|" + String(repeating: "---:|", count: labels.count + 1) + "\n"
    for (source, counts) in status.headlineCounts() {
      let total = counts.values.reduce(0, +)
      out +=
        "| \(m(source.title)) (\(source.id)) | "
        + Headline.allCases.map { String(counts[$0] ?? 0) }.joined(separator: " | ")
        + " | \(total) |\n"
    }
    out += "\n## What changed in \(export.monthName)\n\n"
    if export.changes.isEmpty { out += "No status changed this month.\n" }
    for change in export.changes {
      let s = change.statement.statement
      var line =
        "- \(change.date) **\(change.recommendation)** \(m(change.title)): "
        + m(ChangeText.describe(from: change.from, to: change.to))
        + " — \(m(s.title)) (\(m(s.speaker)))"
      if let url = change.sourceURL, let publisher = s.sources.first?.publisher {
        line += " " + Escape.markdownLink(publisher, url: url)
      }
      out += line + "\n"
    }
    out += "\n## What weakened in \(export.monthName)\n\n"
    out += export.alerts.isEmpty ? "Nothing weakened this month.\n" : AlertRendering.markdownTable(export.alerts)
    out += "\n## Overdue pledges\n\n"
    let overdue = export.overduePledges
    out += overdue.isEmpty ? "None.\n" : PledgeRendering.markdownTable(overdue)
    out += "\n" + pledgeNote(export, code: { "`\($0)`" }) + "\n"
    out += "\n## What was checked\n\n" + checkedMarkdown(export)
    out += "\n## Every recommendation\n\n"
    out += "| ID | Title | Headline | Position | Stage | Last change |\n|---|---|---|---|---|---|\n"
    for line in status.sources.flatMap({ status.readingLines(of: $0.id) }) {
      let (row, id, title) = StatusRendering.cells(line)
      var last = "—"
      if let change = row.lastChange {
        let label = "\(change.date) \(change.statement.rawValue)"
        last = export.statusURL(row).map { Escape.markdownLink(label, url: $0) } ?? m(label)
      }
      out +=
        "| \(id) | \(m(title)) | \(row.headline.label) | \(row.status.position.label) "
        + "| \(row.status.stage.label) | \(last) |\n"
    }
    return out
  }
}

extension ExportFiles {
  /// The searches that reached into the month, then each recommendation's last check on the
  /// status day: a quiet month reads differently when nobody looked.
  static func checkedMarkdown(_ export: MonthlyExport) -> String {
    let m = Escape.markdownCell
    let lines = SweepText.month(export)
    let list = lines.searches.isEmpty ? lines.none + "\n" : lines.searches.map { "- " + m($0) + "\n" }.joined()
    return list + "\n" + m(lines.lastChecked) + "\n"
  }
}

/// `status.json`: exactly `StatusJSON`'s keys, and four more.
struct ExportJSON: Encodable {
  var export: MonthlyExport

  enum CodingKeys: String, CodingKey { case month, changes, pledges, alerts, sweeps }

  struct Change: Encodable {
    var change: MonthChange

    enum CodingKeys: String, CodingKey {
      case date, statement, recommendation, from, to, note, reason
      case sourceURL = "source_url"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(change.date, forKey: .date)
      try c.encode(change.statement.statement.id, forKey: .statement)
      try c.encode(change.recommendation, forKey: .recommendation)
      try c.encode(StatusJSONValue(change.from, of: change.kind), forKey: .from)
      try c.encode(StatusJSONValue(change.to, of: change.kind), forKey: .to)
      try c.encode(change.note, forKey: .note)
      try c.encode(change.reason, forKey: .reason)
      try c.encode(change.sourceURL, forKey: .sourceURL)
    }
  }

  func encode(to encoder: any Encoder) throws {
    try StatusJSON(export.status).encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(export.month.description, forKey: .month)
    try c.encode(export.changes.map(Change.init), forKey: .changes)
    try c.encode(export.pledges.map(PledgeRowJSON.init), forKey: .pledges)
    try c.encode(export.alerts.map(AlertRowJSON.init), forKey: .alerts)
    try c.encode(export.sweeps.map { SweepJSON(entry: $0) }, forKey: .sweeps)
  }
}
