internal import GRDB
import IICSADomain

/// Writes and reads the projection tables. Only this file (and `ProjectionUpdater`, which
/// decides what to write) knows their columns.
///
/// Rows are versioned by event sequence: a row is live from `known_from` until `known_until`
/// (nil: still live). Appends in date order only add rows; a correction or a back-dated
/// statement at sequence C closes the rows it makes untrue (`known_until = C`) and adds their
/// replacements (`known_from = C`). A read "known at" event S sees the rows live at S.
enum Projections {
  static let tables = ["dateHorizon", "mention", "statement", "pledge", "statusChange", "recommendation", "source"]

  /// Which rows a read sees: those live once event `sequence` was in the log.
  struct Knowledge: Hashable {
    var sequence: Int
    /// Everything in the log now.
    static let current = Knowledge(sequence: Int(Int64.max))

    var isCurrent: Bool { sequence == Knowledge.current.sequence }
  }

  /// The SQL condition for a row of `alias` live at `?` (bound twice to the known sequence).
  static func live(_ alias: String, _ parameter: String) -> String {
    "\(alias).known_from <= \(parameter) AND (\(alias).known_until IS NULL OR \(alias).known_until > \(parameter))"
  }
  // MARK: Rows

  struct ChangeRow: Hashable {
    var recommendation: String
    var date: String
    var sequence: Int
    var statement: String
    var position: String
    var stage: String
  }

  struct PledgeRow: Hashable {
    var statement: String
    var ordinal: Int
    var recommendation: String
    var madeOn: String
    var text: String
    var target: String
    var due: String?
    var dueText: String?
    var replaces: String?
    var baselineDue: String?
    /// How it ended, if it has: the day, the statement, the kind of end and its note, and for a
    /// supersession the pledge that re-made it.
    var endedOn: String?
    var endedBy: String?
    var ending: String?
    var endingNote: String?
    var replacedBy: String?
  }

  struct StatementRow: Hashable {
    var sequence: Int
    var id: String
    var date: String
    var content: Int
  }

  struct MentionRow: Hashable {
    var recommendation: String
    var date: String
    var sequence: Int
  }

  /// The status changes a tracker applied, one row per change.
  static func changeRows(_ tracker: Tracker) -> [ChangeRow] {
    tracker.orderedStates.flatMap { state in
      state.history.compactMap { entry -> ChangeRow? in
        guard case .changed(_, let to, _, _) = entry.what,
          let sequence = tracker.statements[entry.statement]?.sequence
        else { return nil }
        return ChangeRow(
          recommendation: state.id.description, date: entry.date.description, sequence: sequence,
          statement: entry.statement.rawValue, position: to.position.rawValue, stage: to.stage.rawValue)
      }
    }
  }

  static func pledgeRows(_ records: some Sequence<PledgeRecord>) -> [PledgeRow] {
    records.map { record in
      PledgeRow(
        statement: record.statement.rawValue, ordinal: record.ordinal,
        recommendation: record.pledge.recommendation.description, madeOn: record.madeOn.description,
        text: record.pledge.text, target: targetText(record.pledge.target),
        due: record.pledge.due?.description, dueText: record.pledge.dueText,
        replaces: record.pledge.replaces?.description, baselineDue: record.baselineDue?.description,
        endedOn: record.end?.by.date.description, endedBy: record.end?.by.statement.rawValue,
        ending: record.end?.ending.rawValue, endingNote: record.end?.note,
        replacedBy: record.end?.replacement?.description)
    }
  }

  static func statementRows(_ tracker: Tracker) -> [StatementRow] {
    tracker.statements.values.map {
      StatementRow(
        sequence: $0.sequence, id: $0.statement.id.rawValue, date: $0.statement.date.description,
        content: $0.contentSequence)
    }
  }

  static func mentionRows(_ tracker: Tracker) -> [MentionRow] {
    tracker.statements.values.flatMap { entry in
      entry.statement.recommendations.map {
        MentionRow(recommendation: $0.description, date: entry.statement.date.description, sequence: entry.sequence)
      }
    }
  }

  // MARK: Writing

  /// Empties every projection: `rebuild` then replays the log into them.
  static func clear(in db: Database) throws {
    for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
  }

  static func insertReports(_ reports: [Report], in db: Database) throws {
    let source = try db.cachedStatement(
      sql: "INSERT INTO source (id, prefix, title, author, published, url) VALUES (?, ?, ?, ?, ?, ?)")
    let recommendation = try db.cachedStatement(
      sql: "INSERT INTO recommendation (id, source, number, title, published) VALUES (?, ?, ?, ?, ?)")
    for report in reports {
      try source.execute(arguments: [
        report.id.rawValue, report.prefix, report.title, report.author, report.published.description, report.url,
      ])
      for item in report.recommendations {
        try recommendation.execute(arguments: [
          item.id.description, report.id.rawValue, item.id.number, item.title, report.published.description,
        ])
      }
    }
  }

  /// Replaces the `source` and `recommendation` tables: after a report's correction. They are
  /// not versioned; "known at" reads take the reports from the log itself.
  static func replaceReports(_ reports: [Report], in db: Database) throws {
    // Recommendation rows are referenced by the versioned tables: switch the check off for the
    // swap, which ends with every reference valid again or the store damaged anyway.
    try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
    try db.execute(sql: "DELETE FROM recommendation")
    try db.execute(sql: "DELETE FROM source")
    try insertReports(reports, in: db)
  }

  static func insert(_ rows: [ChangeRow], knownFrom: (ChangeRow) -> Int, in db: Database) throws {
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO statusChange (recommendation, date, sequence, statement, position, stage, known_from)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
    for row in rows {
      try insert.run(row.recommendation, row.date, row.sequence, row.statement, row.position, row.stage, knownFrom(row))
    }
  }

  /// Inserts pledges; `endedSequence` gives the sequence from which an ended one was known ended.
  static func insert(
    _ rows: [PledgeRow], knownFrom: (PledgeRow) -> Int, endedSequence: (PledgeRow) -> Int?, in db: Database
  )
    throws
  {
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO pledge (statement, ordinal, recommendation, made_on, text, target, due, due_text,
          ended_on, ended_by, ended_seq, known_from,
          date_node, date_lo, date_hi, seq_node, seq_lo, seq_hi,
          ending, ending_note, replaced_by, replaces, baseline_due)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for row in rows {
      let ended = row.endedOn == nil ? nil : endedSequence(row)
      let known = knownFrom(row)
      let filing = PledgeSpans.filing(
        made: row.madeOn, endedOn: row.endedOn, knownFrom: known, knownUntil: nil, endedSequence: ended)
      try insert.run(
        row.statement, row.ordinal, row.recommendation, row.madeOn, row.text, row.target, row.due, row.dueText,
        row.endedOn, row.endedBy, ended, known,
        filing[0], filing[1], filing[2], filing[3], filing[4], filing[5],
        row.ending, row.endingNote, row.replacedBy, row.replaces, row.baselineDue)
    }
  }

  /// Records in a live pledge row how it ended, by the statement logged as `sequence`.
  static func end(_ row: PledgeRow, sequence: Int, in db: Database) throws {
    let update = try db.cachedStatement(
      sql: """
        UPDATE pledge SET ended_on = ?, ended_by = ?, ended_seq = ?, ending = ?, ending_note = ?, replaced_by = ?
        WHERE statement = ? AND ordinal = ? AND known_until IS NULL
        """)
    try update.execute(arguments: [
      row.endedOn, row.endedBy, sequence, row.ending, row.endingNote, row.replacedBy, row.statement, row.ordinal,
    ])
    try PledgeSpans.refresh(statement: row.statement, ordinal: row.ordinal, in: db)
  }

  static func insert(_ rows: [StatementRow], knownFrom: (StatementRow) -> Int, in db: Database) throws {
    let insert = try db.cachedStatement(
      sql: "INSERT INTO statement (sequence, id, date, content, known_from) VALUES (?, ?, ?, ?, ?)")
    for row in rows { try insert.run(row.sequence, row.id, row.date, row.content, knownFrom(row)) }
  }

  static func insert(_ rows: [MentionRow], knownFrom: (MentionRow) -> Int, in db: Database) throws {
    let insert = try db.cachedStatement(
      sql: "INSERT INTO mention (recommendation, date, sequence, known_from) VALUES (?, ?, ?, ?)")
    for row in rows { try insert.run(row.recommendation, row.date, row.sequence, knownFrom(row)) }
  }

  /// Notes that statements dated up to `latest` are known from event `sequence` on.
  static func extendHorizon(to latest: Day, at sequence: Int, in db: Database) throws {
    let insert = try db.cachedStatement(sql: "INSERT OR REPLACE INTO dateHorizon (sequence, latest) VALUES (?, ?)")
    try insert.run(sequence, latest.description)
  }

  /// The latest statement date in the projections (nil: none).
  static func horizon(in db: Database) throws -> Day? {
    try String.fetchOne(db, sql: "SELECT latest FROM dateHorizon ORDER BY sequence DESC LIMIT 1")
      .flatMap { Day(iso: $0) }
  }

  /// The latest statement date live at `knowledge` (nil: no statement yet).
  static func horizon(at knowledge: Knowledge, in db: Database) throws -> Day? {
    try String.fetchOne(
      db, sql: "SELECT latest FROM dateHorizon WHERE sequence <= ? ORDER BY sequence DESC LIMIT 1",
      arguments: [knowledge.sequence]
    ).flatMap { Day(iso: $0) }
  }

  // MARK: Superseding

  /// Makes the live rows of one recommendation equal `changes` and `pledges`, closing the rows
  /// that no longer hold and adding the new ones, as known from event `sequence`.
  static func replaceRows(
    of id: RecommendationID, changes: [ChangeRow], pledges: [PledgeRow], at sequence: Int, in db: Database
  ) throws {
    let rec = id.description
    let liveChanges = try Set(
      Row.fetchAll(
        db,
        sql: """
          SELECT recommendation, date, sequence, statement, position, stage FROM statusChange
          WHERE recommendation = ? AND known_until IS NULL
          """, arguments: [rec]
      ).map(changeRow))
    let newChanges = Set(changes)
    for row in liveChanges.subtracting(newChanges) {
      try db.execute(
        sql: """
          UPDATE statusChange SET known_until = ?
          WHERE recommendation = ? AND date = ? AND sequence = ? AND known_until IS NULL
          """, arguments: [sequence, row.recommendation, row.date, row.sequence])
    }
    try insert(newChanges.subtracting(liveChanges).sorted(by: changeOrder), knownFrom: { _ in sequence }, in: db)
    let livePledges = try Set(
      Row.fetchAll(
        db, sql: "\(pledgeColumns) FROM pledge WHERE recommendation = ? AND known_until IS NULL", arguments: [rec]
      ).map(pledgeRow))
    let newPledges = Set(pledges)
    try close(livePledges.subtracting(newPledges), at: sequence, in: db)
    try insert(
      newPledges.subtracting(livePledges).sorted { ($0.statement, $0.ordinal) < ($1.statement, $1.ordinal) },
      knownFrom: { _ in sequence }, endedSequence: { _ in sequence }, in: db)
  }

  private static func close(_ pledges: Set<PledgeRow>, at sequence: Int, in db: Database) throws {
    for row in pledges {
      // Only the version live before this event: a correction can move a statement's pledge to
      // another recommendation, whose new row (same statement and ordinal) may already be in.
      try db.execute(
        sql: """
          UPDATE pledge SET known_until = ?1
          WHERE statement = ?2 AND ordinal = ?3 AND recommendation = ?4 AND known_until IS NULL
            AND known_from < ?1
          """,
        arguments: [sequence, row.statement, row.ordinal, row.recommendation])
      try PledgeSpans.refresh(statement: row.statement, ordinal: row.ordinal, in: db)
    }
  }

  /// Closes the live row of the statement logged as `statementSequence`, and its mentions.
  static func closeStatement(_ statementSequence: Int, at sequence: Int, in db: Database) throws {
    try db.execute(
      sql: "UPDATE statement SET known_until = ?1 WHERE sequence = ?2 AND known_until IS NULL",
      arguments: [sequence, statementSequence])
    try db.execute(
      sql: """
        UPDATE mention SET known_until = ?1
        WHERE sequence = ?2 AND known_until IS NULL AND recommendation IN
          (SELECT recommendation FROM mention WHERE sequence = ?2 AND known_until IS NULL)
        """, arguments: [sequence, statementSequence])
  }

  /// Makes every live row equal a full replay's: after a report's correction, which can touch
  /// any recommendation.
  static func replaceAll(with tracker: Tracker, at sequence: Int, in db: Database) throws {
    try replaceReports(tracker.orderedReports, in: db)
    let changes = Dictionary(grouping: changeRows(tracker), by: \.recommendation)
    let pledges = Dictionary(grouping: pledgeRows(tracker.pledges), by: \.recommendation)
    let live = try String.fetchAll(
      db,
      sql: """
        SELECT recommendation FROM statusChange WHERE known_until IS NULL
        UNION SELECT recommendation FROM pledge WHERE known_until IS NULL
        """)
    for rec in Set(live).union(changes.keys).union(pledges.keys).sorted() {
      guard let id = RecommendationID(rec) else { continue }
      try replaceRows(of: id, changes: changes[rec] ?? [], pledges: pledges[rec] ?? [], at: sequence, in: db)
    }
    let liveStatements = try Set(
      Row.fetchAll(db, sql: "SELECT sequence, id, date, content FROM statement WHERE known_until IS NULL")
        .map(statementRow))
    let newStatements = Set(statementRows(tracker))
    for row in liveStatements.subtracting(newStatements) { try closeStatement(row.sequence, at: sequence, in: db) }
    let added = newStatements.subtracting(liveStatements)
    try insert(added.sorted { $0.sequence < $1.sequence }, knownFrom: { _ in sequence }, in: db)
    let addedSequences = Set(added.map(\.sequence))
    try insert(
      mentionRows(tracker).filter { addedSequences.contains($0.sequence) }, knownFrom: { _ in sequence }, in: db)
  }

  static func changeOrder(_ a: ChangeRow, _ b: ChangeRow) -> Bool {
    (a.recommendation, a.date, a.sequence) < (b.recommendation, b.date, b.sequence)
  }

  // MARK: Reading back

  /// A tracker resumed from the live projections: the reports, each recommendation's status,
  /// the open pledges and the last statement applied. Open pledges are few (a pledge closes
  /// when it is met), and the partial index `pledge_open` finds them.
  static func resume(_ db: Database, through sequence: Int) throws -> (tracker: Tracker, base: Resumption) {
    let reports = try effectiveReports(db, through: Knowledge(sequence: sequence))
    let statuses = try lastChanges(
      of: reports.flatMap { $0.recommendations.map(\.id) }, onOrBefore: nil, knownAt: .current, in: db)
    let open = try Row.fetchAll(
      db,
      sql: """
        SELECT \(openPledgeColumns) FROM pledge
        WHERE ended_on IS NULL AND known_until IS NULL ORDER BY made_on, statement, ordinal
        """
    ).map(pledgeRecord)
    let frontier = try Row.fetchOne(
      db,
      sql: """
        SELECT date, sequence FROM statement WHERE known_until IS NULL
        ORDER BY date DESC, sequence DESC LIMIT 1
        """
    ).flatMap { row in Day(iso: row[0] as String).map { (date: $0, sequence: row[1] as Int) } }
    do {
      let tracker = try Tracker.resume(reports: reports, statuses: statuses, openPledges: open, frontier: frontier)
      return (tracker, Resumption(reports: Set(reports.map(\.id)), openPledges: open.count))
    } catch {
      throw StoreError.damaged(sequence: sequence, detail: "the projections no longer hold: \(error)")
    }
  }

  /// What a resumed tracker was built from, so that only what is new gets written.
  struct Resumption {
    var reports: Set<SourceID>
    var openPledges: Int
  }

  /// The status of each recommendation set by its last change on or before `day` (nil: its
  /// latest) among the rows live at `knowledge`, by one index seek each; recommendations with no
  /// change are absent.
  ///
  /// The seek starts at the date horizon of `knowledge` when that is earlier than `day`: no row
  /// live then is dated later, and starting there skips the rows recorded afterwards.
  static func lastChanges(
    of ids: [RecommendationID], onOrBefore day: Day?, knownAt knowledge: Knowledge, in db: Database
  ) throws -> [RecommendationID: (Status, ChangeReference?)] {
    let last = try db.cachedStatement(
      sql: """
        SELECT position, stage, date, statement FROM statusChange c
        WHERE recommendation = ?1 AND date <= ?2 AND \(live("c", "?3"))
        ORDER BY date DESC, sequence DESC LIMIT 1
        """)
    // Every stored date is a real day, so the last possible one bounds nothing.
    var bound = day?.description ?? "9999-12-31"
    if !knowledge.isCurrent {
      guard let horizon = try horizon(at: knowledge, in: db) else { return [:] }
      bound = min(bound, horizon.description)
    }
    var statuses: [RecommendationID: (Status, ChangeReference?)] = [:]
    for id in ids {
      guard let row = try Row.fetchOne(last, arguments: [id.description, bound, knowledge.sequence]) else { continue }
      guard let position = row.text(0).flatMap(Position.init(rawValue:)),
        let stage = row.text(1).flatMap(Stage.init(rawValue:)),
        let date = row.text(2).flatMap({ Day(iso: $0) }), let statement = row.text(3).flatMap(EventID.init)
      else { throw StoreError.damaged(sequence: 0, detail: "the projection of \(id) cannot be read") }
      statuses[id] = (Status(position: position, stage: stage), ChangeReference(date: date, statement: statement))
    }
    return statuses
  }

  /// The first call for each recommendation of `reports`, as known at `knowledge`.
  static func firstCalls(of reports: [Report], knownAt knowledge: Knowledge, in db: Database) throws
    -> [RecommendationID: FirstCall]
  {
    Lineage.firstCalls(reports: reports, earliestMentions: try earliestMentions(before: reports, knownAt: knowledge, in: db))
  }

  /// For each recommendation of `reports`, the earliest statement live at `knowledge` that names
  /// it dated before its report was published (one `mention` seek each): the calls `Lineage`
  /// counts. Only `relates_to` may name a recommendation that early.
  static func earliestMentions(before reports: [Report], knownAt knowledge: Knowledge, in db: Database) throws
    -> [RecommendationID: ChangeReference]
  {
    let first = try db.cachedStatement(
      sql: """
        SELECT m.date, s.id FROM mention m JOIN statement s ON s.sequence = m.sequence AND \(live("s", "?3"))
        WHERE m.recommendation = ?1 AND m.date < ?2 AND \(live("m", "?3"))
        ORDER BY m.date, m.sequence LIMIT 1
        """)
    var found: [RecommendationID: ChangeReference] = [:]
    for report in reports {
      for item in report.recommendations {
        guard
          let row = try Row.fetchOne(
            first, arguments: [item.id.description, report.published.description, knowledge.sequence])
        else { continue }
        guard let date = row.text(0).flatMap({ Day(iso: $0) }), let id = row.text(1).flatMap(EventID.init)
        else { throw StoreError.damaged(sequence: 0, detail: "the mentions of \(item.id) cannot be read") }
        found[item.id] = ChangeReference(date: date, statement: id)
      }
    }
    return found
  }

  /// The SQL selecting `columns` of the pledges open on `day` (bound as `?1`) as known at
  /// `knowledge` (bound as `?2`): through an interval tree (`PledgeSpans`) when one answers, else
  /// (a past day asked of a past moment, before its date horizon) by scanning the pledges made
  /// by the day.
  static func openPledges(on day: Day, knownAt knowledge: Knowledge, columns: String, in db: Database) throws
    -> String
  {
    let tree: String
    let horizon = knowledge.isCurrent ? nil : try horizon(at: knowledge, in: db)
    if knowledge.isCurrent {
      tree = PledgeSpans.containing(PledgeSpans.point(day), kind: "date", columns: columns)
    } else if horizon == nil {
      tree = "SELECT \(columns) FROM pledge p WHERE 0"  // no statement was known yet
    } else if let horizon, day >= horizon {
      // Every pledge known then was made, and every fulfilment known then happened, by the
      // horizon: from there on, open on the day is open at the event.
      tree = PledgeSpans.containing(Int64(knowledge.sequence), kind: "seq", columns: columns)
    } else {
      return """
        SELECT \(columns) FROM pledge p WHERE made_on <= ?1 AND \(live("p", "?2"))
          AND (ended_seq IS NULL OR ended_seq > ?2 OR ended_on > ?1)
        """
    }
    // The trees' points are written into their SQL; both parameters are bound all the same.
    return "SELECT * FROM (\(tree)) WHERE ?1 IS NOT NULL AND ?2 > 0"
  }

  /// The reports as corrected by event `knowledge.sequence`, in log order. Reports and
  /// corrections are few, and the type index finds them without reading the statements.
  static func effectiveReports(_ db: Database, through knowledge: Knowledge = .current) throws -> [Report] {
    var reports: [(id: EventID, report: Report)] = []
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT id, type, payload FROM event
        WHERE type IN ('report_published', 'event_corrected') AND sequence <= ? ORDER BY sequence
        """, arguments: [knowledge.sequence])
    while let row = try rows.next() {
      switch try EventCodec.decode(type: row.text(1) ?? "", payload: row.text(2) ?? "") {
      case .reportPublished(let report):
        reports.append((EventID(report.id), report))
      case .eventCorrected(let correction):
        guard let index = reports.firstIndex(where: { $0.id == correction.target }) else { continue }
        if case .report(let replacement)? = correction.replacement {
          reports[index].report = replacement
        } else {
          reports.remove(at: index)
        }
      case .statementRecorded:
        continue
      }
    }
    return reports.map(\.report)
  }

  /// The columns `pledgeRecord` reads for a pledge as made: what an open pledge has.
  static let openPledgeColumns = "statement, ordinal, recommendation, made_on, text, target, due, due_text, replaces, baseline_due"

  /// `openPledgeColumns` and how the pledge ended; a query may give NULLs for the end columns
  /// to say it had not ended by the moment asked about.
  static let pledgeRecordColumns = openPledgeColumns + ", ended_on, ended_by, ending, ending_note, replaced_by"

  static let pledgeColumns = "SELECT " + pledgeRecordColumns

  /// `pledgeRecordColumns` with the end given only if it happened by the day bound as `day` and
  /// was known by the event bound as `knowledge`: the pledge as it stood then.
  static func pledgeRecordColumns(endedBy day: String, knownAt knowledge: String) -> String {
    let ended = "ended_seq <= \(knowledge) AND ended_on <= \(day)"
    return openPledgeColumns + ", "
      + ["ended_on", "ended_by", "ending", "ending_note", "replaced_by"].map { "(CASE WHEN \(ended) THEN \($0) END)" }
      .joined(separator: ", ")
  }

  /// A pledge from `pledgeRecordColumns` (or `openPledgeColumns`, as not ended).
  static func pledgeRecord(_ row: Row) throws -> PledgeRecord {
    let damaged = StoreError.damaged(sequence: 0, detail: "a pledge projection cannot be read")
    guard let statement = row.text(0).flatMap(EventID.init), let ordinal = row.integer(1),
      let rec = row.text(2).flatMap(RecommendationID.init),
      let madeOn = row.text(3).flatMap({ Day(iso: $0) }), let text = row.text(4),
      let target = row.text(5).flatMap(target)
    else { throw damaged }
    let due = row.text(6).flatMap { Day(iso: $0) }
    let replaces = row.text(8).flatMap(PledgeID.init)
    var record = PledgeRecord(
      statement: statement, ordinal: ordinal, madeOn: madeOn,
      pledge: Pledge(recommendation: rec, text: text, target: target, due: due, dueText: row.text(7), replaces: replaces),
      baselineDue: row.text(9).flatMap { Day(iso: $0) })
    if row.count > 10, let on = row.text(10).flatMap({ Day(iso: $0) }) {
      guard let by = row.text(11).flatMap(EventID.init), let ending = row.text(12).flatMap(PledgeEnding.init)
      else { throw damaged }
      record.end = PledgeEnd(
        ending: ending, by: ChangeReference(date: on, statement: by), note: row.text(13),
        replacement: row.text(14).flatMap(PledgeID.init))
    }
    return record
  }

  static func targetText(_ target: PledgeTarget) -> String {
    switch target {
    case .stage(let stage): return "stage:" + stage.rawValue
    case .position(let position): return "position:" + position.rawValue
    case .anyResponse: return "any"
    case .act: return "act"
    }
  }

  static func target(_ text: String) -> PledgeTarget? {
    if text == "any" { return .anyResponse }
    if text == "act" { return .act }
    if text.hasPrefix("stage:") { return Stage(rawValue: String(text.dropFirst(6))).map(PledgeTarget.stage) }
    if text.hasPrefix("position:") { return Position(rawValue: String(text.dropFirst(9))).map(PledgeTarget.position) }
    return nil
  }

  static func changeRow(_ row: Row) -> ChangeRow {
    ChangeRow(
      recommendation: row.text(0) ?? "", date: row.text(1) ?? "", sequence: row.integer(2) ?? -1,
      statement: row.text(3) ?? "", position: row.text(4) ?? "", stage: row.text(5) ?? "")
  }

  static func pledgeRow(_ row: Row) -> PledgeRow {
    PledgeRow(
      statement: row.text(0) ?? "", ordinal: row.integer(1) ?? -1, recommendation: row.text(2) ?? "",
      madeOn: row.text(3) ?? "", text: row.text(4) ?? "", target: row.text(5) ?? "", due: row.text(6),
      dueText: row.text(7), replaces: row.text(8), baselineDue: row.text(9), endedOn: row.text(10),
      endedBy: row.text(11), ending: row.text(12), endingNote: row.text(13), replacedBy: row.text(14))
  }

  static func statementRow(_ row: Row) -> StatementRow {
    StatementRow(sequence: row.integer(0) ?? -1, id: row.text(1) ?? "", date: row.text(2) ?? "", content: row.integer(3) ?? -1)
  }
}
