public import IICSADomain
public import IICSAReports

/// One question in a snapshot of its own, for tests that ask just one. Commands never ask this
/// way: a report is built from one snapshot, so that two of its reads cannot see two logs.
extension RecordReader {
  public func status(asOf day: Day, knownAt: KnownAt? = nil) throws -> StatusReport {
    try snapshot(knownAt: knownAt) { try $0.status(asOf: day) }
  }

  public func tracker(asOf day: Day? = nil, knownAt: KnownAt? = nil) throws -> Tracker {
    try snapshot(knownAt: knownAt) { try $0.tracker(asOf: day) }
  }

  public func tracker(from start: Day, through end: Day, knownAt: KnownAt? = nil) throws -> Tracker {
    try snapshot(knownAt: knownAt) { try $0.tracker(from: start, through: end) }
  }

  public func tracker(for id: RecommendationID, asOf day: Day, knownAt: KnownAt? = nil) throws -> Tracker? {
    try snapshot(knownAt: knownAt) { try $0.tracker(for: id, asOf: day) }
  }

  public func head(knownAt: KnownAt?) throws -> LogHead {
    try snapshot(knownAt: knownAt) { try $0.head() }
  }

  public func pledges(asOf day: Day, overdueOnly: Bool = false, knownAt: KnownAt? = nil) throws -> [PledgeRecord] {
    try snapshot(knownAt: knownAt) { try $0.pledges(asOf: day, overdueOnly: overdueOnly) }
  }

  public func firstCalls(knownAt: KnownAt? = nil) throws -> [RecommendationID: FirstCall] {
    try snapshot(knownAt: knownAt) { try $0.firstCalls() }
  }

  public func corrections(knownAt: KnownAt? = nil) throws -> [CorrectionEntry] {
    try snapshot(knownAt: knownAt) { try $0.corrections() }
  }

  public func statements(_ ids: [EventID], knownAt: KnownAt? = nil) throws -> [EventID: RecordedStatement] {
    try snapshot(knownAt: knownAt) { try $0.statements(ids) }
  }
}
