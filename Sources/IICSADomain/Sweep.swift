/// A search of the official sources for what was said or done about some recommendations, up to
/// a day: how the record says "checked through", so that a reader can tell "nothing happened"
/// from "nobody looked".
///
/// A sweep changes no status and makes no pledge. It may be retracted, never replaced: a wrong
/// sweep is withdrawn and the search recorded again under a new id.
public struct Sweep: Hashable, Sendable, Codable {
  /// Its id, which is also its event's id.
  public var id: EventID
  /// The first day searched; nil when the search had no lower bound.
  public var from: Day?
  /// The last day searched: every source listed was read through this day.
  public var through: Day
  /// Who searched, in words.
  public var checkedBy: String
  /// The recommendations searched for.
  public var recommendations: [RecommendationID]
  /// The places searched.
  public var sources: [SourceLink]
  /// The statements this search found, each already in the record.
  public var found: [EventID]
  /// What was searched and how, what was not, in plain words.
  public var note: String?

  /// Creates a sweep.
  public init(
    id: EventID, from: Day? = nil, through: Day, checkedBy: String, recommendations: [RecommendationID],
    sources: [SourceLink], found: [EventID] = [], note: String? = nil
  ) {
    self.id = id
    self.from = from
    self.through = through
    self.checkedBy = checkedBy
    self.recommendations = recommendations
    self.sources = sources
    self.found = found
    self.note = note
  }

  enum CodingKeys: String, CodingKey {
    case id, from, through, recommendations, sources, found, note
    case checkedBy = "checked_by"
  }

  /// The rules a sweep keeps on its own, and against the record as it stood when it was
  /// recorded (`recordedOn`): which recommendations a standing report holds (`isKnown`), and the
  /// date of each standing statement (`statementDate`). The replay (`EffectiveLog`) and the
  /// store's projections both check sweeps here.
  public func check(
    recordedOn: Day, isKnown: (RecommendationID) -> Bool, statementDate: (EventID) -> Day?
  ) throws(RuleViolation) {
    if through > recordedOn { throw .sweep(id, .throughAfterRecorded(through: through, recordedOn: recordedOn)) }
    if let from, from > through { throw .sweep(id, .fromAfterThrough(from: from, through: through)) }
    if checkedBy.isEmpty { throw .sweep(id, .noChecker) }
    if recommendations.isEmpty { throw .sweep(id, .noRecommendations) }
    if sources.isEmpty { throw .sweep(id, .noSources) }
    if let bad = sources.first(where: { !$0.hasWebURL }) { throw .sweep(id, .invalidSourceURL(bad.url)) }
    var seen: Set<RecommendationID> = []
    for recommendation in recommendations {
      guard seen.insert(recommendation).inserted else { throw .sweep(id, .namedTwice(recommendation.description)) }
      guard isKnown(recommendation) else { throw .sweep(id, .unknownRecommendation(recommendation)) }
    }
    var foundSeen: Set<EventID> = []
    for statement in found {
      guard foundSeen.insert(statement).inserted else { throw .sweep(id, .namedTwice(statement.rawValue)) }
      guard let date = statementDate(statement) else { throw .sweep(id, .unknownStatement(statement)) }
      if date > through { throw .sweep(id, .foundAfterThrough(statement, date: date, through: through)) }
    }
  }
}

/// A sweep as it stands in the log: its content and when it entered the log.
public struct RecordedSweep: Hashable, Sendable {
  public var sweep: Sweep
  public var recordedAt: Timestamp
  public var sequence: Int

  public init(sweep: Sweep, recordedAt: Timestamp, sequence: Int) {
    self.sweep = sweep
    self.recordedAt = recordedAt
    self.sequence = sequence
  }

  /// The latest standing sweep of each recommendation: its "checked through", the first of its
  /// `coverage`. Of two sweeps through the same day, the one recorded later.
  public static func latest(of sweeps: [RecordedSweep]) -> [RecommendationID: RecordedSweep] {
    coverage(of: sweeps).compactMapValues { $0.first?.entry }
  }

  /// A sweep, and the places it is the latest search of (for one recommendation).
  public struct Coverage: Hashable, Sendable {
    public var entry: RecordedSweep
    /// Its sources that no later sweep of the recommendation searched (`SourceLink.place`).
    public var sources: [SourceLink]
  }

  /// How far each place was last searched for each recommendation: the sweeps that are the
  /// latest search of at least one of their places, newest first, each with those places. The
  /// first is the recommendation's "checked through"; the others say how far the places it did not
  /// search were read, so that a recent search of one site never hides an older one of another.
  /// Places are told apart as `SourceLink.place` says.
  public static func coverage(of sweeps: [RecordedSweep]) -> [RecommendationID: [Coverage]] {
    var coverage: [RecommendationID: [Coverage]] = [:]
    var seen: [RecommendationID: Set<String>] = [:]
    for entry in sweeps.sorted(by: newestFirst) {
      for id in entry.sweep.recommendations {
        let new = entry.sweep.sources.filter { !(seen[id] ?? []).contains($0.place) }
        guard !new.isEmpty else { continue }
        seen[id, default: []].formUnion(new.map(\.place))
        coverage[id, default: []].append(Coverage(entry: entry, sources: new))
      }
    }
    return coverage
  }

  /// Newest `through` first, then latest recorded: the order every report lists sweeps in.
  public static func newestFirst(_ a: RecordedSweep, _ b: RecordedSweep) -> Bool {
    (a.sweep.through, a.sequence) > (b.sweep.through, b.sequence)
  }
}

/// What is wrong with a sweep.
public enum SweepProblem: Hashable, Sendable {
  case throughAfterRecorded(through: Day, recordedOn: Day)
  case fromAfterThrough(from: Day, through: Day)
  case noChecker
  case noRecommendations
  case noSources
  case invalidSourceURL(String)
  case namedTwice(String)
  case unknownRecommendation(RecommendationID)
  case unknownStatement(EventID)
  case foundAfterThrough(EventID, date: Day, through: Day)
  case replaced

  var description: String {
    switch self {
    case .throughAfterRecorded(let through, let recordedOn):
      return "it says it searched through \(through), after the day it is recorded (\(recordedOn)). "
        + "A sweep can only claim days that had passed: give the last day the sources were read through."
    case .fromAfterThrough(let from, let through):
      return "'from' (\(from)) is after 'through' (\(through)). Give the first and last days searched, in order."
    case .noChecker:
      return "'checked_by' is empty. Say who searched."
    case .noRecommendations:
      return "it names no recommendation. List the recommendations searched for under 'recommendations:'."
    case .noSources:
      return "it names no source. List the places searched under 'sources:'."
    case .invalidSourceURL(let url):
      return "source '\(url)' is not an http(s) URL. Give the public web address of the place searched."
    case .namedTwice(let name):
      return "it names \(name) twice. Name each once."
    case .unknownRecommendation(let id):
      return "it names \(id), which no recorded report contains. Check the id."
    case .unknownStatement(let id):
      return "it says it found '\(id)', which is not a statement standing in the record. "
        + "Record the statement first, or check the id."
    case .foundAfterThrough(let id, let date, let through):
      return "it says it found '\(id)', dated \(date), after the last day searched (\(through)). "
        + "Check the statement's id or the sweep's 'through'."
    case .replaced:
      return "a sweep cannot be replaced, only retracted. Retract it and record the search again under a new id."
    }
  }
}
