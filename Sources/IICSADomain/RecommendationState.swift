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

  /// Creates a correction record.
  public init(id: EventID, target: EventID, reason: String, recordedAt: Timestamp, retracted: Bool) {
    self.id = id
    self.target = target
    self.reason = reason
    self.recordedAt = recordedAt
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
}

/// The state of a pledge on a given day.
public enum PledgeStatus: Hashable, Sendable {
  /// Not yet fulfilled and not yet due (or with no due date).
  case open
  /// Not fulfilled, and due this many days before the day asked about.
  case overdue(days: Int)
  /// Fulfilled by this change; `daysLate` is 0 when on time.
  case fulfilled(ChangeReference, daysLate: Int)
}

/// A pledge as made, and what fulfilled it.
public struct PledgeRecord: Hashable, Sendable {
  /// The statement that made it.
  public var statement: EventID
  /// Its place among that statement's pledges, from 1.
  public var ordinal: Int
  /// The statement's date.
  public var madeOn: Day
  /// The pledge.
  public var pledge: Pledge
  /// The first later change that reached its target, if any.
  public var fulfilledBy: ChangeReference?

  /// Creates a pledge record.
  public init(
    statement: EventID, ordinal: Int, madeOn: Day, pledge: Pledge, fulfilledBy: ChangeReference? = nil
  ) {
    self.statement = statement
    self.ordinal = ordinal
    self.madeOn = madeOn
    self.pledge = pledge
    self.fulfilledBy = fulfilledBy
  }

  /// A stable id: `STATEMENT#N`.
  public var id: String { "\(statement)#\(ordinal)" }

  /// Its state on `day`: changes after `day` do not count.
  public func status(on day: Day) -> PledgeStatus {
    if let fulfilledBy, fulfilledBy.date <= day {
      let late = pledge.due.map { max(0, $0.days(until: fulfilledBy.date)) } ?? 0
      return .fulfilled(fulfilledBy, daysLate: late)
    }
    if let due = pledge.due, day > due { return .overdue(days: due.days(until: day)) }
    return .open
  }
}
