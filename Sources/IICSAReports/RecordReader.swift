public import IICSADomain

/// Where reports read the record from. The SQLite store answers (`EventStore`), and so does a
/// replay of a list of events (`ReplayedRecord`), which the tests hold the store to.
///
/// Every report is built from one `RecordSnapshot`: a report and the log head it prints come
/// from one read transaction, so an append made meanwhile is either wholly in the answer or not
/// in it at all.
public protocol RecordReader: Sendable {
  /// Runs `body` on one snapshot of the record as it stood at `knownAt` (nil: now).
  func snapshot<T>(knownAt: KnownAt?, _ body: (any RecordSnapshot) throws -> T) throws -> T
  /// "Known at" event `sequence`: the log up to it, at its recording time; nil when the log has
  /// no such event. What `--known-at N` means; an event's time never changes, so this needs no
  /// snapshot.
  func knownAt(event sequence: Int) throws -> KnownAt?
}

/// The questions reports ask of the record, answered as it stood at one moment (`knownAt`), from
/// one consistent view of the log.
///
/// The store answers each with bounded reads of its projections; the replay answers each from a
/// tracker. Reports are built from the answers in this module (`status(asOf:)` below, in
/// StatusReport.swift), so a backend answers plain reads and never builds a report. Where they may differ (a range tracker holds only the range's history), the
/// requirement says what a report may rely on.
public protocol RecordSnapshot {
  /// The moment the snapshot answers for; nil for everything known now.
  var knownAt: KnownAt? { get }
  /// The log as the snapshot sees it: its length and the hash of its last event.
  func head() throws -> LogHead
  /// The status of each of `ids` on `day`, and the last statement that changed it by then;
  /// recommendations whose status no statement changed by then are absent (they stand at
  /// `Status.initial`).
  func statuses(of ids: [RecommendationID], on day: Day) throws -> [RecommendationID: StatusOnDay]
  /// How many pledges about each recommendation, made by `day`, were open that day, and how many
  /// of those were overdue; recommendations with none are absent.
  func pledgeCounts(on day: Day) throws -> [RecommendationID: PledgeCounts]
  /// The whole record replayed as of `day` (nil: every statement, whatever its date).
  func tracker(asOf day: Day?) throws -> Tracker
  /// A tracker whose status and pledges on `end` are a full replay's, holding at least the
  /// statements dated from `start` through `end` with their effects.
  func tracker(from start: Day, through end: Day) throws -> Tracker
  /// A tracker holding at least `id`'s whole history up to `day`, with its pledges; nil when `id`
  /// is in no report published by `day`.
  func tracker(for id: RecommendationID, asOf day: Day) throws -> Tracker?
  /// Every pledge made by `day` as it stood that day, in the order made; only the overdue ones
  /// when `overdueOnly`.
  func pledges(asOf day: Day, overdueOnly: Bool) throws -> [PledgeRecord]
  /// The pledges made by `day` that were open that day or ended on or after `since`, as they
  /// stood on `day`, in the order made.
  func pledges(asOf day: Day, openOrFulfilledSince since: Day) throws -> [PledgeRecord]
  /// Every report, as corrected, in log order.
  func reports() throws -> [Report]
  /// The earliest call for each recommendation before its own report.
  func firstCalls() throws -> [RecommendationID: FirstCall]
  /// Every correction, in log order, with the statements retractions withdrew.
  func corrections() throws -> [CorrectionEntry]
  /// The statements with these ids, as they stand (corrected); ids not in the record, or
  /// retracted, are absent.
  func statements(_ ids: [EventID]) throws -> [EventID: RecordedStatement]
  /// The sweeps standing (recorded and not retracted), searched through `day` at the latest
  /// (nil: whatever their day), newest first (`RecordedSweep.newestFirst`).
  func sweeps(through day: Day?) throws -> [RecordedSweep]
  /// The date of the oldest of the `count` newest statements dated on or before `day` (newest by
  /// date, then by place in the log); nil when none is.
  func dateOfOldest(ofNewest count: Int, onOrBefore day: Day) throws -> Day?
}

/// A recommendation's status on a day, and the change that set it.
public struct StatusOnDay: Hashable, Sendable {
  public var status: Status
  public var lastChange: ChangeReference?

  public init(status: Status, lastChange: ChangeReference?) {
    self.status = status
    self.lastChange = lastChange
  }
}

/// The pledges about one recommendation open on a day, and of those the overdue ones.
public struct PledgeCounts: Hashable, Sendable {
  public var open: Int
  public var overdue: Int

  public init(open: Int, overdue: Int) {
    self.open = open
    self.overdue = overdue
  }
}
