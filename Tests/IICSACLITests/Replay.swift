import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import IICSATestSupport

extension ReplayedRecord {
  /// The log of `log`, every answer a replay of it: the oracle the store's reads are held to.
  init(of log: some EventLog) throws {
    let events = try log.events(knownAt: nil)
    let hashes = try events.map { try log.head(knownAt: KnownAt(event: $0.sequence, recordedAt: $0.recordedAt)).head }
    self.init(events: events, hashes: hashes)
  }
}

extension MonthlyExport {
  /// The export of `month` as `reader` held the record at `knownAt`, from one snapshot.
  static func read(_ reader: some RecordReader, month: Month, knownAt: KnownAt) throws -> MonthlyExport {
    try reader.snapshot(knownAt: knownAt) { try MonthlyExport(from: $0, month: month, knownAt: knownAt) }
  }
}
