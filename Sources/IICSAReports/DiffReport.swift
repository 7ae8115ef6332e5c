public import IICSADomain

/// One change that moved a recommendation between the two dates of a diff.
public struct DiffStep: Hashable, Sendable {
  public var date: Day
  public var statement: EventID
  public var from: Status
  public var to: Status
  public var sourceURL: String?
}

/// A recommendation whose status differs between the two dates.
public struct DiffRow: Hashable, Sendable {
  public var id: RecommendationID
  public var source: SourceID
  public var title: String
  /// A recommendation or a finding: what its statuses' headlines are worded for.
  public var kind: Recommendation.Kind
  /// The status on the first date; nil when its report was not yet published.
  public var from: Status?
  public var to: Status
  /// The changes dated after the first date and on or before the second, in the order applied.
  public var steps: [DiffStep]
}

/// What `iicsa diff` reports: what changed between two dates.
public struct DiffReport: Sendable {
  public var from: Day
  public var to: Day
  public var knownAt: KnownAt?
  public var log: LogHead
  public var rows: [DiffRow]

  /// `iicsa diff`: the status on `from` and on `to`, from one snapshot. Only the statements
  /// between the two days are read: the state on `from` comes from the projections.
  public init(from snapshot: any RecordSnapshot, from start: Day, to end: Day) throws {
    let after = start.adding(days: 1)
    self.init(
      before: try snapshot.tracker(from: after, through: start), after: try snapshot.tracker(from: after, through: end),
      from: start, to: end, log: try snapshot.head())
    knownAt = snapshot.knownAt
  }

  /// Compares a tracker replayed as of `from` with one replayed as of `to` (same known-at).
  public init(before: Tracker, after: Tracker, from: Day, to: Day, log: LogHead) {
    self.from = from
    self.to = to
    knownAt = after.knownAt
    self.log = log
    rows = after.orderedStates.compactMap { state in
      let old = before.states[state.id]?.status
      guard old != state.status else { return nil }
      let steps = state.history.compactMap { entry -> DiffStep? in
        guard entry.date > from, entry.date <= to, case .changed(let a, let b, _, _) = entry.what
        else {
          return nil
        }
        return DiffStep(
          date: entry.date, statement: entry.statement, from: a, to: b,
          sourceURL: after.sourceURL(of: entry.statement))
      }
      return DiffRow(
        id: state.id, source: state.source, title: state.recommendation.title, kind: state.recommendation.kind, from: old,
        to: state.status, steps: steps)
    }
  }
}
