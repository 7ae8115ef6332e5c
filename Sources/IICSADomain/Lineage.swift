/// The earliest call for what a recommendation asks: an earlier recommendation it repeats (or
/// that one's own first call), or a statement that called for it before any report did.
public struct FirstCall: Hashable, Sendable {
  /// Who made the call.
  public enum By: Hashable, Sendable {
    /// An earlier report's recommendation.
    case recommendation(RecommendationID)
    /// A statement, linked to the recommendation with `relates_to` and dated before its report.
    case statement(EventID)

    /// The id, as printed: `JAY-5` or a statement id.
    public var id: String {
      switch self {
      case .recommendation(let id): return id.description
      case .statement(let id): return id.rawValue
      }
    }
  }

  /// When.
  public var date: Day
  /// By what.
  public var by: By

  /// Creates a first call.
  public init(date: Day, by: By) {
    self.date = date
    self.by = by
  }

  /// Whole years from the call to `day`.
  public func years(until day: Day) -> Int {
    var years = day.year - date.year
    if (day.month, day.day) < (date.month, date.day) { years -= 1 }
    return max(0, years)
  }
}

/// The lineage of recommendations across reports: which repeat which, and so when each was first
/// called for. A link is only what a catalogue records (`repeats`) or a statement names
/// (`relates_to`, dated before the report): nothing is inferred.
public enum Lineage {
  /// The first call for each recommendation of `reports` that was called for before its own
  /// report; absent when nothing earlier is recorded.
  ///
  /// `earliestMentions` gives, per recommendation, the earliest statement that names it dated
  /// before its report was published (only `relates_to` may be); a call through `repeats` counts
  /// the repeated recommendation's report date and its own first call, at any depth.
  public static func firstCalls(
    reports: [Report], earliestMentions: [RecommendationID: ChangeReference]
  ) -> [RecommendationID: FirstCall] {
    var published: [RecommendationID: Day] = [:]
    var repeats: [RecommendationID: [RecommendationID]] = [:]
    for report in reports {
      for item in report.recommendations {
        published[item.id] = report.published
        repeats[item.id] = item.repeats
      }
    }
    var earliest: [RecommendationID: FirstCall] = [:]
    // The earliest call for `id`, counting its own report: a depth-first walk of `repeats`, each
    // id visited once, so a cycle in the data cannot loop.
    func walk(_ id: RecommendationID, _ visiting: inout Set<RecommendationID>) -> FirstCall? {
      if let known = earliest[id] { return known }
      guard let day = published[id], visiting.insert(id).inserted else { return nil }
      var best = FirstCall(date: day, by: .recommendation(id))
      if let mention = earliestMentions[id], mention.date < best.date {
        best = FirstCall(date: mention.date, by: .statement(mention.statement))
      }
      for earlier in repeats[id] ?? [] {
        if let call = walk(earlier, &visiting), call.date < best.date { best = call }
      }
      earliest[id] = best
      return best
    }
    var calls: [RecommendationID: FirstCall] = [:]
    for id in published.keys.sorted(by: { $0.description < $1.description }) {
      var visiting = Set<RecommendationID>()
      guard let call = walk(id, &visiting), call.by != .recommendation(id) else { continue }
      calls[id] = call
    }
    return calls
  }
}

extension Tracker {
  /// The first call for each recommendation, from the reports and histories this tracker holds.
  public var firstCalls: [RecommendationID: FirstCall] {
    var mentions: [RecommendationID: ChangeReference] = [:]
    for state in states.values {
      // Histories are in date order: the first entry before publication is the earliest.
      if let first = state.history.first, first.date < state.published {
        mentions[state.id] = ChangeReference(date: first.date, statement: first.statement)
      }
    }
    return Lineage.firstCalls(reports: Array(reports.values), earliestMentions: mentions)
  }
}
