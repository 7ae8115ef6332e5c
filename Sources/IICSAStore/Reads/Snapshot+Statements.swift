internal import GRDB
import IICSADomain
import IICSALog
import IICSAReports

/// The reads bounded by what a report shows rather than by the length of the log: the latest
/// statements of a feed, the pledges open or fulfilled in a month, one status per recommendation
/// per chart month, the statements a report cites.
extension StoreSnapshot {
  /// Where a feed of the latest `count` statements dated by `day` starts: `statement_by_date`
  /// read backwards from the day.
  func dateOfOldest(ofNewest count: Int, onOrBefore day: Day) throws -> Day? {
    try StatementTable.dateOfOldest(ofNewest: count, onOrBefore: day, knownAt: knowledge, in: db)
  }

  /// With `since` the first day of a month: what is open at its end, and what the month ended.
  func pledges(asOf day: Day, openOrFulfilledSince since: Day) throws -> [PledgeRecord] {
    try PledgeTable.records(madeBy: day, openOrEndedSince: since, knownAt: knowledge, in: db)
  }

  /// One index seek each.
  func statements(_ ids: [EventID]) throws -> [EventID: RecordedStatement] {
    var found: [EventID: RecordedStatement] = [:]
    for id in ids where found[id] == nil {
      found[id] = try StatementTable.statement(id, knownAt: knowledge, in: db)
    }
    return found
  }
}
