internal import GRDB
import IICSADomain
import IICSALog

/// Keeps the projections in step with the log, one event at a time, inside the caller's
/// transaction: what `append` does for new events and `rebuild` does for the whole log.
///
/// Nearly every statement is dated on or after everything before it: those go through a tracker
/// resumed from the projections and are written in batches. A back-dated statement or a
/// statement's correction can only change the history of the recommendations it names, so only
/// those are re-derived, from the statements that name them. A report's correction can touch
/// any recommendation: it replays the log (reports are few and rarely corrected).
///
/// Memory stays bounded by one batch and one recommendation's history, whatever the log's length.
struct ProjectionUpdater {
  private let db: Database
  private var resumed: (tracker: Tracker, base: Projections.Resumption)?
  private var pending = 0
  private var horizon: Day?

  /// Statements applied between writes: bounds the memory a long import or rebuild holds.
  static let batch = 10_000

  init(_ db: Database) throws {
    self.db = db
    horizon = try DateHorizonTable.latest(in: db)
  }

  /// Projections recreated from the log alone, streaming it in order.
  static func rebuild(_ db: Database) throws {
    try Projections.clear(in: db)
    var updater = try ProjectionUpdater(db)
    let rows = try Row.fetchCursor(
      db, sql: "SELECT sequence, id, type, recorded_at, payload FROM event ORDER BY sequence")
    while let row = try rows.next() {
      try updater.apply(try EventStore.event(from: row))
    }
    try updater.flush()
  }

  /// Checks `event`, the next in the log, against the rules and adds what it says to the
  /// projections (statements in the fast path reach the tables at the next `flush`).
  /// - Throws: `StoreError.rule` if it breaks a rule, or breaks a later statement.
  mutating func apply(_ event: Event) throws {
    if resumed == nil { resumed = try Projections.resume(db, through: event.sequence - 1) }
    if resumed?.tracker.canApplyDirectly(event) == true {
      do {
        try resumed?.tracker.append(event)
      } catch {
        throw StoreError.rule(error)
      }
      if case .reportPublished(let report) = event.payload {
        try CatalogueTable.publish(report, at: event.sequence, in: db)
      }
      pending += 1
      if pending >= Self.batch { try flush() }
      return
    }
    try flush()
    switch event.payload {
    case .statementRecorded(let statement) where !statement.namedPledges.isEmpty:
      // It ends a pledge that is not open now, or it is back-dated: a pledge may be made by a
      // statement that names another recommendation, so only the whole log can say.
      try replay(through: event)
    case .statementRecorded(let statement):
      try insertBackDated(statement, event: event)
    case .eventCorrected(let correction):
      try correct(correction, event: event)
    case .sweepRecorded(let sweep):
      try check(sweep, event: event)
    case .reportPublished(let report):
      // A resumed tracker takes any report directly; replay to be safe if that ever changes.
      try replay(through: event)
      try CatalogueTable.publish(report, at: event.sequence, in: db)
    }
  }

  /// Writes what the resumed tracker applied since it was resumed.
  mutating func flush() throws {
    guard let (tracker, base) = resumed else { return }
    resumed = nil
    guard pending > 0 else { return }
    pending = 0
    try writeDelta(tracker, base)
  }

  private mutating func writeDelta(_ tracker: Tracker, _ base: Projections.Resumption) throws {
    // Every statement written here was applied by this tracker, so it knows their sequences.
    let sequenceOf = { (id: String) in EventID(id).flatMap { tracker.statements[$0]?.sequence } ?? 0 }
    for row in PledgeTable.rows(tracker.pledges.prefix(base.openPledges)) {
      guard let by = row.endedBy else { continue }
      try PledgeTable.end(row, sequence: sequenceOf(by), in: db)
    }
    // Every row added here is known from its statement's own event: nothing supersedes it.
    try PledgeTable.insert(
      PledgeTable.rows(tracker.pledges.dropFirst(base.openPledges)),
      knownFrom: { sequenceOf($0.statement) }, endedSequence: { $0.endedBy.map(sequenceOf) }, in: db)
    try StatusChangeTable.insert(StatusChangeTable.rows(tracker), knownFrom: \.sequence, in: db)
    let statements = StatementTable.rows(tracker).sorted { $0.sequence < $1.sequence }
    try StatementTable.insert(statements, knownFrom: \.sequence, in: db)
    try MentionTable.insert(MentionTable.rows(tracker), knownFrom: \.sequence, in: db)
    for row in statements {
      guard let date = Day(iso: row.date), horizon.map({ date > $0 }) ?? true else { continue }
      try DateHorizonTable.extend(to: date, at: row.sequence, in: db)
      horizon = date
    }
  }

  // MARK: The slow paths

  /// A sweep changes no projection: it is checked against the record as the projections hold it
  /// now, which is the log before it, as a replay checks it.
  private func check(_ sweep: Sweep, event: Event) throws {
    let known = Set(try CatalogueTable.reports(in: db).flatMap { $0.recommendations.map(\.id) })
    var dates: [EventID: Day] = [:]
    for id in sweep.found {
      dates[id] = try StatementTable.statement(id, knownAt: .current, in: db)?.statement.date
    }
    do {
      try sweep.check(recordedOn: event.recordedAt.day, isKnown: { known.contains($0) }, statementDate: { dates[$0] })
    } catch {
      throw StoreError.rule(error)
    }
  }

  private mutating func insertBackDated(_ statement: IICSADomain.Statement, event: Event) throws {
    let entry = RecordedStatement(statement: statement, recordedAt: event.recordedAt, sequence: event.sequence)
    try rederive(Set(statement.recommendations), removing: nil, adding: entry, cause: event)
    try addStatement(entry, at: event.sequence)
  }

  private mutating func correct(_ correction: Correction, event: Event) throws {
    let target = correction.target
    guard let found = try Row.fetchOne(
      db, sql: "SELECT sequence, type FROM event WHERE id = ? AND sequence < ?",
      arguments: [target.rawValue, event.sequence])
    else { throw StoreError.rule(.unknownEvent(target)) }
    switch found.text(1) {
    case EventType.eventCorrected.rawValue:
      throw StoreError.rule(.correctsCorrection(target))
    case EventType.sweepRecorded.rawValue:
      // A sweep has no projection: it stands unless an earlier correction retracted it.
      // A rebuild's log already holds the events after this one: count only the earlier ones.
      let earlier = try Int.fetchOne(
        db, sql: EventStore.correctionCountSQL + " AND sequence < ?", arguments: [target.rawValue, event.sequence])
      if earlier ?? 0 > 0 {
        throw StoreError.rule(.alreadyRetracted(target))
      }
      do { _ = try correction.resolve(against: .sweep, by: event) } catch { throw StoreError.rule(error) }
      return
    case EventType.reportPublished.rawValue:
      try replay(through: event)
      var replacement: Report?
      if case .report(let report)? = correction.replacement { replacement = report }
      try CatalogueTable.correct(target, replacement: replacement, at: event.sequence, in: db)
      return
    default:
      break
    }
    guard let old = try StatementTable.statement(target, knownAt: .current, in: db) else {
      throw StoreError.rule(.alreadyRetracted(target))
    }
    if case .statement(let replacement)? = correction.replacement,
      !(old.statement.namedPledges.isEmpty && replacement.namedPledges.isEmpty)
    {
      // Ending pledges, before or after: checked against the whole log, as a new one is.
      try replay(through: event)
      return
    }
    // The rules are the domain's, as a replay applies them.
    let outcome: CorrectionOutcome
    do { outcome = try correction.resolve(against: .statement(old), by: event) } catch { throw StoreError.rule(error) }
    let new: RecordedStatement?
    switch outcome {
    case .statement(let replacement): new = replacement
    case .retracted: new = nil
    case .report:
      throw StoreError.damaged(sequence: event.sequence, detail: "a statement's correction resolved to a report")
    }
    if let new, new.statement.hasSameEffects(as: old.statement) {
      // Same date, same effects: every history stays as it is; only the text moves.
      do { try new.statement.check() } catch { throw StoreError.rule(error.blamed(on: event.id)) }
    } else {
      let named = Set(old.statement.recommendations).union(new?.statement.recommendations ?? [])
      try rederive(named, removing: old.sequence, adding: new, cause: event)
    }
    try StatementTable.close(old.sequence, at: event.sequence, in: db)
    try MentionTable.close(ofStatement: old.sequence, at: event.sequence, in: db)
    if let new { try addStatement(new, at: event.sequence) }
  }

  /// Re-derives each named recommendation's changes and pledges from the statements that name
  /// it, with `removing` left out and `adding` put in its place by date, and supersedes the rows
  /// that no longer hold. A later statement that no longer applies is blamed on `cause`.
  private func rederive(
    _ ids: Set<RecommendationID>, removing: Int?, adding: RecordedStatement?, cause: Event
  ) throws {
    let reports = try CatalogueTable.reports(knownAt: .init(sequence: cause.sequence - 1), in: db)
    for id in ids.sorted(by: { $0.description < $1.description }) {
      var entries = try MentionTable.statements(naming: id, onOrBefore: nil, knownAt: .current, in: db)
        .filter { $0.sequence != removing }
      if let adding { entries.append(adding) }
      entries.sort { ($0.statement.date, $0.sequence) < ($1.statement.date, $1.sequence) }
      var tracker: Tracker
      do {
        tracker = try Tracker.resume(reports: reports, statuses: [:], openPledges: [], frontier: nil)
        for entry in entries { try tracker.apply(resumed: entry, only: id) }
      } catch {
        throw StoreError.rule(error.blamed(on: cause.id))
      }
      try Projections.replaceRows(
        of: id, changes: StatusChangeTable.rows(tracker).filter { $0.recommendation == id.description },
        pledges: PledgeTable.rows(tracker.pledges), at: cause.sequence, in: db)
    }
  }

  private mutating func addStatement(_ entry: RecordedStatement, at sequence: Int) throws {
    try StatementTable.insert([StatementTable.row(entry)], knownFrom: { _ in sequence }, in: db)
    try MentionTable.insert(MentionTable.rows(entry), knownFrom: { _ in sequence }, in: db)
    try extendHorizon(to: entry.statement.date, at: sequence)
  }

  private mutating func extendHorizon(to date: Day, at sequence: Int) throws {
    guard horizon.map({ date > $0 }) ?? true else { return }
    try DateHorizonTable.extend(to: date, at: sequence, in: db)
    horizon = date
  }

  /// The whole log replayed up to and including `event`, and every live row made to match.
  private mutating func replay(through event: Event) throws {
    var tracker: Tracker
    do {
      tracker = try Tracker.replay(EventStore.events(db, through: event.sequence - 1))
    } catch {
      throw StoreError.damaged(sequence: event.sequence - 1, detail: "the log no longer replays: \(error)")
    }
    do {
      try tracker.append(event)
    } catch {
      throw StoreError.rule(error)
    }
    try Projections.replaceAll(with: tracker, at: event.sequence, in: db)
    if let latest = tracker.orderedStatements.last?.statement.date {
      try extendHorizon(to: latest, at: event.sequence)
    }
  }
}
