public import IICSADomain

/// `check --stale`: the recommendations no statement has named for more than `days` days since
/// their report, in the catalogue's order.
public struct StalenessReport: Sendable {
  public struct Row: Hashable, Sendable {
    public var id: RecommendationID
    public var title: String
    /// The last statement about it dated on or after its report, else the report's day.
    public var lastStatement: Day
    /// Days from then to today.
    public var days: Int
  }

  public var today: Day
  public var days: Int
  public var rows: [Row]

  public init(_ tracker: Tracker, today: Day, days: Int) {
    self.today = today
    self.days = days
    rows = tracker.orderedStates.compactMap { state in
      let last = state.history.last(where: { $0.date >= state.published })?.date ?? state.published
      let age = last.days(until: today)
      guard age > days else { return nil }
      return Row(id: state.id, title: state.recommendation.title, lastStatement: last, days: age)
    }
  }
}
