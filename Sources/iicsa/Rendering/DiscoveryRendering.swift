import Foundation
import IICSADiscovery
import IICSADomain

/// Renders what `discover` found in each output format. Pure: same result, same bytes.
enum DiscoveryRendering {
  static func render(_ result: DiscoveryResult, as format: OutputFormat) -> String {
    switch format {
    case .table: return text(result)
    case .json: return JSONOutput.string(DiscoveryJSON(result))
    case .csv: return csv(result)
    case .md: return markdown(result)
    }
  }

  /// "12 items from 2026-09-30 through 2026-12-07 that the record does not cite (3 it cites left out)."
  static func summary(_ result: DiscoveryResult) -> String {
    let count = result.candidates.count
    var line = "\(count) item\(count == 1 ? "" : "s") from \(result.period.from) through \(result.period.through) "
    line += "that the record does not cite"
    if result.alreadyCited > 0 { line += " (\(result.alreadyCited) it cites left out)" }
    line += ". Asked: " + result.asked.map(\.label).joined(separator: ", ") + "."
    if !result.failures.isEmpty {
      line += " Did not answer: " + result.failures.map(\.source.label).joined(separator: ", ") + "."
    }
    return line
  }

  /// The recommendations (or, failing those, the reports) an item matched, and the terms.
  static func matched(_ candidate: Candidate) -> String {
    let ids = candidate.recommendations.map(\.description) + candidate.reports.map(\.rawValue)
    return ids.joined(separator: ", ")
  }

  static func terms(_ candidate: Candidate) -> String {
    candidate.terms.sorted().map { "'\($0)'" }.joined(separator: ", ")
  }

  /// One block per item, newest first: titles are too long for columns, and each is read
  /// with its link.
  static func text(_ result: DiscoveryResult) -> String {
    let t = Escape.terminal
    var out = ShowRendering.wrap(summary(result), indent: "", first: "")
    if result.candidates.isEmpty { return out + "\nNothing new was found.\n" }
    let indent = "            "
    for candidate in result.candidates {
      out += "\n\(candidate.date)  \(t(candidate.title))\n"
      var who = candidate.kind.label + ", " + candidate.source.label
      if let speaker = candidate.speaker { who += "; " + t(speaker) }
      if let body = candidate.body { who += " (" + t(body) + ")" }
      out += ShowRendering.wrap(who, indent: indent)
      if let detail = candidate.detail { out += ShowRendering.wrap(t(detail), indent: indent) }
      out += indent + t(candidate.link) + "\n"
      out += ShowRendering.wrap("Matches \(matched(candidate)) by \(t(terms(candidate)))", indent: indent)
    }
    return out
  }

  static let csvHeader = [
    "date", "source", "kind", "title", "link", "speaker", "body", "detail", "recommendations", "reports", "terms",
  ]

  static func csv(_ result: DiscoveryResult) -> String {
    Escape.csvLine(csvHeader)
      + result.candidates.map { candidate in
        Escape.csvLine([
          candidate.date.description, candidate.source.rawValue, candidate.kind.rawValue, candidate.title, candidate.link,
          candidate.speaker ?? "", candidate.body ?? "", candidate.detail ?? "",
          candidate.recommendations.map(\.description).joined(separator: " "),
          candidate.reports.map(\.rawValue).joined(separator: " "), candidate.terms.sorted().joined(separator: "; "),
        ])
      }.joined()
  }

  static func markdown(_ result: DiscoveryResult) -> String {
    let cell = Escape.markdownCell
    var out = "# What the sources said\n\n" + cell(summary(result)) + "\n\n"
    if result.candidates.isEmpty { return out + "Nothing new was found.\n" }
    out += "| Date | Item | Kind | Who | Matches |\n|---|---|---|---|---|\n"
    for candidate in result.candidates {
      let who = [candidate.speaker, candidate.body].compactMap { $0 }.joined(separator: ", ")
      out += "| \(candidate.date) | \(Escape.markdownLink(candidate.title, url: candidate.link)) | "
      out += "\(cell(candidate.kind.label)) | \(cell(who)) | \(cell(matched(candidate))) (\(cell(terms(candidate)))) |\n"
    }
    return out
  }
}

/// `discover --format json`: the period, every source asked and whether it answered, and the items.
struct DiscoveryJSON: Encodable {
  struct Item: Encodable {
    var date: String
    var source: String
    var kind: String
    var title: String
    var link: String
    var speaker: String?
    var body: String?
    var detail: String?
    var recommendations: [String]
    var reports: [String]
    var terms: [String]
  }

  struct Failure: Encodable {
    var source: String
    var error: String
  }

  var from: String
  var through: String
  var asked: [String]
  var failed: [Failure]
  var complete: Bool
  var already_cited: Int
  var left_out: [String]
  var unread: [String]
  var items: [Item]

  init(_ result: DiscoveryResult) {
    from = result.period.from.description
    through = result.period.through.description
    asked = result.asked.map(\.rawValue)
    failed = result.failures.map { Failure(source: $0.source.rawValue, error: $0.description) }
    complete = result.complete
    already_cited = result.alreadyCited
    left_out = result.refused.map(\.description)
    unread = result.unread
    items = result.candidates.map { candidate in
      Item(
        date: candidate.date.description, source: candidate.source.rawValue, kind: candidate.kind.rawValue,
        title: candidate.title, link: candidate.link, speaker: candidate.speaker, body: candidate.body,
        detail: candidate.detail, recommendations: candidate.recommendations.map(\.description),
        reports: candidate.reports.map(\.rawValue), terms: candidate.terms.sorted())
    }
  }
}
