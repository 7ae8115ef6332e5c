@testable import iicsa
import IICSADomain
import IICSAStore

/// One replay of the log as it stood at `knownAt`, as of the day: the oracle the store's
/// bounded reads are held to.
struct ReplayExportReads: ExportReads {
  var tracker: Tracker
  var head: LogHead
  var day: Day
  var knownAt: KnownAt

  init(log: EventStore, day: Day, knownAt: KnownAt) throws {
    tracker = try log.tracker(asOf: day, knownAt: knownAt)
    head = try log.head(knownAt: knownAt)
    self.day = day
    self.knownAt = knownAt
  }

  func status() throws -> StatusReport {
    StatusReport(
      asOf: day, knownAt: knownAt, log: head, sources: tracker.orderedReports.map(\.info),
      rows: tracker.statusRows(on: day))
  }

  func dateOfOldest(ofNewest count: Int) throws -> Day? {
    guard count > 0 else { return nil }
    return tracker.orderedStatements.suffix(count).first?.statement.date
  }

  func tracker(from start: Day) throws -> Tracker { tracker }

  func pledges(openOrFulfilledSince since: Day) throws -> [PledgeRecord] {
    tracker.pledges.filter { record in
      guard record.madeOn <= day else { return false }
      guard let by = record.end?.by else { return true }
      return by.date > day || by.date >= since
    }
  }

  func headlineCounts(on days: [Day]) throws -> [[Headline: Int]] {
    days.map { end in
      var counts: [Headline: Int] = [:]
      for state in tracker.orderedStates where state.published <= end {
        counts[state.status(on: end).headline, default: 0] += 1
      }
      return counts
    }
  }

  func statements(_ ids: [EventID]) throws -> [EventID: RecordedStatement] {
    var found: [EventID: RecordedStatement] = [:]
    for id in ids { found[id] = tracker.statements[id] }
    return found
  }

  func reports() throws -> [Report] { Array(tracker.reports.values) }
}
