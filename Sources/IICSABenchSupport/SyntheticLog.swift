public import IICSADomain

/// What to generate: the size of the log, how many recommendations, and the seed.
public struct GeneratorConfig: Hashable, Sendable {
  /// Events in the log, reports and corrections included.
  public var events: Int
  /// Recommendations across all synthetic reports.
  public var recommendations: Int
  /// The seed: equal configurations give byte-identical logs.
  public var seed: UInt64
  /// Corrections appended at the end of the log; nil for the default (see `correctionCount`).
  public var corrections: Int?

  /// Creates a configuration.
  public init(events: Int, recommendations: Int = 100, seed: UInt64 = 42, corrections: Int? = nil) {
    self.events = events
    self.recommendations = recommendations
    self.seed = seed
    self.corrections = corrections
  }

  /// The most corrections a default configuration makes. Each re-derives the history of the
  /// recommendations it names (about 0.6 s at a million events); the cap also keeps the logs of
  /// a given seed the same as those measured before corrections got cheaper.
  public static let defaultCorrectionCap = 20

  /// The number of reports the log opens with.
  public var reportCount: Int { SyntheticCatalogue.reportCount(recommendations: recommendations) }

  /// Corrections: as asked, else 0.1% of the events (at least 1, at most the cap).
  public var correctionCount: Int {
    let room = max(0, events - reportCount - 1)
    let wanted = corrections ?? min(Self.defaultCorrectionCap, max(1, events / 1000))
    return min(max(0, wanted), room / 2)
  }

  /// Statements: every event that is neither a report nor a correction.
  public var statementCount: Int { max(0, events - reportCount - correctionCount) }
}

/// A valid synthetic event log, produced one event at a time in log order.
///
/// The log opens with the synthetic reports, then holds statements dated in non-decreasing order
/// from the first report's publication to `SyntheticCatalogue.lastDate` (so every append takes
/// the store's fast path), then a few corrections that reword earlier statements. A model of
/// every recommendation's status keeps each statement within the rules of `Tracker`: no no-op
/// change, backwards moves with a reason, no stage beyond `not_started` while rejected, no
/// pledge already met, due dates on or after the statement, dates on or after the report.
public struct SyntheticLog: Sequence, IteratorProtocol {
  /// The configuration.
  public let config: GeneratorConfig
  /// The reports, oldest first.
  public let reports: [Report]

  private var rng: SplitMix64
  private var emitted = 0
  private var model: StatusModel
  private let firstDay: Day
  private let spanDays: Int
  private let correctionTargets: Set<Int>
  private var savedForCorrection: [Statement] = []

  /// Creates the generator.
  public init(_ config: GeneratorConfig) {
    self.config = config
    reports = SyntheticCatalogue.reports(recommendations: config.recommendations)
    rng = SplitMix64(seed: config.seed)
    model = StatusModel(reports: reports)
    firstDay = reports.first?.published ?? SyntheticCatalogue.lastDate
    spanDays = Swift.max(0, firstDay.days(until: SyntheticCatalogue.lastDate))
    correctionTargets = Self.targets(count: config.correctionCount, among: config.statementCount)
  }

  /// Statement indices to correct: spread evenly over the log.
  static func targets(count: Int, among statements: Int) -> Set<Int> {
    guard count > 0, statements > 0 else { return [] }
    return Set((1...count).map { $0 * statements / (count + 1) })
  }

  /// The next event, or nil once `config.events` have been produced (or if an id could not be
  /// made, which `StoreGenerator` reports as an error).
  public mutating func next() -> NewEvent? {
    guard emitted < config.events else { return nil }
    let index = emitted
    emitted += 1
    let time = Timestamp(
      secondsSinceEpoch: SyntheticCatalogue.firstRecordedAt.secondsSinceEpoch + Int64(index))
    if index < reports.count { return .published(reports[index], at: time) }
    let statementIndex = index - reports.count
    if statementIndex < config.statementCount {
      guard let statement = makeStatement(statementIndex) else { return nil }
      if correctionTargets.contains(statementIndex) { savedForCorrection.append(statement) }
      return .recorded(statement, at: time)
    }
    return correction(statementIndex - config.statementCount, at: time)
  }

  private func correction(_ ordinal: Int, at time: Timestamp) -> NewEvent? {
    guard ordinal < savedForCorrection.count else { return nil }
    var replacement = savedForCorrection[ordinal]
    replacement.summary =
      "Corrected: " + replacement.summary + " (Wording checked against Hansard.)"
    guard let id = Correction.eventID(correcting: replacement.id, ordinal: 1) else { return nil }
    let correction = Correction(
      target: replacement.id, reason: "Synthetic correction: the summary misquoted the speaker.",
      replacement: .statement(replacement))
    return NewEvent(id: id, recordedAt: time, payload: .eventCorrected(correction))
  }

  private mutating func makeStatement(_ index: Int) -> Statement? {
    let statements = Swift.max(1, config.statementCount)
    let date = firstDay.adding(days: index * spanDays / statements)
    let eligible = model.eligibleCount(on: date)
    let roll = rng.below(100)
    var content = StatementContent()
    if roll < 60 {
      for slot in model.distinct(count: 1 + rng.below(3) / 2, below: eligible, rng: &rng) {
        content.changes.append(model.change(slot, rng: &rng))
      }
    } else if roll < 93 {
      content.reaffirms = model.distinct(count: 1 + rng.below(2), below: eligible, rng: &rng)
        .map { model.ids[$0] }
    } else {
      let slot = rng.below(eligible)
      if let pledge = model.pledge(slot, date: date, rng: &rng) {
        content.pledges.append(pledge)
      } else {
        content.reaffirms = [model.ids[slot]]
      }
    }
    return StatementText.make(index: index, date: date, content: content, rng: &rng)
  }
}

/// What a statement changes, reaffirms and pledges.
struct StatementContent {
  var changes: [StatusChange] = []
  var reaffirms: [RecommendationID] = []
  var pledges: [Pledge] = []

  var subject: RecommendationID? {
    changes.first?.recommendation ?? reaffirms.first ?? pledges.first?.recommendation
  }
}
