public import IICSADomain

/// `check --stale`: the recommendations that neither a statement nor a search of the sources
/// (a sweep) has touched for more than `days` days since their report, in the catalogue's order.
/// A sweep counts: "checked through D, nothing new" is news about a recommendation too.
public struct StalenessReport: Sendable {
  public struct Row: Hashable, Sendable {
    public var id: RecommendationID
    public var title: String
    /// The last statement about it dated on or after its report, else the report's day.
    public var lastStatement: Day
    /// The last day the sources were searched through for it; nil when no sweep names it.
    public var checkedThrough: Day?
    /// Days from the later of the two to today.
    public var days: Int
  }

  public var today: Day
  public var days: Int
  public var rows: [Row]

  public init(_ tracker: Tracker, today: Day, days: Int) {
    self.today = today
    self.days = days
    let checked = RecordedSweep.latest(of: tracker.sweeps)
    rows = tracker.orderedStates.compactMap { state in
      let last = state.history.last(where: { $0.date >= state.published })?.date ?? state.published
      let through = checked[state.id]?.sweep.through
      let age = max(last, through ?? last).days(until: today)
      guard age > days else { return nil }
      return Row(id: state.id, title: state.recommendation.title, lastStatement: last, checkedThrough: through, days: age)
    }
  }
}
