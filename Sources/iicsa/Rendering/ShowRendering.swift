import Foundation
import IICSADomain
import IICSAReports

/// Renders `show` for reading (text) and for newsletters (Markdown).
enum ShowRendering {
  static func text(_ detail: RecommendationDetail) -> String {
    let rec = detail.state.recommendation
    let t = Escape.terminal
    var out = "\(rec.id)  \(t(rec.title))\n"
    // A long history runs to megabytes: growing by doubling would hold two copies at the peak.
    out.reserveCapacity(4_096 + 1_024 * detail.steps.count)
    out += "Source:     \(t(detail.report.title)) (\(detail.report.id), published \(detail.report.published))\n"
    out += "            \(t(detail.report.url))\n"
    out += "For:        \(t(rec.addressedTo.joined(separator: ", ")))" + (rec.lead.map { " · lead: \(t($0))" } ?? "") + "\n"
    out += wrap("\(rec.confidence.rawValue)" + (rec.note.map { " — \(t($0))" } ?? ""), indent: "            ", first: "Confidence: ") + "\n"
    out += wrap(t(rec.text), indent: "") + "\n"
    for link in rec.sources { out += "  Read in: \(t(link.url)) (\(t(link.publisher)))\n" }
    let status = detail.state.status
    out += "\nStatus on \(detail.day): \(detail.state.headline.label) — position \(status.position.rawValue), stage \(status.stage.rawValue)"
    if let last = detail.state.lastChange { out += "\n  since \(last.date), \(last.statement)" }
    if let (call, by) = detail.firstCall {
      out += "\n" + wrap("\(FirstCallText.line(call, by: t(by), on: detail.day))", indent: "  ", first: "")
      out.removeLast()
    }
    for (index, line) in SweepText.lines(detail.checked).enumerated() {
      out += "\n" + wrap(t(line), indent: index == 0 ? "  " : "    ", first: index == 0 ? "" : "  ")
      out.removeLast()
    }
    out += "\n\nHistory\n"
    let published = "\n\(detail.report.published)  Published in \(detail.report.id)\n"
    var publishedShown = false
    for step in detail.steps {
      if !publishedShown && step.date >= detail.report.published {
        out += published
        publishedShown = true
      }
      let s = step.statement.statement
      let when = step.date.description + (s.datePrecision == .day ? "" : " (\(s.datePrecision.rawValue) only)")
      out += "\n\(when)  " + step.whats.map(headline).joined(separator: "\n            ") + "\n"
      out += wrap("\(t(s.title)) — \(t(s.speaker)), \(t(s.role)) [\(s.kind.rawValue)]", indent: "            ")
      out += wrap(t(s.summary), indent: "            ")
      for case .changed(_, _, let note, let reason) in step.whats {
        if let note { out += wrap("Note: " + t(note), indent: "            ") }
        if let reason { out += wrap("Reason: " + t(reason), indent: "            ") }
      }
      for case .pledgeEnded(_, _, let note?) in step.whats { out += wrap("Note: " + t(note), indent: "            ") }
      for alert in detail.alerts(of: step) { out += wrap("ALERT: " + AlertText.describe(alert), indent: "            ") }
      if s.confidence != .confirmed || s.note != nil {
        out += wrap("Confidence: \(s.confidence.rawValue)" + (s.note.map { ". \(t($0))" } ?? ""), indent: "            ")
      }
      out += CorrectionText.lines(step.corrections, indent: "            ")
      for link in s.sources { out += "            Source: \(t(link.url)) (\(t(link.publisher)))\n" }
      out += "            Id: \(s.id)\n"
    }
    if !publishedShown { out += published }
    if !detail.retracted.isEmpty {
      out += "\nWithdrawn from the record\n"
      for entry in detail.retracted {
        guard let s = entry.retracted else { continue }
        out += "\n" + wrap(t(s.title), indent: "            ", first: "\(s.date)  ")
        out += CorrectionText.lines([entry.record], indent: "            ")
        out += "            Id: \(s.id)\n"
      }
    }
    if !detail.pledges.isEmpty {
      out += "\nPledges\n"
      for record in detail.pledges {
        out += "\n" + wrap("\(record.madeOn)  \(t(record.pledge.text))", indent: "            ", first: "")
        out += "            \(t(PledgeText.terms(record.pledge)))\n"
        if let slip = PledgeText.slip(record) { out += "            \(slip)\n" }
        out += "            \(pledgeState(record.status(on: detail.day)))\n"
        if case .ended(let end, _) = record.status(on: detail.day), let note = end.note {
          out += wrap("Note: " + t(note), indent: "            ")
        }
      }
    }
    return out
  }

  static func markdown(_ detail: RecommendationDetail) -> String {
    let rec = detail.state.recommendation
    let status = detail.state.status
    let m = Escape.markdownCell
    var out = "# \(rec.id): \(m(rec.title))\n\n"
    out += "\(m(rec.text))\n\n"
    out += "- Source: \(Escape.markdownLink(detail.report.title, url: detail.report.url)), published \(detail.report.published)\n"
    out += "- Addressed to: \(m(rec.addressedTo.joined(separator: ", ")))\n"
    out += "- Status on \(detail.day): **\(detail.state.headline.label)** (position \(status.position.rawValue), stage \(status.stage.rawValue))\n"
    if let (call, by) = detail.firstCall { out += "- \(m(FirstCallText.line(call, by: by, on: detail.day)))\n" }
    out += SweepText.lines(detail.checked).enumerated().map { "\($0.offset == 0 ? "-" : "  -") \(m($0.element))\n" }.joined()
    out += "\n"
    out += "## History\n\n| Date | What | Statement | Source |\n|---|---|---|---|\n"
    for step in detail.steps {
      let s = step.statement.statement
      let links = s.sources.map { Escape.markdownLink($0.publisher, url: $0.url) }.joined(separator: ", ")
      out += "| \(step.date) | \(m(step.whats.map(headline).joined(separator: "; "))) | \(m(s.title)) (\(m(s.speaker))) | \(links) |\n"
    }
    if !detail.pledges.isEmpty {
      out += "\n## Pledges\n\n| Made | Pledge | Due | State |\n|---|---|---|---|\n"
      for record in detail.pledges {
        out += "| \(record.madeOn) | \(m(record.pledge.text)) | \(record.pledge.due?.description ?? "—") | \(m(pledgeState(record.status(on: detail.day)))) |\n"
      }
    }
    return out
  }

  static func headline(_ what: HistoryEntry.What) -> String {
    switch what {
    case .changed(let from, let to, _, _): return "Changed: " + ChangeText.describe(from: from, to: to)
    case .reaffirmed: return "Reaffirmed"
    case .related: return "Background"
    case .pledged(let ordinal): return "Pledge #\(ordinal) made"
    case .pledgeEnded(let id, let outcome, _): return "Pledge \(id) \(outcome.rawValue)"
    }
  }

  /// The words of `pledges`, with an overdue pledge in capitals so it stands out.
  static func pledgeState(_ state: PledgeStatus) -> String {
    if case .overdue = state { return PledgeText.state(state).uppercased() }
    return PledgeText.state(state)
  }

  /// Wraps text at 80 columns: the first line starts with `first` (default: the indent).
  static func wrap(_ text: String, indent: String, first: String? = nil) -> String {
    wrapPrintableASCII(text, indent: indent, first: first ?? indent) ?? wrapCharacters(text, indent: indent, first: first)
  }

  /// `wrap` for any text, counting characters.
  static func wrapCharacters(_ text: String, indent: String, first: String? = nil) -> String {
    var lines: [String] = []
    var line = first ?? indent
    // Counted as the line grows: `String.count` walks the whole line each time.
    var width = line.count
    var empty = true
    for word in text.split(separator: " ") {
      let length = word.count
      if !empty && width + 1 + length > 79 {
        lines.append(line)
        line = indent
        width = indent.count
        empty = true
      }
      if !empty {
        line += " "
        width += 1
      }
      line += word
      width += length
      empty = false
    }
    lines.append(line)
    return lines.joined(separator: "\n") + "\n"
  }

  /// `wrap` on bytes, for the common case where every byte is a printable ASCII character and
  /// so one column: the same lines, without grapheme breaking. Nil for any other text.
  static func wrapPrintableASCII(_ text: String, indent: String, first: String) -> String? {
    let printable = { (bytes: String.UTF8View) in bytes.allSatisfy { (0x20...0x7E).contains($0) } }
    guard printable(text.utf8), printable(indent.utf8), printable(first.utf8) else { return nil }
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count + first.utf8.count + 16)
    out.append(contentsOf: first.utf8)
    var width = first.utf8.count
    var empty = true
    for word in text.utf8.split(separator: 0x20) {
      if !empty && width + 1 + word.count > 79 {
        out.append(0x0A)
        out.append(contentsOf: indent.utf8)
        width = indent.utf8.count
        empty = true
      }
      if !empty {
        out.append(0x20)
        width += 1
      }
      out.append(contentsOf: word)
      width += word.count
      empty = false
    }
    out.append(0x0A)
    return String(decoding: out, as: UTF8.self)
  }
}
