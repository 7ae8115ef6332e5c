/// The state of every recommendation, replayed from the log: the one place the rules are applied.
///
/// A tracker is a left fold over the effective log: corrections are resolved first, then reports
/// and statements are applied in date order (ties in log order). Reading "as of" a date stops the
/// fold at that date; reading "known at" a time drops events recorded after it.
public struct Tracker: Sendable {
  /// Every report in the tracker, by id.
  public private(set) var reports: [SourceID: Report] = [:]
  /// The state of each recommendation of the reports published by the as-of date.
  public private(set) var states: [RecommendationID: RecommendationState] = [:]
  /// The statements applied, by id, as corrected.
  public private(set) var statements: [EventID: RecordedStatement] = [:]
  /// Every pledge made, in the order made.
  public private(set) var pledges: [PledgeRecord] = []
  /// Every correction applied, in log order.
  public private(set) var corrections: [CorrectionRecord] = []
  /// The last date the fold may reach; nil for no limit.
  public let asOf: Day?
  /// The last recording time the fold may see; nil for the whole log.
  public let knownAt: KnownAt?

  /// True for a tracker resumed from a snapshot: it holds the current state but not the history,
  /// so it can take only events that `canApplyDirectly` accepts.
  public private(set) var isResumed = false

  private var log: EffectiveLog
  private var frontier: (date: Day, sequence: Int)?
  /// Indices into `pledges` of the open ones, per recommendation: a change looks only at its own
  /// recommendation's open pledges.
  private var openPledges: [RecommendationID: [Int]] = [:]
  /// Where each pledge is in `pledges`: how an outcome or a replacement finds the pledge it names.
  private var pledgeIndex: [PledgeID: Int] = [:]
  private var sourceByPrefix: [String: SourceID] = [:]

  /// An empty tracker: no reports, no statements.
  public init(asOf: Day? = nil, knownAt: KnownAt? = nil) {
    self.asOf = asOf
    self.knownAt = knownAt
    self.log = EffectiveLog()
  }

  /// Replays `events` (in log order) into a tracker, applying every rule.
  public static func replay(
    _ events: some Sequence<Event>, asOf: Day? = nil, knownAt: KnownAt? = nil
  ) throws(RuleViolation) -> Tracker {
    var log = EffectiveLog()
    for event in events where knownAt.map({ $0.includes(event) }) ?? true {
      try log.add(event)
    }
    return try fold(log, asOf: asOf, knownAt: knownAt)
  }

  /// A tracker that carries on from a state read back from projections, without the history.
  ///
  /// It checks and applies new reports, and statements dated on or after `frontier`, exactly as
  /// a full replay would, at a cost that does not grow with the log. `pledges` are the pledges
  /// not yet fulfilled; `frontier` is the date and sequence of the last statement applied.
  /// With `asOf`, recommendations of reports published later have no state, as in a replay.
  public static func resume(
    reports: [Report], statuses: [RecommendationID: (Status, ChangeReference?)],
    openPledges: [PledgeRecord], frontier: (date: Day, sequence: Int)?, asOf: Day? = nil
  ) throws(RuleViolation) -> Tracker {
    var tracker = Tracker(asOf: asOf)
    for report in reports { try tracker.publish(report) }
    for (id, (status, last)) in statuses {
      tracker.states[id]?.status = status
      tracker.states[id]?.lastChange = last
    }
    tracker.pledges = openPledges
    for (index, record) in openPledges.enumerated() where record.end == nil {
      tracker.openPledges[record.pledge.recommendation, default: []].append(index)
      tracker.pledgeIndex[record.pledgeID] = index
    }
    tracker.frontier = frontier
    tracker.isResumed = true
    return tracker
  }

  /// Applies a statement already in the log to a resumed tracker, keeping its place and its
  /// correction: how a report over a date range replays just that range.
  ///
  /// With `only`, it applies just the statement's effects on that recommendation: how `show`
  /// rebuilds one recommendation's history from the statements that name it.
  public mutating func apply(resumed entry: RecordedStatement, only: RecommendationID? = nil)
    throws(RuleViolation)
  {
    guard isResumed, frontier.map({ entry.statement.date >= $0.date }) ?? true else {
      throw .needsHistory(entry.statement.id)
    }
    try apply(entry, only: only)
  }

  /// Whether `event` can be applied without the history: a report, or a statement dated on or
  /// after every statement already applied whose every named pledge is open here. Anything else
  /// needs a replay of the whole log.
  public func canApplyDirectly(_ event: Event) -> Bool {
    guard asOf == nil else { return false }
    switch event.payload {
    case .reportPublished: return true
    case .statementRecorded(let statement):
      guard frontier.map({ statement.date >= $0.date }) ?? true else { return false }
      return statement.namedPledges.allSatisfy { id in pledgeIndex[id].map { pledges[$0].end == nil } ?? false }
    case .eventCorrected: return false
    // Checked against the statements and reports standing when it is recorded: a replay's log
    // holds them, a resumed tracker does not.
    case .sweepRecorded: return !isResumed
    }
  }

  /// Adds one event at the end of the log, checking every rule the new event touches.
  ///
  /// A statement dated on or after every statement already applied is applied directly. A
  /// back-dated statement, or a correction, is checked by replaying the whole history with it
  /// included; a violation in a later statement is reported as `breaksLaterStatement`. A
  /// resumed tracker refuses those with `needsHistory`: replay the log instead.
  public mutating func append(_ event: Event) throws(RuleViolation) {
    if canApplyDirectly(event) {
      // Mutated in place: copying the log here would make every append cost the whole log.
      if !isResumed { try log.add(event) }
      switch event.payload {
      case .statementRecorded(let statement):
        try apply(
          RecordedStatement(statement: statement, recordedAt: event.recordedAt, sequence: event.sequence))
      case .reportPublished(let report):
        try publish(report)
        try checkRepeats(of: report)
      case .eventCorrected, .sweepRecorded:
        break
      }
      return
    }
    if isResumed { throw .needsHistory(event.id) }
    var log = self.log
    try log.add(event)
    do {
      self = try Tracker.fold(log, asOf: asOf, knownAt: knownAt)
    } catch {
      throw error.blamed(on: event.id)
    }
  }

  /// The reports published by the as-of date, in reading order (`Report.readingOrder`).
  public var orderedReports: [Report] {
    reports.values.filter { report in asOf.map { report.published <= $0 } ?? true }
      .sorted(by: Report.readingOrder)
  }

  /// The states of every recommendation, ordered by source (in reading order) then number.
  public var orderedStates: [RecommendationState] {
    orderedReports.flatMap { report in report.recommendations.compactMap { states[$0.id] } }
  }

  /// The pledge `id`, if this tracker holds it.
  public func pledge(_ id: PledgeID) -> PledgeRecord? {
    pledgeIndex[id].map { pledges[$0] }
  }

  /// The sweeps standing, through the as-of day at the latest, newest first
  /// (`RecordedSweep.newestFirst`).
  public var sweeps: [RecordedSweep] {
    log.sweeps.values.filter { entry in asOf.map { entry.sweep.through <= $0 } ?? true }
      .sorted(by: RecordedSweep.newestFirst)
  }

  /// The statements applied, in the order they were applied (date, then log order).
  public var orderedStatements: [RecordedStatement] {
    statements.values.sorted { ($0.statement.date, $0.sequence) < ($1.statement.date, $1.sequence) }
  }

  private static func fold(
    _ log: EffectiveLog, asOf: Day?, knownAt: KnownAt?
  ) throws(RuleViolation) -> Tracker {
    var tracker = Tracker(asOf: asOf, knownAt: knownAt)
    tracker.log = log
    tracker.corrections = log.corrections
    // Reports do not depend on each other's dates: apply them in log order, so a clash is
    // blamed on the report recorded second.
    let reports = log.reports.values.sorted(by: { $0.sequence < $1.sequence })
    for entry in reports { try tracker.publish(entry.report) }
    // Once all are in: a catalogue may repeat one recorded after it.
    for entry in reports { try tracker.checkRepeats(of: entry.report) }
    let ordered = log.statements.values.sorted {
      ($0.statement.date, $0.sequence) < ($1.statement.date, $1.sequence)
    }
    for entry in ordered {
      if let asOf, entry.statement.date > asOf { break }
      try tracker.apply(entry)
    }
    return tracker
  }
}

extension RuleViolation {
  /// Reports a violation found in another statement as caused by `cause`.
  public func blamed(on cause: EventID) -> RuleViolation {
    if event == cause { return self }
    if case .breaksLaterStatement = self { return self }
    return .breaksLaterStatement(cause: cause, later: event, self)
  }
}

// MARK: - Applying reports and statements

extension Tracker {
  mutating func publish(_ report: Report) throws(RuleViolation) {
    try report.check()
    if let other = sourceByPrefix[report.prefix], other != report.id {
      throw .prefixInUse(source: report.id, prefix: report.prefix, usedBy: other)
    }
    sourceByPrefix[report.prefix] = report.id
    reports[report.id] = report
    if let asOf, report.published > asOf { return }
    for recommendation in report.recommendations {
      states[recommendation.id] = RecommendationState(
        recommendation: recommendation, source: report.id, published: report.published)
    }
  }

  /// Checks that each recommendation `report` says it repeats is in another report, published on
  /// or before it.
  func checkRepeats(of report: Report) throws(RuleViolation) {
    for item in report.recommendations {
      for earlier in item.repeats {
        guard let other = reportOf(earlier), other.id != report.id, other.published <= report.published else {
          throw .unknownRepeat(source: report.id, item.id, repeats: earlier)
        }
      }
    }
  }

  /// Applies a statement; with `only`, just its effects on that one recommendation, which depend
  /// on nothing but that recommendation's own history.
  mutating func apply(_ entry: RecordedStatement, only: RecommendationID? = nil) throws(RuleViolation) {
    let statement = entry.statement
    let included = { (id: RecommendationID) in only.map { $0 == id } ?? true }
    try statement.check()
    if statement.date > entry.recordedAt.day {
      throw .futureDate(statement: statement.id, date: statement.date, recordedOn: entry.recordedAt.day)
    }
    for id in statement.relatesTo where included(id) && reportOf(id) == nil {
      throw .unknownRecommendation(statement: statement.id, id)
    }
    for outcome in statement.pledgeOutcomes where included(outcome.recommendation) {
      try endPledge(outcome, in: entry)
    }
    var changed = Set<RecommendationID>()
    for change in statement.changes where included(change.recommendation) {
      guard changed.insert(change.recommendation).inserted else {
        throw .duplicateChange(statement: statement.id, change.recommendation)
      }
      try applyChange(change, in: statement)
    }
    for id in statement.reaffirms where included(id) {
      _ = try state(id, in: statement)
      states[id]?.history.append(HistoryEntry(date: statement.date, statement: statement.id, what: .reaffirmed))
    }
    // Enumerated before filtering, so a pledge keeps its number within its statement.
    for (index, pledge) in statement.pledges.enumerated() where included(pledge.recommendation) {
      try makePledge(pledge, index: index, in: entry)
    }
    for id in statement.relatesTo where included(id) && states[id] != nil {
      states[id]?.history.append(HistoryEntry(date: statement.date, statement: statement.id, what: .related))
    }
    statements[statement.id] = entry
    frontier = (statement.date, entry.sequence)
  }

  private func reportOf(_ id: RecommendationID) -> Report? {
    sourceByPrefix[id.prefix].flatMap { reports[$0] }
      .flatMap { report in report.recommendations.contains { $0.id == id } ? report : nil }
  }

  private func state(_ id: RecommendationID, in statement: Statement) throws(RuleViolation)
    -> RecommendationState
  {
    guard let report = reportOf(id) else {
      throw .unknownRecommendation(statement: statement.id, id)
    }
    guard let state = states[id], statement.date >= report.published else {
      throw .beforeSource(statement: statement.id, id, date: statement.date, published: report.published)
    }
    return state
  }

  private mutating func applyChange(_ change: StatusChange, in statement: Statement)
    throws(RuleViolation)
  {
    let id = change.recommendation
    let old = try state(id, in: statement).status
    guard change.position != nil || change.stage != nil else {
      throw .emptyChange(statement: statement.id, id)
    }
    let new = Status(position: change.position ?? old.position, stage: change.stage ?? old.stage)
    if new == old { throw .unchanged(statement: statement.id, id, old) }
    if new.stage < old.stage, (change.reason ?? "").allSatisfy(\.isWhitespace) {
      throw .backwardsWithoutReason(statement: statement.id, id, from: old.stage, to: new.stage)
    }
    if new.position == .rejected, new.stage > .notStarted {
      throw .contradiction(statement: statement.id, id, new.stage)
    }
    let reference = ChangeReference(date: statement.date, statement: statement.id)
    states[id]?.status = new
    states[id]?.lastChange = reference
    states[id]?.history.append(
      HistoryEntry(
        date: statement.date, statement: statement.id,
        what: .changed(from: old, to: new, note: change.note, reason: change.reason)))
    let open = openPledges[id] ?? []
    var stillOpen: [Int] = []
    for index in open {
      if pledges[index].statement != statement.id && pledges[index].pledge.target.isMet(by: new) {
        pledges[index].end = PledgeEnd(ending: .fulfilled, by: reference)
      } else {
        stillOpen.append(index)
      }
    }
    if stillOpen.count != open.count { openPledges[id] = stillOpen }
  }

  /// The open pledge `id` about `recommendation`, for `statement` to end: every rule about
  /// naming an earlier pledge is checked here.
  private func openPledge(_ id: PledgeID, about recommendation: RecommendationID, for entry: RecordedStatement)
    throws(RuleViolation) -> Int
  {
    let statement = entry.statement.id
    guard let index = pledgeIndex[id] else {
      // A full replay holds every statement: tell a pledge not made yet from one never made.
      if let maker = log.statements[id.statement], id.ordinal <= maker.statement.pledges.count,
        (maker.statement.date, maker.sequence) > (entry.statement.date, entry.sequence)
      {
        throw .pledgeNamedBeforeMade(
          statement: statement, id, recommendation, made: maker.statement.date, date: entry.statement.date)
      }
      throw .unknownPledge(statement: statement, id, recommendation)
    }
    let record = pledges[index]
    if record.pledge.recommendation != recommendation {
      throw .pledgeOfOtherRecommendation(statement: statement, id, named: recommendation, actual: record.pledge.recommendation)
    }
    if let end = record.end {
      throw .pledgeAlreadyEnded(statement: statement, id, recommendation, end.ending, by: end.by)
    }
    return index
  }

  private mutating func close(pledgeAt index: Int, with end: PledgeEnd) {
    pledges[index].end = end
    let id = pledges[index].pledge.recommendation
    openPledges[id]?.removeAll { $0 == index }
  }

  private mutating func endPledge(_ outcome: PledgeOutcome, in entry: RecordedStatement) throws(RuleViolation) {
    let statement = entry.statement
    let index = try openPledge(outcome.pledge, about: outcome.recommendation, for: entry)
    let ending: PledgeEnding = outcome.outcome == .met ? .met : .withdrawn
    close(
      pledgeAt: index,
      with: PledgeEnd(
        ending: ending, by: ChangeReference(date: statement.date, statement: statement.id), note: outcome.note))
    states[outcome.recommendation]?.history.append(
      HistoryEntry(
        date: statement.date, statement: statement.id,
        what: .pledgeEnded(outcome.pledge, outcome.outcome, note: outcome.note)))
  }

  private mutating func makePledge(_ pledge: Pledge, index: Int, in entry: RecordedStatement)
    throws(RuleViolation)
  {
    let statement = entry.statement
    let id = pledge.recommendation
    let current = try state(id, in: statement).status
    if let due = pledge.due, due < statement.date {
      throw .pledgeDueBeforeStatement(statement: statement.id, id, due: due, date: statement.date)
    }
    if pledge.target.isMet(by: current) {
      throw .pledgeAlreadyMet(statement: statement.id, id, pledge.target, current)
    }
    let made = PledgeID(statement: statement.id, ordinal: index + 1)
    var baseline: Day?
    if let replaced = pledge.replaces {
      let old = try openPledge(replaced, about: id, for: entry)
      baseline = pledges[old].baselineDue
      close(
        pledgeAt: old,
        with: PledgeEnd(
          ending: .superseded, by: ChangeReference(date: statement.date, statement: statement.id), replacement: made))
    }
    openPledges[id, default: []].append(pledges.count)
    pledgeIndex[made] = pledges.count
    pledges.append(
      PledgeRecord(statement: statement.id, ordinal: index + 1, madeOn: statement.date, pledge: pledge, baselineDue: baseline))
    states[id]?.history.append(
      HistoryEntry(date: statement.date, statement: statement.id, what: .pledged(ordinal: index + 1)))
  }
}

// MARK: - Static checks

extension Statement {
  /// Checks what a statement must hold on its own: sources, and something to say.
  public func check() throws(RuleViolation) {
    if sources.isEmpty { throw .noSources(statement: id) }
    if let bad = sources.first(where: { !$0.hasWebURL }) {
      throw .invalidSourceURL(statement: id, url: bad.url)
    }
    if changes.isEmpty, reaffirms.isEmpty, relatesTo.isEmpty, pledges.isEmpty, pledgeOutcomes.isEmpty {
      throw .emptyStatement(statement: id)
    }
    var named = Set<PledgeID>()
    for pledge in namedPledges where !named.insert(pledge).inserted {
      throw .pledgeNamedTwice(statement: id, pledge)
    }
    if let own = namedPledges.first(where: { $0.statement == id }) {
      throw .unknownPledge(statement: id, own, nil)
    }
  }

  /// The earlier pledges the statement ends: those it declares met or withdrawn, and those its
  /// pledges re-make.
  public var namedPledges: [PledgeID] {
    pledgeOutcomes.map(\.pledge) + pledges.compactMap(\.replaces)
  }
}

extension Report {
  /// Checks what a report must hold on its own: recommendations, unique numbers, its prefix.
  public func check() throws(RuleViolation) {
    if recommendations.isEmpty { throw .emptyReport(source: id) }
    if !SourceLink(url: url, publisher: author).hasWebURL {
      throw .invalidReportURL(source: id, url: url)
    }
    var numbers = Set<Int>()
    for recommendation in recommendations {
      if recommendation.id.prefix != prefix {
        throw .prefixMismatch(source: id, prefix: prefix, recommendation.id)
      }
      if !numbers.insert(recommendation.id.number).inserted {
        throw .duplicateNumber(source: id, number: recommendation.id.number)
      }
    }
  }
}
