internal import GRDB
import IICSADomain
import IICSALog
import IICSAReports

extension EventStore {
  static func status(_ db: Database, asOf day: Day, knowledge: Projections.Knowledge) throws -> StatusReport {
    let head = try head(db, at: knowledge)
    let all = try CatalogueTable.reports(knownAt: knowledge, in: db)
    let reports = all.filter { $0.published <= day }.sorted { ($0.published, $0.id) < ($1.published, $1.id) }
    let (open, overdue) = try PledgeTable.countsByRecommendation(on: day, knownAt: knowledge, in: db)
    let ids = reports.flatMap { $0.recommendations.map(\.id) }
    let statuses = try StatusChangeTable.lastChanges(of: ids, onOrBefore: day, knownAt: knowledge, in: db)
    let calls = try MentionTable.firstCalls(of: all, knownAt: knowledge, in: db)
    let rows = reports.flatMap { report in
      report.recommendations.map { item in
        let (status, change) = statuses[item.id] ?? (.initial, nil)
        return StatusRow(
          id: item.id, source: report.id, title: item.title, status: status, lastChange: change,
          openPledges: open[item.id.description] ?? 0, overduePledges: overdue[item.id.description] ?? 0,
          firstCall: calls[item.id])
      }
    }
    return StatusReport(asOf: day, knownAt: nil, log: head, sources: reports.map(\.info), rows: rows)
  }
}

extension StoreSnapshot {
  /// The status on `day`. One index seek per recommendation on `statusChange(recommendation,
  /// date, …)`, among the rows live at `knowledge`, so the cost follows the number of
  /// recommendations, not the length of the log.
  func status(asOf day: Day) throws -> StatusReport {
    var report = try EventStore.status(db, asOf: day, knowledge: knowledge)
    report.knownAt = knownAt
    return report
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
