internal import GRDB
import IICSADomain
import IICSALog
import IICSAReports

extension StoreSnapshot {
  /// The status of each of `ids` on `day`: one index seek per recommendation on
  /// `statusChange(recommendation, date, …)`, among the rows live at `knowledge`, so the cost
  /// follows the number of recommendations, not the length of the log.
  func statuses(of ids: [RecommendationID], on day: Day) throws -> [RecommendationID: StatusOnDay] {
    try StatusChangeTable.lastChanges(of: ids, onOrBefore: day, knownAt: knowledge, in: db)
      .mapValues { StatusOnDay(status: $0.0, lastChange: $0.1) }
  }

  /// The pledges open on `day` per recommendation, and the overdue ones, in one grouped read.
  func pledgeCounts(on day: Day) throws -> [RecommendationID: PledgeCounts] {
    let (open, overdue) = try PledgeTable.countsByRecommendation(on: day, knownAt: knowledge, in: db)
    var counts: [RecommendationID: PledgeCounts] = [:]
    for (id, count) in open {
      guard let recommendation = RecommendationID(id) else { continue }
      counts[recommendation] = PledgeCounts(open: count, overdue: overdue[id] ?? 0)
    }
    return counts
  }

  /// Every pledge made by `day` as it stood that day (or only the overdue ones), read from the
  /// projections.
  func pledges(asOf day: Day, overdueOnly: Bool) throws -> [PledgeRecord] {
    overdueOnly
      ? try PledgeTable.overdue(on: day, knownAt: knowledge, in: db)
      : try PledgeTable.records(madeBy: day, knownAt: knowledge, in: db)
  }

  /// The earliest call for each recommendation before its own report: from the catalogues'
  /// `repeats` and the statements dated before each report.
  func firstCalls() throws -> [RecommendationID: FirstCall] {
    try MentionTable.firstCalls(of: reports(), knownAt: knowledge, in: db)
  }
}
