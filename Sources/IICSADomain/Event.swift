/// What an event in the log says happened.
public enum EventPayload: Hashable, Sendable {
  /// A report was published with its recommendations.
  case reportPublished(Report)
  /// A statement was made.
  case statementRecorded(Statement)
  /// An earlier event was retracted or replaced.
  case eventCorrected(Correction)
  /// The sources were searched for some recommendations, through a day.
  case sweepRecorded(Sweep)

  /// The event type as stored: `report_published`, `statement_recorded`, `event_corrected`,
  /// `sweep_recorded`.
  public var type: EventType {
    switch self {
    case .reportPublished: return .reportPublished
    case .statementRecorded: return .statementRecorded
    case .eventCorrected: return .eventCorrected
    case .sweepRecorded: return .sweepRecorded
    }
  }
}

/// The event types: design.md's three, and the sweep (docs/log-format.md).
public enum EventType: String, CaseIterable, Sendable, Codable {
  case reportPublished = "report_published"
  case statementRecorded = "statement_recorded"
  case eventCorrected = "event_corrected"
  case sweepRecorded = "sweep_recorded"
}

/// A retraction or replacement of an earlier report or statement event.
///
/// The log never changes: a correction is a new event that says how to read an old one.
public struct Correction: Hashable, Sendable, Codable {
  /// The event corrected.
  public var target: EventID
  /// Why, in the recorder's words.
  public var reason: String
  /// What replaces it; nil retracts it.
  public var replacement: Replacement?
  /// Where the right fact was read: shown with the reason.
  public var sources: [SourceLink]

  /// Creates a correction.
  public init(target: EventID, reason: String, replacement: Replacement? = nil, sources: [SourceLink] = []) {
    self.target = target
    self.reason = reason
    self.replacement = replacement
    self.sources = sources
  }

  enum CodingKeys: String, CodingKey { case target, reason, replacement, sources }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      target: try c.decode(EventID.self, forKey: .target), reason: try c.decode(String.self, forKey: .reason),
      replacement: try c.decodeIfPresent(Replacement.self, forKey: .replacement),
      sources: try c.decodeIfPresent([SourceLink].self, forKey: .sources) ?? [])
  }

  /// `sources` is left out when empty: corrections recorded before it existed keep their bytes.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(target, forKey: .target)
    try c.encode(reason, forKey: .reason)
    try c.encodeIfPresent(replacement, forKey: .replacement)
    if !sources.isEmpty { try c.encode(sources, forKey: .sources) }
  }

  /// The id under which the `ordinal`-th correction of `target` is logged.
  public static func eventID(correcting target: EventID, ordinal: Int) -> EventID? {
    EventID("correction-\(ordinal)-\(target.rawValue)")
  }
}

/// The new content of a corrected event: of the same kind and id as the one it replaces.
public enum Replacement: Hashable, Sendable, Codable {
  /// A corrected catalogue.
  case report(Report)
  /// A corrected statement.
  case statement(Statement)

  enum CodingKeys: String, CodingKey { case report, statement }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    if let report = try container.decodeIfPresent(Report.self, forKey: .report) {
      self = .report(report)
    } else {
      self = .statement(try container.decode(Statement.self, forKey: .statement))
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .report(let report): try container.encode(report, forKey: .report)
    case .statement(let statement): try container.encode(statement, forKey: .statement)
    }
  }

  /// The id of the event this content stands for.
  public var eventID: EventID {
    switch self {
    case .report(let report): return EventID(report.id)
    case .statement(let statement): return statement.id
    }
  }
}

/// An event ready to be appended: the store gives it its sequence number and hash.
public struct NewEvent: Hashable, Sendable {
  /// Its id: the statement's slug, the source id, or a correction id.
  public var id: EventID
  /// When it entered the record; nil to let the store stamp it inside the write transaction,
  /// so that concurrent writers can never stamp times out of order.
  public var recordedAt: Timestamp?
  /// What it says.
  public var payload: EventPayload

  /// Creates an event to append.
  public init(id: EventID, recordedAt: Timestamp?, payload: EventPayload) {
    self.id = id
    self.recordedAt = recordedAt
    self.payload = payload
  }

  /// A report's publication, logged under its source id.
  public static func published(_ report: Report, at time: Timestamp?) -> NewEvent {
    NewEvent(id: EventID(report.id), recordedAt: time, payload: .reportPublished(report))
  }

  /// A statement, logged under its own id.
  public static func recorded(_ statement: Statement, at time: Timestamp?) -> NewEvent {
    NewEvent(id: statement.id, recordedAt: time, payload: .statementRecorded(statement))
  }

  /// A sweep, logged under its own id.
  public static func swept(_ sweep: Sweep, at time: Timestamp?) -> NewEvent {
    NewEvent(id: sweep.id, recordedAt: time, payload: .sweepRecorded(sweep))
  }

  /// The rules of time that a new event is held to as it enters the log at `recordedAt`, when
  /// the clock says `now`. The log is append-only, so a time past now could never be taken back:
  /// every later event would be stamped after it, and every answer known at a real time would
  /// leave it and them out. Only new events are judged: a replay never reads the clock.
  public func checkTime(recordedAt: Timestamp, now: Timestamp) throws(RuleViolation) {
    if let given = self.recordedAt, given > now { throw .recordedInFuture(id, recordedAt: given, now: now) }
    let report: Report?
    switch payload {
    case .reportPublished(let published): report = published
    case .eventCorrected(let correction):
      if case .report(let replacement)? = correction.replacement { report = replacement } else { report = nil }
    case .statementRecorded, .sweepRecorded: report = nil
    }
    if let report, report.published > recordedAt.day {
      throw .publishedInFuture(source: report.id, published: report.published, recordedOn: recordedAt.day)
    }
  }
}

/// An event in the log.
public struct Event: Hashable, Sendable {
  /// Its position in the log, from 1, without gaps.
  public var sequence: Int
  /// Its id.
  public var id: EventID
  /// When it entered the record.
  public var recordedAt: Timestamp
  /// What it says.
  public var payload: EventPayload

  /// Creates an event.
  public init(sequence: Int, id: EventID, recordedAt: Timestamp, payload: EventPayload) {
    self.sequence = sequence
    self.id = id
    self.recordedAt = recordedAt
    self.payload = payload
  }
}

/// The length of the log and the hash of its last event: what an export cites.
public struct LogHead: Hashable, Sendable, Codable {
  /// The number of events.
  public var length: Int
  /// The hex SHA-256 of the last event's chain link; empty for an empty log.
  public var head: String

  /// Creates a head.
  public init(length: Int, head: String) {
    self.length = length
    self.head = head
  }

  /// The head of an empty log.
  public static let empty = LogHead(length: 0, head: "")
}
