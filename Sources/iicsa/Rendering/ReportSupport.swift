import IICSADomain
import IICSAStore

/// A calendar month, `YYYY-MM`: what `export --month` names.
struct Month: Hashable, Comparable, CustomStringConvertible {
  var year: Int
  var month: Int

  /// Parses `YYYY-MM` strictly.
  init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
      let year = Int(parts[0]), let month = Int(parts[1]),
      Day(year: year, month: month, day: 1) != nil
    else { return nil }
    self.year = year
    self.month = month
  }

  /// The month a day falls in.
  init(_ day: Day) {
    year = day.year
    month = day.month
  }

  /// The first day of the month.
  var first: Day { Day(year: year, month: month, day: 1) ?? Day(daysSinceEpoch: 0) }
  /// The last day of the month.
  var last: Day { first.lastDayOfMonth }
  /// The month after this one.
  var next: Month { Month(last.adding(days: 1)) }

  /// Whether `day` falls in this month.
  func contains(_ day: Day) -> Bool { day.year == year && day.month == month }

  var description: String { String(first.description.prefix(7)) }

  static func < (lhs: Month, rhs: Month) -> Bool { (lhs.year, lhs.month) < (rhs.year, rhs.month) }
}

/// One thing a statement did to one recommendation: a row of a timeline.
struct Effect: Hashable {
  var recommendation: RecommendationID
  var what: HistoryEntry.What
}

extension Tracker {
  /// What `statement` did to each recommendation it names, in the order it names them, read from
  /// the recommendations' histories (so corrections and as-of limits are already applied).
  func effects(of statement: Statement) -> [Effect] {
    statement.recommendations.flatMap { id in
      (states[id]?.history ?? []).filter { $0.statement == statement.id }
        .map { Effect(recommendation: id, what: $0.what) }
    }
  }

  /// The pledge `ordinal` (from 1) of `statement`, if it was made.
  func pledge(_ statement: EventID, ordinal: Int) -> PledgeRecord? {
    pledges.first { $0.statement == statement && $0.ordinal == ordinal }
  }

  /// The first source URL of a statement, if it is a web URL.
  func sourceURL(of statement: EventID) -> String? {
    statements[statement]?.statement.sources.first(where: \.hasWebURL)?.url
  }
}

extension RecommendationState {
  /// Its status on `day`, from its history: the last change dated on or before `day`.
  ///
  /// The same as replaying the log as of `day`, because a replay applies statements in date
  /// order and a later statement never changes what an earlier one did.
  func status(on day: Day) -> Status {
    for entry in history.reversed() where entry.date <= day {
      if case .changed(_, let to, _, _) = entry.what { return to }
    }
    return .initial
  }
}

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
  static func status(_ status: Status) -> String {
    "\(status.position.rawValue) / \(status.stage.rawValue) (\(status.headline.label))"
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
    }
  }

  /// The event name used in machine formats.
  static func event(_ what: HistoryEntry.What) -> String {
    switch what {
    case .changed: return "changed"
    case .reaffirmed: return "reaffirmed"
    case .related: return "related"
    case .pledged: return "pledged"
    }
  }
}

/// Words for pledges, shared by `pledges`, `timeline` and `export`.
enum PledgeText {
  /// `target stage legislating, due 2025-06-20 ("this spring")`.
  static func terms(_ pledge: Pledge) -> String {
    var out = "target \(pledge.target.description)"
    if let due = pledge.due { out += ", due \(due)" }
    if let words = pledge.dueText { out += " (\"\(words)\")" }
    return out
  }

  /// `open`, `overdue 10 days`, `fulfilled 2025-07-01 by ID, 11 days late`.
  static func state(_ state: PledgeStatus) -> String {
    switch state {
    case .open: return "open"
    case .overdue(let days): return "overdue \(days) day\(days == 1 ? "" : "s")"
    case .fulfilled(let by, let late):
      return "fulfilled \(by.date) by \(by.statement)"
        + (late > 0 ? ", \(late) day\(late == 1 ? "" : "s") late" : "")
    }
  }

  /// The state's name in machine formats.
  static func name(_ state: PledgeStatus) -> String {
    switch state {
    case .open: return "open"
    case .overdue: return "overdue"
    case .fulfilled: return "fulfilled"
    }
  }
}

/// The log a report was drawn from, in one line.
enum Provenance {
  static func line(log: LogHead, knownAt: Timestamp?) -> String {
    var out = "log: \(log.length) events, head \(log.head.prefix(12))"
    if let knownAt { out += ", as known at \(knownAt)" }
    return out
  }
}
