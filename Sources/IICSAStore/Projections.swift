internal import GRDB
import IICSADomain

/// Writes and reads the projection tables. Only this file knows their columns.
///
/// Projections are written two ways: `write` rewrites them all from a tracker replayed over the
/// whole log (after a correction or a back-dated statement, and by `rebuild`); `writeDelta`
/// adds what a resumed tracker applied on top of the projections it was resumed from.
enum Projections {
  static let tables = ["mention", "statement", "pledge", "statusChange", "recommendation", "source"]

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
    var fulfilledOn: String?
    var fulfilledBy: String?
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
        fulfilledOn: record.fulfilledBy?.date.description,
        fulfilledBy: record.fulfilledBy?.statement.rawValue)
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

  /// Rewrites every projection from a tracker replayed over the whole log.
  static func write(_ tracker: Tracker, in db: Database) throws {
    for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
    try insertReports(tracker.orderedReports, in: db)
    try insert(changeRows(tracker), pledgeRows(tracker.pledges), statementRows(tracker), mentionRows(tracker), in: db)
  }

  /// Adds what a resumed tracker applied: its new reports, changes, statements and mentions, its
  /// new pledges, and the resumed pledges it fulfilled.
  static func writeDelta(_ tracker: Tracker, resumedFrom base: Resumption, in db: Database) throws {
    try insertReports(tracker.orderedReports.filter { !base.reports.contains($0.id) }, in: db)
    let fulfilled = tracker.pledges.prefix(base.openPledges).filter { $0.fulfilledBy != nil }
    let update = try db.cachedStatement(
      sql: "UPDATE pledge SET fulfilled_on = ?, fulfilled_by = ? WHERE statement = ? AND ordinal = ?")
    for row in pledgeRows(fulfilled) {
      try update.execute(arguments: [row.fulfilledOn, row.fulfilledBy, row.statement, row.ordinal])
    }
    try insert(
      changeRows(tracker), pledgeRows(tracker.pledges.dropFirst(base.openPledges)), statementRows(tracker),
      mentionRows(tracker), in: db)
  }

  /// What a resumed tracker was built from, so that `writeDelta` writes only what is new.
  struct Resumption {
    var reports: Set<SourceID>
    var openPledges: Int
  }

  private static func insertReports(_ reports: [Report], in db: Database) throws {
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

  private static func insert(
    _ changes: [ChangeRow], _ pledges: [PledgeRow], _ statements: [StatementRow], _ mentions: [MentionRow],
    in db: Database
  ) throws {
    let change = try db.cachedStatement(
      sql: """
        INSERT INTO statusChange (recommendation, date, sequence, statement, position, stage)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    for row in changes {
      try change.execute(arguments: [row.recommendation, row.date, row.sequence, row.statement, row.position, row.stage])
    }
    let pledge = try db.cachedStatement(
      sql: """
        INSERT INTO pledge (statement, ordinal, recommendation, made_on, text, target, due, due_text,
          fulfilled_on, fulfilled_by)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    for row in pledges {
      try pledge.execute(arguments: [
        row.statement, row.ordinal, row.recommendation, row.madeOn, row.text, row.target, row.due, row.dueText,
        row.fulfilledOn, row.fulfilledBy,
      ])
    }
    let statement = try db.cachedStatement(
      sql: "INSERT INTO statement (sequence, id, date, content) VALUES (?, ?, ?, ?)")
    for row in statements { try statement.execute(arguments: [row.sequence, row.id, row.date, row.content]) }
    let mention = try db.cachedStatement(
      sql: "INSERT INTO mention (recommendation, date, sequence) VALUES (?, ?, ?)")
    for row in mentions { try mention.execute(arguments: [row.recommendation, row.date, row.sequence]) }
  }

  // MARK: Reading back

  /// A tracker resumed from the projections. Only the open pledges of `changing` are loaded: a
  /// pledge can be fulfilled only by a change to its own recommendation.
  static func resume(_ db: Database, changing: Set<RecommendationID>) throws
    -> (tracker: Tracker, base: Resumption)
  {
    let reports = try effectiveReports(db)
    let statuses = try lastChanges(of: reports.flatMap { $0.recommendations.map(\.id) }, onOrBefore: nil, in: db)
    let pledges = try db.cachedStatement(
      sql: """
        SELECT statement, ordinal, recommendation, made_on, text, target, due, due_text FROM pledge
        WHERE recommendation = ? AND fulfilled_on IS NULL ORDER BY made_on, statement, ordinal
        """)
    var open: [PledgeRecord] = []
    for id in changing.sorted(by: { $0.description < $1.description }) {
      open += try Row.fetchAll(pledges, arguments: [id.description]).map(pledgeRecord)
    }
    let frontier = try Row.fetchOne(
      db, sql: "SELECT date, sequence FROM statement ORDER BY date DESC, sequence DESC LIMIT 1"
    ).flatMap { row in Day(iso: row[0] as String).map { (date: $0, sequence: row[1] as Int) } }
    do {
      let tracker = try Tracker.resume(reports: reports, statuses: statuses, openPledges: open, frontier: frontier)
      return (tracker, Resumption(reports: Set(reports.map(\.id)), openPledges: open.count))
    } catch {
      throw StoreError.damaged(sequence: 0, detail: "the projections no longer hold: \(error)")
    }
  }

  /// The status of each recommendation set by its last change on or before `day` (nil: its
  /// latest), by one index seek each; recommendations with no change are absent.
  static func lastChanges(of ids: [RecommendationID], onOrBefore day: Day?, in db: Database) throws
    -> [RecommendationID: (Status, ChangeReference?)]
  {
    let last = try db.cachedStatement(
      sql: """
        SELECT position, stage, date, statement FROM statusChange
        WHERE recommendation = ? AND date <= ? ORDER BY date DESC, sequence DESC LIMIT 1
        """)
    // Every stored date is a real day, so the last possible one bounds nothing.
    let bound = day?.description ?? "9999-12-31"
    var statuses: [RecommendationID: (Status, ChangeReference?)] = [:]
    for id in ids {
      guard let row = try Row.fetchOne(last, arguments: [id.description, bound]) else { continue }
      guard let position = row.text(0).flatMap(Position.init(rawValue:)),
        let stage = row.text(1).flatMap(Stage.init(rawValue:)),
        let date = row.text(2).flatMap({ Day(iso: $0) }), let statement = row.text(3).flatMap(EventID.init)
      else { throw StoreError.damaged(sequence: 0, detail: "the projection of \(id) cannot be read") }
      statuses[id] = (Status(position: position, stage: stage), ChangeReference(date: date, statement: statement))
    }
    return statuses
  }

  /// The reports as corrected, in log order. Reports and corrections are few, and the type index
  /// finds them without reading the statements.
  static func effectiveReports(_ db: Database) throws -> [Report] {
    var reports: [(id: EventID, report: Report)] = []
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT id, type, payload FROM event
        WHERE type IN ('report_published', 'event_corrected') ORDER BY sequence
        """)
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

  static func pledgeRecord(_ row: Row) throws -> PledgeRecord {
    guard let statement = EventID(row[0]), let rec = RecommendationID(row[2]),
      let madeOn = Day(iso: row[3] as String), let target = target(row[5])
    else { throw StoreError.damaged(sequence: 0, detail: "a pledge projection cannot be read") }
    let due = (row[6] as String?).flatMap { Day(iso: $0) }
    return PledgeRecord(
      statement: statement, ordinal: row[1], madeOn: madeOn,
      pledge: Pledge(recommendation: rec, text: row[4], target: target, due: due, dueText: row[7]))
  }

  static func targetText(_ target: PledgeTarget) -> String {
    switch target {
    case .stage(let stage): return "stage:" + stage.rawValue
    case .position(let position): return "position:" + position.rawValue
    case .anyResponse: return "any"
    }
  }

  static func target(_ text: String) -> PledgeTarget? {
    if text == "any" { return .anyResponse }
    if text.hasPrefix("stage:") { return Stage(rawValue: String(text.dropFirst(6))).map(PledgeTarget.stage) }
    if text.hasPrefix("position:") { return Position(rawValue: String(text.dropFirst(9))).map(PledgeTarget.position) }
    return nil
  }

  static func storedChangeRows(_ db: Database) throws -> [ChangeRow] {
    try Row.fetchAll(
      db, sql: "SELECT recommendation, date, sequence, statement, position, stage FROM statusChange"
    ).map {
      ChangeRow(
        recommendation: $0.text(0) ?? "", date: $0.text(1) ?? "", sequence: $0.integer(2) ?? -1,
        statement: $0.text(3) ?? "", position: $0.text(4) ?? "", stage: $0.text(5) ?? "")
    }
  }

  static func storedPledgeRows(_ db: Database) throws -> [PledgeRow] {
    try Row.fetchAll(
      db,
      sql: """
        SELECT statement, ordinal, recommendation, made_on, text, target, due, due_text, fulfilled_on,
          fulfilled_by FROM pledge
        """
    ).map {
      PledgeRow(
        statement: $0.text(0) ?? "", ordinal: $0.integer(1) ?? -1, recommendation: $0.text(2) ?? "",
        madeOn: $0.text(3) ?? "", text: $0.text(4) ?? "", target: $0.text(5) ?? "", due: $0.text(6),
        dueText: $0.text(7), fulfilledOn: $0.text(8), fulfilledBy: $0.text(9))
    }
  }

  static func storedStatementRows(_ db: Database) throws -> [StatementRow] {
    try Row.fetchAll(db, sql: "SELECT sequence, id, date, content FROM statement").map {
      StatementRow(sequence: $0.integer(0) ?? -1, id: $0.text(1) ?? "", date: $0.text(2) ?? "", content: $0.integer(3) ?? -1)
    }
  }

  static func storedMentionRows(_ db: Database) throws -> [MentionRow] {
    try Row.fetchAll(db, sql: "SELECT recommendation, date, sequence FROM mention").map {
      MentionRow(recommendation: $0.text(0) ?? "", date: $0.text(1) ?? "", sequence: $0.integer(2) ?? -1)
    }
  }
}
