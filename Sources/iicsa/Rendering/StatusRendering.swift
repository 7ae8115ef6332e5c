import Foundation
import IICSADomain
import IICSAReports

/// Renders a `StatusReport` in each output format. Pure: same report, same bytes.
enum StatusRendering {
  static func render(
    _ report: StatusReport, as format: OutputFormat, colour: Bool = false, firstCalled: Bool = false
  ) -> String {
    switch format {
    case .table: return table(report, colour: colour, firstCalled: firstCalled)
    case .json: return JSONOutput.string(StatusJSON(report))
    case .csv: return csv(report)
    case .md: return markdown(report)
    }
  }

  /// With `firstCalled`, a column gives the date each recommendation was first called for.
  static func table(_ report: StatusReport, colour: Bool, firstCalled: Bool = false) -> String {
    var out = "Status as of \(report.asOf)"
    if let knownAt = report.knownAt { out += ", as known at \(knownAt)" }
    out += " (log: \(report.log.length) events, head \(report.log.head.prefix(12)))\n"
    if report.rows.isEmpty { return out + "\nNo recommendations match.\n" }
    for (source, counts) in report.headlineCounts() {
      out += "\n" + ShowRendering.wrap("\(Escape.terminal(source.title)) (\(source.id), \(source.published))", indent: "  ", first: "")
      out += Headline.allCases.compactMap { headline in
        counts[headline].map { "\($0) \(headline.label)" }
      }.joined(separator: " · ") + "\n\n"
      let table = TextTable(
        headers: ["ID", "TITLE", "HEADLINE", "POSITION", "STAGE"] + (firstCalled ? ["FIRST CALLED"] : []),
        rows: report.readingLines(of: source.id).map { line in
          let (row, id, title) = Self.cells(line, short: true)
          return [id, Escape.terminal(title), row.headline.label, row.status.position.label, row.status.stage.label]
            + (firstCalled ? [row.firstCall?.date.description ?? "—"] : [])
        },
        flexibleColumn: 1)
      out += table.render { column, text in
        guard colour, column == 2, let headline = Headline.allCases.first(where: { text.hasPrefix($0.label) }) else {
          return text
        }
        return Terminal.paint(text, headline.colourCode)
      }
    }
    let overdue = report.rows.reduce(0) { $0 + $1.overduePledges }
    if overdue > 0 { out += "\n\(overdue) overdue pledge(s): see `iicsa show ID` for each recommendation.\n" }
    return out
  }

  /// A line's row (the first, for a gathered line: they stand alike), id cell and title
  /// (`short` for a terminal table).
  static func cells(_ line: ReadingLine<StatusRow>, short: Bool = false) -> (row: StatusRow, id: String, title: String) {
    switch line {
    case .one(let row): return (row, row.id.description, row.title)
    case .unconfirmed(let rows):
      let title = short ? ReadingLines.shortTitle(count: rows.count) : ReadingLines.title(count: rows.count)
      return (rows[0], ReadingLines.ids(rows.map(\.id)), title)
    }
  }

  static let csvHeader = [
    "id", "source", "number", "title", "position", "stage", "headline", "last_change_date",
    "last_change_statement", "open_pledges", "overdue_pledges",
  ]

  static func csv(_ report: StatusReport) -> String {
    Escape.csvLine(csvHeader)
      + report.rows.map { row in
        Escape.csvLine([
          row.id.description, row.source.rawValue, String(row.id.number), row.title,
          row.status.position.rawValue, row.status.stage.rawValue, row.headline.rawValue,
          row.lastChange?.date.description ?? "", row.lastChange?.statement.rawValue ?? "",
          String(row.openPledges), String(row.overduePledges),
        ])
      }.joined()
  }

  static func markdown(_ report: StatusReport) -> String {
    var out = "# Status as of \(report.asOf)\n\n"
    if let knownAt = report.knownAt { out += "As known at \(knownAt).\n\n" }
    out += "Log: \(report.log.length) events, head `\(report.log.head)`.\n"
    for (source, counts) in report.headlineCounts() {
      out += "\n## \(Escape.markdownCell(source.title)) (\(source.id), \(source.published))\n\n"
      out += Headline.allCases.map { "\(counts[$0] ?? 0) \($0.label)" }.joined(separator: " · ") + "\n\n"
      out += "| ID | Title | Headline | Position | Stage | Last change |\n"
      out += "|---|---|---|---|---|---|\n"
      for line in report.readingLines(of: source.id) {
        let (row, id, title) = Self.cells(line)
        let last = row.lastChange.map { "\($0.date) (\(Escape.markdownCell($0.statement.rawValue)))" } ?? "—"
        out += "| \(id) | \(Escape.markdownCell(title)) | \(row.headline.label) | "
          + "\(row.status.position.label) | \(row.status.stage.label) | \(last) |\n"
      }
    }
    return out
  }
}

/// The JSON of `status`: the contract of design.md, key for key.
struct StatusJSON: Encodable {
  struct Log: Encodable {
    var length: Int
    var head: String
  }

  struct Row: Encodable {
    var row: StatusRow

    enum CodingKeys: String, CodingKey {
      case id, source, number, title, position, stage, headline, status
      case lastChange = "last_change"
      case openPledges = "open_pledges"
      case overduePledges = "overdue_pledges"
      case firstCalledFor = "first_called_for"
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(row.id.description, forKey: .id)
      try container.encode(row.source.rawValue, forKey: .source)
      try container.encode(row.id.number, forKey: .number)
      try container.encode(row.title, forKey: .title)
      try container.encode(row.status.position.rawValue, forKey: .position)
      try container.encode(row.status.stage.rawValue, forKey: .stage)
      try container.encode(row.headline.rawValue, forKey: .headline)
      try container.encode(StatusJSONValue(row.status, of: row.kind), forKey: .status)
      if let change = row.lastChange {
        try container.encode(["date": change.date.description, "statement": change.statement.rawValue], forKey: .lastChange)
      } else {
        try container.encodeNil(forKey: .lastChange)
      }
      try container.encode(row.openPledges, forKey: .openPledges)
      try container.encode(row.overduePledges, forKey: .overduePledges)
      try container.encode(row.firstCall.map { FirstCallJSON(call: $0) }, forKey: .firstCalledFor)
    }
  }

  var report: StatusReport

  init(_ report: StatusReport) { self.report = report }

  enum CodingKeys: String, CodingKey {
    case asOf = "as_of"
    case knownAt = "known_at"
    case log, recommendations
  }

  func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(report.asOf.description, forKey: .asOf)
    if let knownAt = report.knownAt {
      try container.encode(knownAt.description, forKey: .knownAt)
    } else {
      try container.encodeNil(forKey: .knownAt)
    }
    try container.encode(Log(length: report.log.length, head: report.log.head), forKey: .log)
    try container.encode(report.rows.map(Row.init), forKey: .recommendations)
  }
}

/// JSON output: sorted keys, slashes unescaped, two-space indent, a final newline.
enum JSONOutput {
  static func string(_ value: some Encodable) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
    // Encoding plain strings, numbers and nulls cannot fail.
    let data = (try? encoder.encode(value)) ?? Data("null".utf8)
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
