public import IICSADomain

/// One thing a statement did to one recommendation: a row of a timeline.
public struct Effect: Hashable, Sendable {
  public var recommendation: RecommendationID
  /// A recommendation or a finding: what a status's headline is worded for.
  public var kind: Recommendation.Kind
  public var what: HistoryEntry.What
}

extension Tracker {
  /// What `statement` did to each recommendation it names, in the order it names them, read from
  /// the recommendations' histories (so corrections and as-of limits are already applied).
  public func effects(of statement: Statement) -> [Effect] {
    statement.recommendations.flatMap { id in
      (states[id]?.history ?? []).filter { $0.statement == statement.id }
        .map { Effect(recommendation: id, kind: states[id]?.recommendation.kind ?? .recommendation, what: $0.what) }
    }
  }

  /// The first source URL of a statement, if it is a web URL.
  public func sourceURL(of statement: EventID) -> String? {
    statements[statement]?.statement.sources.first(where: \.hasWebURL)?.url
  }
}

extension RecommendationState {
  /// Its status on `day`, from its history: the last change dated on or before `day`.
  ///
  /// The same as replaying the log as of `day`, because a replay applies statements in date
  /// order and a later statement never changes what an earlier one did.
  public func status(on day: Day) -> Status {
    for entry in history.reversed() where entry.date <= day {
      if case .changed(_, let to, _, _) = entry.what { return to }
    }
    return .initial
  }

  /// The headline of its status on `day`, as a recommendation or as a finding.
  public func headline(on day: Day) -> Headline { status(on: day).headline(for: recommendation.kind) }
}

extension HistoryEntry {
  /// Whether the entry changed the status.
  public var isChange: Bool {
    if case .changed = what { return true }
    return false
  }
}

extension Day {
  /// Earlier than anything in the record: where a range with no start begins.
  public static let beginningOfRecord = Day(daysSinceEpoch: Day(iso: "1900-01-01")?.daysSinceEpoch ?? -25_567)
}

extension Report {
  /// The short title of each recommendation of the reports published by `day`.
  public static func titles(_ reports: [Report], by day: Day) -> [RecommendationID: String] {
    var titles: [RecommendationID: String] = [:]
    for report in reports where report.published <= day {
      for item in report.recommendations { titles[item.id] = item.title }
    }
    return titles
  }
}
