internal import GRDB
import IICSADomain
import IICSALog

/// `pledge`: every pledge, each version with how it ended (if it has) and the sequence from
/// which that end was known (`ended_seq`), filed in two interval trees (`PledgeSpans`) so that
/// "open on D" and "open as known at S" are index seeks.
enum PledgeTable {
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

  /// The columns `record` reads for a pledge as made: what an open pledge has.
  static let openColumns = "statement, ordinal, recommendation, made_on, text, target, due, due_text, replaces, baseline_due"

  /// `openColumns` and how the pledge ended; a query may give NULLs for the end columns to say
  /// it had not ended by the moment asked about.
  static let recordColumns = openColumns + ", ended_on, ended_by, ending, ending_note, replaced_by"

  /// `recordColumns` with the end given only if it happened by the day bound as `day` and was
  /// known by the event bound as `knowledge`: the pledge as it stood then.
  static func recordColumns(endedBy day: String, knownAt knowledge: String) -> String {
    let ended = "ended_seq <= \(knowledge) AND ended_on <= \(day)"
    return openColumns + ", "
      + ["ended_on", "ended_by", "ending", "ending_note", "replaced_by"].map { "(CASE WHEN \(ended) THEN \($0) END)" }
      .joined(separator: ", ")
  }

  static func rows(_ records: some Sequence<PledgeRecord>) -> [PledgeRow] {
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

  // MARK: Writing

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

  /// Ends the live versions of `pledges` at event `sequence`.
  static func close(_ pledges: Set<PledgeRow>, at sequence: Int, in db: Database) throws {
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

  // MARK: Reading

  /// The live rows of one recommendation.
  static func live(of recommendation: String, in db: Database) throws -> Set<PledgeRow> {
    try Set(
      Row.fetchAll(
        db, sql: "SELECT \(recordColumns) FROM pledge WHERE recommendation = ? AND known_until IS NULL",
        arguments: [recommendation]
      ).map(pledgeRow))
  }

  /// The recommendations with a live row.
  static func liveRecommendations(in db: Database) throws -> Set<String> {
    try Set(String.fetchAll(db, sql: "SELECT recommendation FROM pledge WHERE known_until IS NULL"))
  }

  /// The pledges open now, in the order made. Open pledges are few (a pledge closes when it is
  /// met), and the partial index `pledge_open` finds them.
  static func open(in db: Database) throws -> [PledgeRecord] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT \(openColumns) FROM pledge
        WHERE ended_on IS NULL AND known_until IS NULL ORDER BY made_on, statement, ordinal
        """
    ).map(record)
  }

  /// Every pledge made by `day` as it stood that day, known at `knowledge`, in the order made.
  static func records(madeBy day: Day, knownAt knowledge: Projections.Knowledge, in db: Database) throws
    -> [PledgeRecord]
  {
    // An end after the day asked about, or not yet known, had not happened.
    try records(
      sql: """
        SELECT \(recordColumns(endedBy: "?1", knownAt: "?2")) FROM pledge p
        WHERE made_on <= ?1 AND \(Projections.live("p", "?2"))
        ORDER BY made_on, statement, ordinal
        """, arguments: [day.description, knowledge.sequence], in: db)
  }

  /// The pledges open on `day` and overdue then (due before it), known at `knowledge`.
  static func overdue(on day: Day, knownAt knowledge: Projections.Knowledge, in db: Database) throws
    -> [PledgeRecord]
  {
    // Overdue pledges are open ones: an interval tree finds them without reading the rest.
    let open = try openSQL(on: day, knownAt: knowledge, columns: openColumns, in: db)
    return try records(
      sql: "SELECT * FROM (\(open)) WHERE due < ?1 ORDER BY made_on, statement, ordinal",
      arguments: [day.description, knowledge.sequence], in: db)
  }

  /// The pledges open on `day`, known at `knowledge`, as made.
  static func open(on day: Day, knownAt knowledge: Projections.Knowledge, in db: Database) throws -> [PledgeRecord] {
    let open = try openSQL(on: day, knownAt: knowledge, columns: openColumns, in: db)
    return try records(
      sql: "SELECT * FROM (\(open)) ORDER BY made_on, statement, ordinal",
      arguments: [day.description, knowledge.sequence], in: db)
  }

  /// Every pledge made by `day` that was not known to have ended before `since` (on or before the
  /// day): what is open at the end of a month beginning `since`, and what the month ended.
  static func records(
    madeBy day: Day, openOrEndedSince since: Day, knownAt knowledge: Projections.Knowledge, in db: Database
  ) throws -> [PledgeRecord] {
    try records(
      sql: """
        SELECT \(recordColumns(endedBy: "?1", knownAt: "?3"))
        FROM pledge p
        WHERE made_on <= ?1 AND \(Projections.live("p", "?3"))
          AND (ended_seq IS NULL OR ended_seq > ?3 OR ended_on >= ?2)
        ORDER BY made_on, statement, ordinal
        """, arguments: [day.description, since.description, knowledge.sequence], in: db)
  }

  /// Open and overdue pledges per recommendation on `day`, known at `knowledge`.
  static func countsByRecommendation(on day: Day, knownAt knowledge: Projections.Knowledge, in db: Database) throws
    -> (open: [String: Int], overdue: [String: Int])
  {
    let open = try openSQL(on: day, knownAt: knowledge, columns: "recommendation, due", in: db)
    var counts = ([String: Int](), [String: Int]())
    let rows = try Row.fetchCursor(
      db,
      sql: "SELECT recommendation, count(*), sum(due IS NOT NULL AND due < ?1) FROM (\(open)) GROUP BY recommendation",
      arguments: [day.description, knowledge.sequence])
    while let row = try rows.next() {
      counts.0[row[0]] = row[1]
      counts.1[row[0]] = row[2]
    }
    return counts
  }

  private static func records(sql: String, arguments: StatementArguments, in db: Database) throws -> [PledgeRecord] {
    var records: [PledgeRecord] = []
    let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
    while let row = try rows.next() { records.append(try record(row)) }
    return records
  }

  /// The SQL selecting `columns` of the pledges open on `day` (bound as `?1`) as known at
  /// `knowledge` (bound as `?2`): through an interval tree (`PledgeSpans`) when one answers, else
  /// (a past day asked of a past moment, before its date horizon) by scanning the pledges made
  /// by the day.
  static func openSQL(on day: Day, knownAt knowledge: Projections.Knowledge, columns: String, in db: Database) throws
    -> String
  {
    let tree: String
    let horizon = knowledge.isCurrent ? nil : try DateHorizonTable.latest(at: knowledge, in: db)
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
        SELECT \(columns) FROM pledge p WHERE made_on <= ?1 AND \(Projections.live("p", "?2"))
          AND (ended_seq IS NULL OR ended_seq > ?2 OR ended_on > ?1)
        """
    }
    // The trees' points are written into their SQL; both parameters are bound all the same.
    return "SELECT * FROM (\(tree)) WHERE ?1 IS NOT NULL AND ?2 > 0"
  }

  // MARK: Decoding

  /// A pledge from `recordColumns` (or `openColumns`, as not ended).
  static func record(_ row: Row) throws -> PledgeRecord {
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

  private static func pledgeRow(_ row: Row) -> PledgeRow {
    PledgeRow(
      statement: row.text(0) ?? "", ordinal: row.integer(1) ?? -1, recommendation: row.text(2) ?? "",
      madeOn: row.text(3) ?? "", text: row.text(4) ?? "", target: row.text(5) ?? "", due: row.text(6),
      dueText: row.text(7), replaces: row.text(8), baselineDue: row.text(9), endedOn: row.text(10),
      endedBy: row.text(11), ending: row.text(12), endingNote: row.text(13), replacedBy: row.text(14))
  }
}
