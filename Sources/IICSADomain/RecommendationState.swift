/// A statement as applied: its content (as corrected) and when it entered the log.
public struct RecordedStatement: Hashable, Sendable {
  /// The statement.
  public var statement: Statement
  /// When it (or its replacement) entered the log.
  public var recordedAt: Timestamp
  /// The sequence of the event that first recorded it: its place among same-day statements.
  public var sequence: Int
  /// Whether a correction replaced its first version.
  public var corrected: Bool = false
  /// The sequence of the event that holds its current content: its own, or its latest
  /// replacement's.
  public var contentSequence: Int

  /// Creates a recorded statement.
  public init(
    statement: Statement, recordedAt: Timestamp, sequence: Int, corrected: Bool = false,
    contentSequence: Int? = nil
  ) {
    self.statement = statement
    self.recordedAt = recordedAt
    self.sequence = sequence
    self.corrected = corrected
    self.contentSequence = contentSequence ?? sequence
  }
}

/// A correction as applied.
public struct CorrectionRecord: Hashable, Sendable {
  /// The correction's own event id.
  public var id: EventID
  /// The event corrected.
  public var target: EventID
  /// Why.
  public var reason: String
  /// When the correction entered the log.
  public var recordedAt: Timestamp
  /// True for a retraction, false for a replacement.
  public var retracted: Bool
  /// Where the right fact was read.
  public var sources: [SourceLink]

  /// Creates a correction record.
  public init(
    id: EventID, target: EventID, reason: String, recordedAt: Timestamp, retracted: Bool, sources: [SourceLink] = []
  ) {
    self.id = id
    self.target = target
    self.reason = reason
    self.recordedAt = recordedAt
    self.retracted = retracted
    self.sources = sources
  }
}

/// A correction in the log, and for a retraction the statement it withdrew, as first recorded:
/// what `show` and `timeline` print so that a withdrawn entry stays visible.
public struct CorrectionEntry: Hashable, Sendable {
  /// The correction.
  public var record: CorrectionRecord
  /// The statement a retraction withdrew; nil for a replacement or a report.
  public var retracted: Statement?

  /// Creates an entry.
  public init(record: CorrectionRecord, retracted: Statement?) {
    self.record = record
    self.retracted = retracted
  }
}

/// Where a status came from: the date and id of the statement that set it.
public struct ChangeReference: Hashable, Sendable, Codable {
  /// The statement's date.
  public var date: Day
  /// The statement's id.
  public var statement: EventID

  /// Creates a reference.
  public init(date: Day, statement: EventID) {
    self.date = date
    self.statement = statement
  }
}

/// One line of a recommendation's history.
public struct HistoryEntry: Hashable, Sendable {
  /// What happened.
  public enum What: Hashable, Sendable {
    /// The status changed.
    case changed(from: Status, to: Status, note: String?, reason: String?)
    /// The statement recommitted to it without changing its status.
    case reaffirmed
    /// The statement bears on it.
    case related
    /// The statement made its `ordinal`-th pledge (from 1) about it.
    case pledged(ordinal: Int)
    /// The statement declared an earlier pledge about it met or withdrawn.
    case pledgeEnded(PledgeID, PledgeOutcomeKind, note: String?)
  }

  /// When.
  public var date: Day
  /// Which statement.
  public var statement: EventID
  /// What happened.
  public var what: What
}

/// A recommendation and its status as replayed.
public struct RecommendationState: Hashable, Sendable {
  /// The recommendation, as its catalogue gives it.
  public var recommendation: Recommendation
  /// Its report.
  public var source: SourceID
  /// When its report was published: when its history starts.
  public var published: Day
  /// Its current status.
  public var status: Status = .initial
  /// The last statement that changed its status, if any.
  public var lastChange: ChangeReference?
  /// Everything statements said about it, in the order applied.
  public var history: [HistoryEntry] = []

  /// Its id.
  public var id: RecommendationID { recommendation.id }

  /// The headline of its current status, as a recommendation or as a finding.
  public var headline: Headline { status.headline(for: recommendation.kind) }
}

/// How a pledge ended.
public enum PledgeEnding: String, CaseIterable, Hashable, Sendable, Codable {
  /// A status change reached its target.
  case fulfilled
  /// A later statement declared the promised act done.
  case met
  /// A later pledge re-made it.
  case superseded
  /// A later statement declared it dropped.
  case withdrawn
}

/// The end of a pledge: how, by which statement on which day, and why.
public struct PledgeEnd: Hashable, Sendable {
  /// How it ended.
  public var ending: PledgeEnding
  /// The statement that ended it, and its date.
  public var by: ChangeReference
  /// What was done, for `met` and `withdrawn`.
  public var note: String?
  /// The pledge that re-made it, for `superseded`.
  public var replacement: PledgeID?

  /// Creates an end.
  public init(ending: PledgeEnding, by: ChangeReference, note: String? = nil, replacement: PledgeID? = nil) {
    self.ending = ending
    self.by = by
    self.note = note
    self.replacement = replacement
  }
}

/// The state of a pledge on a given day.
public enum PledgeStatus: Hashable, Sendable {
  /// Not yet ended and not yet due (or with no due date).
  case open
  /// Not ended, and due this many days before the day asked about.
  case overdue(days: Int)
  /// Ended by `end`; `daysLate` is how long after the due date (0 when on time, or not due).
  case ended(PledgeEnd, daysLate: Int)

  /// The state's name in machine formats: `open`, `overdue`, `fulfilled`, `met`, `superseded`,
  /// `withdrawn`.
  public var name: String {
    switch self {
    case .open: return "open"
    case .overdue: return "overdue"
    case .ended(let end, _): return end.ending.rawValue
    }
  }

  /// Whether the pledge is still outstanding (open or overdue).
  public var isOutstanding: Bool {
    if case .ended = self { return false }
    return true
  }
}

/// A pledge as made, and how it ended.
public struct PledgeRecord: Hashable, Sendable {
  /// The statement that made it.
  public var statement: EventID
  /// Its place among that statement's pledges, from 1.
  public var ordinal: Int
  /// The statement's date.
  public var madeOn: Day
  /// The pledge.
  public var pledge: Pledge
  /// The first due date of the chain of pledges it re-makes (its own if it re-makes none): the
  /// baseline a slip is measured from.
  public var baselineDue: Day?
  /// How it ended, if it has.
  public var end: PledgeEnd?

  /// Creates a pledge record.
  public init(
    statement: EventID, ordinal: Int, madeOn: Day, pledge: Pledge, baselineDue: Day? = nil, end: PledgeEnd? = nil
  ) {
    self.statement = statement
    self.ordinal = ordinal
    self.madeOn = madeOn
    self.pledge = pledge
    self.baselineDue = baselineDue ?? pledge.due
    self.end = end
  }

  /// Its id: `STATEMENT#N`.
  public var pledgeID: PledgeID { PledgeID(statement: statement, ordinal: ordinal) }

  /// A stable id: `STATEMENT#N`.
  public var id: String { pledgeID.description }

  /// Days its due date has moved from the baseline; nil unless it re-makes a pledge and both
  /// have due dates. Negative when brought forward.
  public var slippedDays: Int? {
    guard pledge.replaces != nil, let baselineDue, let due = pledge.due else { return nil }
    return baselineDue.days(until: due)
  }

  /// Its state on `day`: ends after `day` do not count.
  public func status(on day: Day) -> PledgeStatus {
    if let end, end.by.date <= day {
      let late = pledge.due.map { max(0, $0.days(until: end.by.date)) } ?? 0
      return .ended(end, daysLate: late)
    }
    if let due = pledge.due, day > due { return .overdue(days: due.days(until: day)) }
    return .open
  }
}
