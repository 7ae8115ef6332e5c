public import IICSADomain

/// One statement of a timeline and what it did.
public struct TimelineEntry: Hashable, Sendable {
  public var statement: RecordedStatement
  public var effects: [Effect]
  /// The pledges it made, by ordinal, for describing `pledged` effects.
  public var pledges: [Int: PledgeRecord]
  /// The corrections that replaced its first version, oldest first.
  public var corrections: [CorrectionRecord] = []

  /// The pledge an effect made, if it made one.
  ///
  /// Kept out of line: Swift 6.3.1's optimiser crashes (CopyPropagation, "Found ownership
  /// error") in release builds when this lookup is inlined into the renderers' loops.
  @inline(never)
  public func pledge(of what: HistoryEntry.What) -> PledgeRecord? {
    guard case .pledged(let ordinal) = what else { return nil }
    return pledges[ordinal]
  }
}

/// What `iicsa timeline` reports: statements in date order with what each changed.
public struct TimelineReport: Sendable {
  public var from: Day?
  public var to: Day
  public var knownAt: KnownAt?
  public var log: LogHead
  public var entries: [TimelineEntry]
  /// The statements dated in the range that a correction withdrew, with the retraction.
  public var retracted: [CorrectionEntry] = []

  /// `iicsa timeline`: the statements dated from `from` (nil: the start) through `to`, read
  /// from one snapshot: the state before `from` from the projections, then the range's
  /// statements.
  public init(from snapshot: any RecordSnapshot, from start: Day?, to end: Day) throws {
    self.init(
      try snapshot.tracker(from: start ?? .beginningOfRecord, through: end), from: start, to: end,
      log: try snapshot.head(), corrections: try snapshot.corrections())
    knownAt = snapshot.knownAt
  }

  /// The statements of a tracker replayed as of `to`, dated on or after `from`, with the
  /// `corrections` of the log (those of the statements shown, and the retractions of statements
  /// dated in the range, are shown).
  public init(_ tracker: Tracker, from: Day?, to: Day, log: LogHead, corrections: [CorrectionEntry] = []) {
    self.from = from
    self.to = to
    knownAt = tracker.knownAt
    self.log = log
    // Each statement's pledges, found once: a scan per statement grew with the log squared.
    var made: [EventID: [Int: PledgeRecord]] = [:]
    for record in tracker.pledges where made[record.statement]?[record.ordinal] == nil {
      made[record.statement, default: [:]][record.ordinal] = record
    }
    entries = tracker.orderedStatements
      .filter { entry in from.map { entry.statement.date >= $0 } ?? true }
      .map { entry in
        TimelineEntry(
          statement: entry, effects: tracker.effects(of: entry.statement),
          pledges: made[entry.statement.id] ?? [:],
          corrections: corrections.map(\.record).filter { $0.target == entry.statement.id && !$0.retracted })
      }
    retracted = corrections.filter { entry in
      guard let statement = entry.retracted else { return false }
      return statement.date <= to && (from.map { statement.date >= $0 } ?? true)
    }
  }

  public var range: String { "\(from?.description ?? "the start") to \(to)" }
}
