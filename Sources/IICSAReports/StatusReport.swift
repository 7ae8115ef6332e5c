public import IICSADomain

/// One row of `iicsa status`: a recommendation and its status on a day.
public struct StatusRow: Hashable, Sendable {
  /// The recommendation's id.
  public var id: RecommendationID
  /// Its report.
  public var source: SourceID
  /// Its short title.
  public var title: String
  /// A recommendation, or a finding (whose headline has its own words: `Headline.awaitingAnswer`).
  public var kind: Recommendation.Kind
  /// How sure the catalogue is of it: an unconfirmed one's wording was not read from the report.
  public var confidence: Confidence
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
    id: RecommendationID, source: SourceID, title: String, kind: Recommendation.Kind, confidence: Confidence,
    status: Status, lastChange: ChangeReference?, openPledges: Int, overduePledges: Int, firstCall: FirstCall? = nil
  ) {
    self.id = id
    self.source = source
    self.title = title
    self.kind = kind
    self.confidence = confidence
    self.status = status
    self.lastChange = lastChange
    self.openPledges = openPledges
    self.overduePledges = overduePledges
    self.firstCall = firstCall
  }

  /// The derived headline.
  public var headline: Headline { status.headline(for: kind) }
}

/// What `iicsa status` reports: every recommendation's status on a day, by what was known when.
public struct StatusReport: Hashable, Sendable {
  /// The day the status is for.
  public var asOf: Day
  /// The recording time the answer is limited to; nil for everything known now.
  public var knownAt: KnownAt?
  /// The log the answer was drawn from.
  public var log: LogHead
  /// The reports covered, in reading order (`Report.readingOrder`).
  public var sources: [SourceInfo]
  /// One row per recommendation: reports in reading order, each in its catalogue's order.
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

extension RecordSnapshot {
  /// Every recommendation's status on `day`: the reports published by then, in reading order
  /// (`Report.readingOrder`), each recommendation in its catalogue's order, from the snapshot's
  /// plain reads.
  public func status(asOf day: Day) throws -> StatusReport {
    let reports = try reports().filter { $0.published <= day }.sorted(by: Report.readingOrder)
    let ids = reports.flatMap { $0.recommendations.map(\.id) }
    let statuses = try statuses(of: ids, on: day)
    let pledges = try pledgeCounts(on: day)
    let calls = try firstCalls()
    let rows = reports.flatMap { report in
      report.recommendations.map { item in
        let now = statuses[item.id]
        let counts = pledges[item.id]
        return StatusRow(
          id: item.id, source: report.id, title: item.title, kind: item.kind, confidence: item.confidence,
          status: now?.status ?? .initial,
          lastChange: now?.lastChange, openPledges: counts?.open ?? 0, overduePledges: counts?.overdue ?? 0,
          firstCall: calls[item.id])
      }
    }
    return StatusReport(asOf: day, knownAt: knownAt, log: try head(), sources: reports.map(\.info), rows: rows)
  }

  /// How many recommendations of the reports published by each of `days` had each headline then:
  /// one `statuses(of:on:)` per day, so a store with projections pays days × recommendations,
  /// whatever the length of the log.
  public func headlineCounts(on days: [Day]) throws -> [[Headline: Int]] {
    let reports = try reports()
    return try days.map { day in
      let items = reports.filter { $0.published <= day }.flatMap(\.recommendations)
      let statuses = try statuses(of: items.map(\.id), on: day)
      var counts: [Headline: Int] = [:]
      for item in items { counts[(statuses[item.id]?.status ?? .initial).headline(for: item.kind), default: 0] += 1 }
      return counts
    }
  }
}

extension Tracker {
  /// The pledges open on `day` about each recommendation, and the overdue ones: call on a
  /// tracker replayed as of that day.
  public func pledgeCounts(on day: Day) -> [RecommendationID: PledgeCounts] {
    var counts: [RecommendationID: PledgeCounts] = [:]
    for record in pledges where record.madeOn <= day {
      let id = record.pledge.recommendation
      switch record.status(on: day) {
      case .open: counts[id, default: PledgeCounts(open: 0, overdue: 0)].open += 1
      case .overdue:
        counts[id, default: PledgeCounts(open: 0, overdue: 0)].open += 1
        counts[id, default: PledgeCounts(open: 0, overdue: 0)].overdue += 1
      case .ended: break
      }
    }
    return counts
  }

  /// The status rows on `day`, straight from this tracker: call on a tracker replayed as of that
  /// day. What the tests hold `status(asOf:)` to.
  public func statusRows(on day: Day) -> [StatusRow] {
    let counts = pledgeCounts(on: day)
    let calls = firstCalls
    return orderedStates.map { state in
      StatusRow(
        id: state.id, source: state.source, title: state.recommendation.title, kind: state.recommendation.kind,
        confidence: state.recommendation.confidence, status: state.status, lastChange: state.lastChange, openPledges: counts[state.id]?.open ?? 0,
        overduePledges: counts[state.id]?.overdue ?? 0, firstCall: calls[state.id])
    }
  }
}
