public import IICSADomain

/// One row of `iicsa status`: a recommendation and its status on a day.
public struct StatusRow: Hashable, Sendable {
  /// The recommendation's id.
  public var id: RecommendationID
  /// Its report.
  public var source: SourceID
  /// Its short title.
  public var title: String
  /// Its status on the day.
  public var status: Status
  /// The last statement that changed its status by the day.
  public var lastChange: ChangeReference?
  /// Pledges made about it by the day and not fulfilled by then (overdue ones included).
  public var openPledges: Int
  /// Of those, the ones past their due date.
  public var overduePledges: Int
  /// The earliest call for it before its own report, if the record holds one.
  public var firstCall: FirstCall?

  /// Creates a row.
  public init(
    id: RecommendationID, source: SourceID, title: String, status: Status,
    lastChange: ChangeReference?, openPledges: Int, overduePledges: Int, firstCall: FirstCall? = nil
  ) {
    self.id = id
    self.source = source
    self.title = title
    self.status = status
    self.lastChange = lastChange
    self.openPledges = openPledges
    self.overduePledges = overduePledges
    self.firstCall = firstCall
  }

  /// The derived headline.
  public var headline: Headline { status.headline }
}

/// What `iicsa status` reports: every recommendation's status on a day, by what was known when.
public struct StatusReport: Hashable, Sendable {
  /// The day the status is for.
  public var asOf: Day
  /// The recording time the answer is limited to; nil for everything known now.
  public var knownAt: KnownAt?
  /// The log the answer was drawn from.
  public var log: LogHead
  /// The reports covered, oldest first.
  public var sources: [SourceInfo]
  /// One row per recommendation: reports oldest first, each in its catalogue's order.
  public var rows: [StatusRow]

  /// Creates a report.
  public init(asOf: Day, knownAt: KnownAt?, log: LogHead, sources: [SourceInfo], rows: [StatusRow]) {
    self.asOf = asOf
    self.knownAt = knownAt
    self.log = log
    self.sources = sources
    self.rows = rows
  }

  /// The same report keeping only the rows that `include` accepts, and the sources they name.
  public func filtered(_ include: (StatusRow) -> Bool) -> StatusReport {
    let kept = rows.filter(include)
    let named = Set(kept.map(\.source))
    var copy = self
    copy.rows = kept
    copy.sources = sources.filter { named.contains($0.id) }
    return copy
  }

  /// The rows of one source; refused when no report of that id was published by the day.
  public func only(source: SourceID) throws(ReportError) -> StatusReport {
    guard sources.contains(where: { $0.id == source }) else {
      throw .noSuchSource(source, on: asOf, sources: sources.map(\.id))
    }
    return filtered { $0.source == source }
  }

  /// How many rows have each headline, per source, in source order.
  public func headlineCounts() -> [(source: SourceInfo, counts: [Headline: Int])] {
    sources.map { source in
      var counts: [Headline: Int] = [:]
      for row in rows where row.source == source.id { counts[row.headline, default: 0] += 1 }
      return (source, counts)
    }
  }
}

extension Tracker {
  /// The status rows on `day`: call on a tracker replayed as of that day.
  public func statusRows(on day: Day) -> [StatusRow] {
    var open: [RecommendationID: Int] = [:]
    var overdue: [RecommendationID: Int] = [:]
    for record in pledges where record.madeOn <= day {
      switch record.status(on: day) {
      case .open: open[record.pledge.recommendation, default: 0] += 1
      case .overdue:
        open[record.pledge.recommendation, default: 0] += 1
        overdue[record.pledge.recommendation, default: 0] += 1
      case .ended: break
      }
    }
    let calls = firstCalls
    return orderedStates.map { state in
      StatusRow(
        id: state.id, source: state.source, title: state.recommendation.title,
        status: state.status, lastChange: state.lastChange, openPledges: open[state.id] ?? 0,
        overduePledges: overdue[state.id] ?? 0, firstCall: calls[state.id])
    }
  }
}
