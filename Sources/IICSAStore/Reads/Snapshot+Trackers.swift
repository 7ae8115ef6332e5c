internal import GRDB
import IICSADomain
import IICSALog
import IICSAReports

extension StoreSnapshot {
  /// A tracker holding the state on the day before `start`, read from the projections, with the
  /// statements dated from `start` through `end` applied on top: what a report about that range
  /// needs, at a cost that follows the range, not the log.
  ///
  /// Its states carry the history of the range only, and its pledges are those open on the day
  /// before `start` plus those made in the range. Status and pledges on `end` equal a full replay
  /// as of `end`.
  func tracker(from start: Day, through end: Day) throws -> Tracker {
    let before = start.adding(days: -1)
    // Every report, as a replay has them: a statement may bear on a recommendation before
    // its report was published.
    let reports = try CatalogueTable.reports(knownAt: knowledge, in: db)
    let statuses = try StatusChangeTable.lastChanges(
      of: reports.flatMap { $0.recommendations.map(\.id) }, onOrBefore: before, knownAt: knowledge, in: db)
    // Pledges open that day: made by then and not known to have ended by then.
    let open = try PledgeTable.open(on: before, knownAt: knowledge, in: db)
    var tracker: Tracker
    do {
      tracker = try Tracker.resume(
        reports: reports, statuses: statuses, openPledges: open, frontier: (before, 0), asOf: end)
      let rows = try StatementTable.statements(from: start, through: end, knownAt: knowledge, in: db)
      while let row = try rows.next() {
        try tracker.apply(resumed: try StatementTable.recorded(row))
      }
    } catch let violation as RuleViolation {
      throw StoreError.damaged(sequence: 0, detail: "the projections no longer hold: \(violation)")
    }
    return tracker
  }

  /// A tracker holding one recommendation's whole history up to `day`, rebuilt from the
  /// statements that name it (found through the `mention` index). Other recommendations stay at their
  /// starting status. Nil when the recommendation is not in a report published by `day`. Known at
  /// `knownAt` (nil: now).
  func tracker(for id: RecommendationID, asOf day: Day) throws -> Tracker? {
    let reports = try CatalogueTable.reports(knownAt: knowledge, in: db)
    guard reports.contains(where: { $0.published <= day && $0.recommendations.contains { $0.id == id } })
    else { return nil }
    var tracker: Tracker
    do {
      tracker = try Tracker.resume(reports: reports, statuses: [:], openPledges: [], frontier: nil, asOf: day)
      for entry in try MentionTable.statements(naming: id, onOrBefore: day, knownAt: knowledge, in: db) {
        try tracker.apply(resumed: entry, only: id)
      }
    } catch let violation as RuleViolation {
      throw StoreError.damaged(sequence: 0, detail: "the projections no longer hold: \(violation)")
    }
    return tracker
  }


  /// Every correction, in log order, with the statements the retractions withdrew. Corrections
  /// are few, and the type index finds them.
  func corrections() throws -> [CorrectionEntry] { try EventStore.corrections(db, knownAt: knowledge) }

  /// The sweeps no correction known by then retracted. Sweeps are few, one a month or so: the
  /// type index finds them, and the correction index each one's retraction.
  func sweeps(through day: Day?) throws -> [RecordedSweep] {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT s.sequence, s.recorded_at, s.payload FROM event s
        WHERE s.type = 'sweep_recorded' AND s.sequence <= ?1 AND NOT EXISTS (
          SELECT 1 FROM event c WHERE c.type = 'event_corrected'
            AND json_extract(c.payload, '$.target') = s.id AND c.sequence <= ?1)
        ORDER BY s.sequence
        """, arguments: [knowledge.sequence])
    var sweeps: [RecordedSweep] = []
    while let row = try rows.next() {
      let sequence = row.integer(0) ?? 0
      guard case .sweepRecorded(let sweep) = try EventCodec.decode(type: "sweep_recorded", payload: row.text(2) ?? ""),
        let time = row.text(1).flatMap({ Timestamp(iso: $0) })
      else { throw StoreError.damaged(sequence: sequence, detail: "a sweep cannot be read") }
      if let day, sweep.through > day { continue }
      sweeps.append(RecordedSweep(sweep: sweep, recordedAt: time, sequence: sequence))
    }
    return sweeps.sorted(by: RecordedSweep.newestFirst)
  }
}

extension EventStore {
  static func corrections(_ db: Database, knownAt knowledge: Projections.Knowledge) throws -> [CorrectionEntry] {
    var entries: [CorrectionEntry] = []
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT c.id, c.recorded_at, c.payload, t.type, t.payload FROM event c
        LEFT JOIN event t ON t.id = json_extract(c.payload, '$.target') AND t.sequence < c.sequence
        WHERE c.type = 'event_corrected' AND c.sequence <= ? ORDER BY c.sequence
        """, arguments: [knowledge.sequence])
    while let row = try rows.next() {
      guard case .eventCorrected(let correction) = try EventCodec.decode(type: "event_corrected", payload: row.text(2) ?? ""),
        let id = row.text(0).flatMap(EventID.init), let time = row.text(1).flatMap({ Timestamp(iso: $0) })
      else { throw StoreError.damaged(sequence: 0, detail: "a correction cannot be read") }
      var retracted: IICSADomain.Statement?
      if correction.replacement == nil, row.text(3) == EventType.statementRecorded.rawValue,
        case .statementRecorded(let statement) = try EventCodec.decode(type: row.text(3) ?? "", payload: row.text(4) ?? "")
      {
        retracted = statement
      }
      entries.append(
        CorrectionEntry(
          record: CorrectionRecord(
            id: id, target: correction.target, reason: correction.reason, recordedAt: time,
            retracted: correction.replacement == nil, sources: correction.sources),
          retracted: retracted))
    }
    return entries
  }
}
