/// What sort of statement or event a `Statement` records.
public enum StatementKind: String, CaseIterable, Codable, Sendable {
  case commonsStatement = "commons_statement"
  case lordsStatement = "lords_statement"
  case writtenStatement = "written_statement"
  case writtenAnswer = "written_answer"
  case governmentResponse = "government_response"
  case pressRelease = "press_release"
  case speech
  case consultation
  case bill
  case act
  case statutoryInstrument = "statutory_instrument"
  case letter
  case debate
  case report
  case other
}

/// How precisely a statement's date is known.
public enum DatePrecision: String, CaseIterable, Codable, Sendable {
  /// The day is known.
  case day
  /// Only the month is known; the date is the last day the evidence allows.
  case month
  /// Only the year is known; the date is the last day the evidence allows.
  case year
}

/// One thing a government (or another actor) said or did on one date, and what it changed.
public struct Statement: Hashable, Sendable, Codable {
  /// A stable slug chosen by the recorder.
  public var id: EventID
  /// When it was said or done.
  public var date: Day
  /// How precisely `date` is known.
  public var datePrecision: DatePrecision
  /// Who said it.
  public var speaker: String
  /// The speaker's role at the time.
  public var role: String
  /// What sort of statement it is.
  public var kind: StatementKind
  /// A title.
  public var title: String
  /// A paraphrase of what was said, in the recorder's words.
  public var summary: String
  /// Where it can be read: at least one.
  public var sources: [SourceLink]
  /// How sure the record is of it.
  public var confidence: Confidence
  /// What could not be confirmed, or how others characterised it.
  public var note: String?
  /// Status changes it makes.
  public var changes: [StatusChange]
  /// Recommendations it recommits to without changing their status.
  public var reaffirms: [RecommendationID]
  /// Recommendations it bears on without changing them, even before they were made.
  public var relatesTo: [RecommendationID]
  /// Promises it makes.
  public var pledges: [Pledge]
  /// Earlier pledges it declares met or withdrawn.
  public var pledgeOutcomes: [PledgeOutcome]

  /// Creates a statement.
  public init(
    id: EventID, date: Day, datePrecision: DatePrecision = .day, speaker: String, role: String,
    kind: StatementKind, title: String, summary: String, sources: [SourceLink],
    confidence: Confidence = .confirmed, note: String? = nil, changes: [StatusChange] = [],
    reaffirms: [RecommendationID] = [], relatesTo: [RecommendationID] = [], pledges: [Pledge] = [],
    pledgeOutcomes: [PledgeOutcome] = []
  ) {
    self.id = id
    self.date = date
    self.datePrecision = datePrecision
    self.speaker = speaker
    self.role = role
    self.kind = kind
    self.title = title
    self.summary = summary
    self.sources = sources
    self.confidence = confidence
    self.note = note
    self.changes = changes
    self.reaffirms = reaffirms
    self.relatesTo = relatesTo
    self.pledges = pledges
    self.pledgeOutcomes = pledgeOutcomes
  }

  /// Every recommendation the statement names, in the order it names them, without repeats.
  public var recommendations: [RecommendationID] {
    var seen = Set<RecommendationID>()
    let all =
      changes.map(\.recommendation) + reaffirms + relatesTo + pledges.map(\.recommendation)
      + pledgeOutcomes.map(\.recommendation)
    return all.filter { seen.insert($0).inserted }
  }

  enum CodingKeys: String, CodingKey {
    case id, date, speaker, role, kind, title, summary, sources, confidence, note, changes
    case reaffirms, pledges
    case datePrecision = "date_precision"
    case relatesTo = "relates_to"
    case pledgeOutcomes = "pledge_outcomes"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      id: try c.decode(EventID.self, forKey: .id), date: try c.decode(Day.self, forKey: .date),
      datePrecision: try c.decode(DatePrecision.self, forKey: .datePrecision),
      speaker: try c.decode(String.self, forKey: .speaker), role: try c.decode(String.self, forKey: .role),
      kind: try c.decode(StatementKind.self, forKey: .kind), title: try c.decode(String.self, forKey: .title),
      summary: try c.decode(String.self, forKey: .summary),
      sources: try c.decode([SourceLink].self, forKey: .sources),
      confidence: try c.decode(Confidence.self, forKey: .confidence),
      note: try c.decodeIfPresent(String.self, forKey: .note),
      changes: try c.decode([StatusChange].self, forKey: .changes),
      reaffirms: try c.decode([RecommendationID].self, forKey: .reaffirms),
      relatesTo: try c.decode([RecommendationID].self, forKey: .relatesTo),
      pledges: try c.decode([Pledge].self, forKey: .pledges),
      pledgeOutcomes: try c.decodeIfPresent([PledgeOutcome].self, forKey: .pledgeOutcomes) ?? [])
  }

  /// `pledge_outcomes` is left out when empty: statements recorded before it existed keep their
  /// bytes, and so their hashes.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(date, forKey: .date)
    try c.encode(datePrecision, forKey: .datePrecision)
    try c.encode(speaker, forKey: .speaker)
    try c.encode(role, forKey: .role)
    try c.encode(kind, forKey: .kind)
    try c.encode(title, forKey: .title)
    try c.encode(summary, forKey: .summary)
    try c.encode(sources, forKey: .sources)
    try c.encode(confidence, forKey: .confidence)
    try c.encodeIfPresent(note, forKey: .note)
    try c.encode(changes, forKey: .changes)
    try c.encode(reaffirms, forKey: .reaffirms)
    try c.encode(relatesTo, forKey: .relatesTo)
    try c.encode(pledges, forKey: .pledges)
    if !pledgeOutcomes.isEmpty { try c.encode(pledgeOutcomes, forKey: .pledgeOutcomes) }
  }
}

/// How a statement says an earlier pledge ended, when the act promised was not a status change.
public enum PledgeOutcomeKind: String, CaseIterable, Codable, Sendable {
  /// The promised act was done (a response published, a timetable set out, a decision made).
  case met
  /// The promise was dropped.
  case withdrawn
}

/// A statement's declaration that an earlier pledge was met or withdrawn.
public struct PledgeOutcome: Hashable, Sendable, Codable {
  /// The pledge.
  public var pledge: PledgeID
  /// The recommendation the pledge concerns: said again so that a statement names every
  /// recommendation it bears on.
  public var recommendation: RecommendationID
  /// Met or withdrawn.
  public var outcome: PledgeOutcomeKind
  /// What was done, in the recorder's words.
  public var note: String?

  /// Creates an outcome.
  public init(pledge: PledgeID, recommendation: RecommendationID, outcome: PledgeOutcomeKind, note: String? = nil) {
    self.pledge = pledge
    self.recommendation = recommendation
    self.outcome = outcome
    self.note = note
  }
}

/// A change of position, stage or both to one recommendation.
public struct StatusChange: Hashable, Sendable, Codable {
  /// The recommendation changed.
  public var recommendation: RecommendationID
  /// The new position, if it changes.
  public var position: Position?
  /// The new stage, if it changes.
  public var stage: Stage?
  /// What the statement said about it.
  public var note: String?
  /// Why the stage moves backwards: required when it does.
  public var reason: String?

  /// Creates a change.
  public init(
    recommendation: RecommendationID, position: Position? = nil, stage: Stage? = nil,
    note: String? = nil, reason: String? = nil
  ) {
    self.recommendation = recommendation
    self.position = position
    self.stage = stage
    self.note = note
    self.reason = reason
  }
}

/// What would fulfil a pledge.
public enum PledgeTarget: Hashable, Sendable {
  /// Reaching this stage or any later one.
  case stage(Stage)
  /// Taking this position.
  case position(Position)
  /// Taking any position but `no_response`: a pledge to respond or decide.
  case anyResponse
  /// An act that is no status change (publishing a response, setting out a timetable, making a
  /// decision): no status fulfils it; a later statement declares it met, or it is re-made or
  /// withdrawn.
  case act

  /// Whether `status` meets the target.
  public func isMet(by status: Status) -> Bool {
    switch self {
    case .stage(let stage): return status.stage >= stage
    case .position(let position): return status.position == position
    case .anyResponse: return status.position != .noResponse
    case .act: return false
    }
  }

  /// The target as a campaigner reads it: `stage legislating`, `position accepted`.
  public var description: String {
    switch self {
    case .stage(let stage): return "stage \(stage.rawValue)"
    case .position(let position): return "position \(position.rawValue)"
    case .anyResponse: return "a response"
    case .act: return "the act promised"
    }
  }
}

/// A promise made in a statement, with what would fulfil it and when it is due.
public struct Pledge: Hashable, Sendable, Codable {
  /// The recommendation it concerns.
  public var recommendation: RecommendationID
  /// What was promised, in the recorder's words.
  public var text: String
  /// What would fulfil it.
  public var target: PledgeTarget
  /// When it is due; a pledge with no due date is never overdue.
  public var due: Day?
  /// The words used for the due date ("this spring").
  public var dueText: String?
  /// The earlier pledge this one re-makes, which it supersedes.
  public var replaces: PledgeID?

  /// Creates a pledge.
  public init(
    recommendation: RecommendationID, text: String, target: PledgeTarget, due: Day? = nil,
    dueText: String? = nil, replaces: PledgeID? = nil
  ) {
    self.recommendation = recommendation
    self.text = text
    self.target = target
    self.due = due
    self.dueText = dueText
    self.replaces = replaces
  }

  enum CodingKeys: String, CodingKey {
    case recommendation, text, due, replaces
    case targetStage = "target_stage"
    case targetPosition = "target_position"
    case dueText = "due_text"
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    recommendation = try container.decode(RecommendationID.self, forKey: .recommendation)
    text = try container.decode(String.self, forKey: .text)
    due = try container.decodeIfPresent(Day.self, forKey: .due)
    dueText = try container.decodeIfPresent(String.self, forKey: .dueText)
    replaces = try container.decodeIfPresent(PledgeID.self, forKey: .replaces)
    if let stage = try container.decodeIfPresent(Stage.self, forKey: .targetStage) {
      target = .stage(stage)
    } else if !container.contains(.targetPosition) {
      target = .act
    } else {
      let position = try container.decode(String.self, forKey: .targetPosition)
      guard let target = position == "any" ? .anyResponse : Position(rawValue: position).map(PledgeTarget.position)
      else {
        throw DecodingError.dataCorruptedError(
          forKey: .targetPosition, in: container, debugDescription: "unknown position '\(position)'")
      }
      self.target = target
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(recommendation, forKey: .recommendation)
    try container.encode(text, forKey: .text)
    try container.encodeIfPresent(due, forKey: .due)
    try container.encodeIfPresent(dueText, forKey: .dueText)
    try container.encodeIfPresent(replaces, forKey: .replaces)
    switch target {
    case .stage(let stage): try container.encode(stage, forKey: .targetStage)
    case .position(let position): try container.encode(position, forKey: .targetPosition)
    case .anyResponse: try container.encode("any", forKey: .targetPosition)
    case .act: break
    }
  }
}

extension Statement {
  /// Whether `other` is dated the same and changes, reaffirms, relates to and pledges exactly
  /// what this statement does: a correction that only rewords or re-sources a statement cannot
  /// change any recommendation's history, so nothing needs re-deriving.
  ///
  /// A change's `note` is ignored (no rule reads it); its `reason` is not, because a stage that
  /// moves backwards needs one.
  public func hasSameEffects(as other: Statement) -> Bool {
    date == other.date && reaffirms == other.reaffirms && relatesTo == other.relatesTo
      && pledges == other.pledges && pledgeOutcomes.map(\.effect) == other.pledgeOutcomes.map(\.effect)
      && changes.map(\.effect) == other.changes.map(\.effect)
  }
}

extension PledgeOutcome {
  /// A note is the recorder's words: rewording it changes no history.
  fileprivate var effect: [String] { [pledge.description, recommendation.description, outcome.rawValue] }
}

extension StatusChange {
  fileprivate var effect: [String?] {
    [recommendation.description, position?.rawValue, stage?.rawValue, reason]
  }
}
