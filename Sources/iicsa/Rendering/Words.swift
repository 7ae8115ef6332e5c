import IICSADomain
import IICSAReports

/// Words for a change, shared by every report that lists changes.
enum ChangeText {
  /// `position no_response → accepted; stage not_started → planned`: only the axes that moved.
  static func describe(from: Status, to: Status) -> String {
    var parts: [String] = []
    if from.position != to.position {
      parts.append("position \(from.position.rawValue) → \(to.position.rawValue)")
    }
    if from.stage != to.stage {
      parts.append("stage \(from.stage.rawValue) → \(to.stage.rawValue)")
    }
    return parts.joined(separator: "; ")
  }

  /// `accepted / legislating (in progress)`.
  static func status(_ status: Status, of kind: Recommendation.Kind) -> String {
    "\(status.position.rawValue) / \(status.stage.rawValue) (\(status.headline(for: kind).label))"
  }

  /// An effect in one line, without the recommendation id.
  static func effect(_ what: HistoryEntry.What, pledge: PledgeRecord?) -> String {
    switch what {
    case .changed(let from, let to, _, _): return "changed: " + describe(from: from, to: to)
    case .reaffirmed: return "reaffirmed"
    case .related: return "background"
    case .pledged(let ordinal):
      guard let pledge else { return "pledge #\(ordinal)" }
      return "pledged: \(pledge.pledge.text) (\(PledgeText.terms(pledge.pledge)))"
    case .pledgeEnded(let id, let outcome, let note):
      return "pledge \(id) \(outcome.rawValue)" + (note.map { ": \($0)" } ?? "")
    }
  }

  /// The event name used in machine formats.
  static func event(_ what: HistoryEntry.What) -> String {
    switch what {
    case .changed: return "changed"
    case .reaffirmed: return "reaffirmed"
    case .related: return "related"
    case .pledged: return "pledged"
    case .pledgeEnded(_, .met, _): return "pledge_met"
    case .pledgeEnded(_, .withdrawn, _): return "pledge_withdrawn"
    }
  }
}

/// Words for pledges, shared by `pledges`, `timeline` and `export`.
enum PledgeText {
  /// `target stage legislating, due 2025-06-20 ("this spring")`, and what it re-makes.
  static func terms(_ pledge: Pledge) -> String {
    var out = "target \(pledge.target.description)"
    if let due = pledge.due { out += ", due \(due)" }
    if let words = pledge.dueText { out += " (\"\(words)\")" }
    if let replaced = pledge.replaces { out += "; re-makes \(replaced)" }
    return out
  }

  /// `promised for 2025-04-20, now due 2026-11-30: slipped 589 days`, for a pledge that re-makes
  /// an earlier one with another due date; nil otherwise.
  static func slip(_ record: PledgeRecord) -> String? {
    guard let days = record.slippedDays, days != 0, let baseline = record.baselineDue, let due = record.pledge.due
    else { return nil }
    let moved = days > 0 ? "slipped \(count(days, "day"))" : "brought forward \(count(-days, "day"))"
    return "promised for \(baseline), now due \(due): \(moved)"
  }

  /// `open`, `overdue 10 days`, `fulfilled 2025-07-01 by ID, 11 days late`, `met …`,
  /// `superseded 2026-01-31 by ID#2`, `withdrawn …`.
  static func state(_ state: PledgeStatus) -> String {
    switch state {
    case .open: return "open"
    case .overdue(let days): return "overdue \(count(days, "day"))"
    case .ended(let end, let late):
      let by = end.replacement?.description ?? end.by.statement.rawValue
      var out = "\(end.ending.rawValue) \(end.by.date) by \(by)"
      if late > 0, end.ending == .fulfilled || end.ending == .met { out += ", \(count(late, "day")) late" }
      return out
    }
  }

  /// `1 day`, `2 days`.
  static func count(_ value: Int, _ unit: String) -> String { "\(value) \(unit)\(value == 1 ? "" : "s")" }
}

/// The log a report was drawn from, in one line.
enum Provenance {
  static func line(log: LogHead, knownAt: KnownAt?) -> String {
    var out = "log: \(log.length) events, head \(log.head.prefix(12))"
    if let knownAt { out += ", as known at \(knownAt)" }
    return out
  }
}

/// Words for alerts, shared by `alerts`, `show`, `export` and the feed.
enum AlertText {
  /// `position weakened`, `stage moved back`…
  static func kind(_ kind: AlertKind) -> String {
    switch kind {
    case .positionWeakened: return "position weakened"
    case .stageBackwards: return "stage moved back"
    case .pledgeSlipped: return "pledge slipped"
    case .pledgeWithdrawn: return "pledge withdrawn"
    case .pledgeOverdue: return "pledge overdue"
    }
  }

  /// `position weakened: accepted → rejected`, `pledge ID#1 slipped: due 2025-04-20 → 2026-11-30`.
  static func describe(_ alert: Alert) -> String {
    let pledge = alert.pledge.map { " \($0)" } ?? ""
    switch alert.kind {
    case .positionWeakened, .stageBackwards:
      return "\(kind(alert.kind)): \(alert.from ?? "?") → \(alert.to ?? "?")"
    case .pledgeSlipped:
      return "pledge\(pledge) slipped: due \(alert.from ?? "?") → \(alert.to ?? "?")"
    case .pledgeWithdrawn:
      return "pledge\(pledge) withdrawn" + (alert.from.map { " (was due \($0))" } ?? "")
    case .pledgeOverdue:
      return "pledge\(pledge) overdue" + (alert.from.map { " (due \($0))" } ?? "")
    }
  }
}

/// Words for the earliest call for a recommendation.
enum FirstCallText {
  /// `First called for on 2014-09-24 (BY): 12 years`, the years counted to the report's day.
  static func line(_ call: FirstCall, by: String, on day: Day) -> String {
    "First called for on \(call.date) (\(by)): \(PledgeText.count(call.years(until: day), "year"))"
  }
}

/// Words for corrections, shared by `show` and `timeline`.
enum CorrectionText {
  /// `Corrected 2026-12-01 (ID): reason`, or `Retracted …`, with the sources of the right fact.
  static func lines(_ corrections: [CorrectionRecord], indent: String) -> String {
    let t = Escape.terminal
    var out = ""
    for correction in corrections {
      let verb = correction.retracted ? "Retracted" : "Corrected"
      out += ShowRendering.wrap(
        "\(verb) \(correction.recordedAt.day) (\(correction.id)): \(t(correction.reason))", indent: indent)
      for link in correction.sources {
        out += "\(indent)  Correction source: \(t(link.url)) (\(t(link.publisher)))\n"
      }
    }
    return out
  }
}

extension String {
  /// The text with its first letter in capitals: `Position weakened: …`.
  var uppercasedFirst: String { prefix(1).uppercased() + dropFirst() }
}

/// Words for the latest sweep of a recommendation, shared by `show`, the site and the export.
enum SweepText {
  /// `Checked through 2026-11-30: searched UK Parliament, GOV.UK (by WHO; ID)`, then for each
  /// place an older sweep was the last to search, `PLACES searched through DAY (by WHO; ID)`; or
  /// that no search is recorded: silence must never read as "nothing happened".
  ///
  /// A place is named by its publisher; where two places of the lines share one (a mirror's
  /// debates and its written statements), by the publisher and the place's title.
  static func lines(_ checked: [RecordedSweep.Coverage]) -> [String] {
    guard let latest = checked.first else { return ["Checked: no search of the sources for it is recorded"] }
    var places: [String: Set<String>] = [:]
    for link in checked.flatMap(\.sources) { places[link.publisher, default: []].insert(link.place) }
    let shared = Set(places.filter { $0.value.count > 1 }.keys)
    func names(_ sources: [SourceLink]) -> String {
      var seen: Set<String> = []
      return sources.map { link in
        guard shared.contains(link.publisher), let title = link.title else { return link.publisher }
        return "\(link.publisher) (\(title))"
      }.filter { seen.insert($0).inserted }.joined(separator: ", ")
    }
    return ["Checked through \(latest.entry.sweep.through): searched \(names(latest.sources)) (\(by(latest.entry)))"]
      + checked.dropFirst().map { "\(names($0.sources)) searched through \($0.entry.sweep.through) (\(by($0.entry)))" }
  }

  private static func by(_ entry: RecordedSweep) -> String { "by \(entry.sweep.checkedBy); \(entry.sweep.id)" }

  /// What an export says was checked: each search that reached into the month (`Through DAY,
  /// from DAY: PLACES searched by WHO for N recommendations; nothing new found (ID)`), what to say
  /// when none did, and how far each recommendation was last checked on the status day.
  static func month(_ export: MonthlyExport) -> (searches: [String], none: String, lastChecked: String) {
    let searches = export.sweeps.filter { export.month.contains($0.sweep.through) }.map { entry in
      let sweep = entry.sweep
      let found = sweep.found.isEmpty ? "nothing new found" : "found " + sweep.found.map(\.rawValue).joined(separator: ", ")
      return "Through \(sweep.through)" + (sweep.from.map { ", from \($0)" } ?? "")
        + ": \(publishers(sweep.sources)) searched by \(sweep.checkedBy) for "
        + "\(PledgeText.count(sweep.recommendations.count, "recommendation")); \(found) (\(sweep.id))"
    }
    let checked = export.checked
    let ids = export.status.rows.map(\.id)
    let never = ids.filter { checked[$0] == nil }
    var byDay: [Day: Int] = [:]
    for id in ids { if let entry = checked[id] { byDay[entry.sweep.through, default: 0] += 1 } }
    var parts = byDay.keys.sorted(by: >).map { "\($0) (\(byDay[$0] ?? 0))" }
    if !never.isEmpty { parts.append("never (\(never.count): \(never.map(\.description).joined(separator: ", ")))") }
    let last = "On \(export.asOf), each recommendation was last checked through: "
      + (parts.isEmpty ? "no recommendation is recorded." : parts.joined(separator: "; ") + ".")
    return (searches, "No search of the sources through a day of \(export.monthName) is recorded.", last)
  }

  /// The publishers of the places searched, each once, in the order given.
  static func publishers(_ sources: [SourceLink]) -> String {
    var seen: Set<String> = []
    return sources.map(\.publisher).filter { seen.insert($0).inserted }.joined(separator: ", ")
  }
}
