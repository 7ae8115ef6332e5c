internal import GRDB
import IICSADomain
import IICSALog

/// The projection tables, one type each: `StatusChangeTable`, `PledgeTable` (with its interval
/// filing, `PledgeSpans`), `StatementTable`, `MentionTable`, `CatalogueTable` (`source` and
/// `recommendation`) and `DateHorizonTable`. Each owns its columns, its rows, and the SQL that
/// writes and reads them; `ProjectionUpdater` decides what to write.
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

    /// The rows a read known at `knownAt` sees: those live at the last event it includes (nil:
    /// now). By event, that event; by time, the last event recorded by then.
    static func at(_ knownAt: KnownAt?, in db: Database) throws -> Knowledge {
      guard let knownAt,
        let last = try Row.fetchOne(db, sql: "SELECT sequence, recorded_at FROM event ORDER BY sequence DESC LIMIT 1")
      else { return .current }
      let lastSequence: Int = last[0]
      let lastTime: String = last[1]
      if let event = knownAt.event { return event >= lastSequence ? .current : Knowledge(sequence: event) }
      if lastTime <= knownAt.time.description { return .current }
      let sequence = try Int.fetchOne(
        db, sql: "SELECT sequence FROM event WHERE recorded_at <= ? ORDER BY recorded_at DESC, sequence DESC LIMIT 1",
        arguments: [knownAt.time.description])
      return Knowledge(sequence: sequence ?? 0)
    }
  }

  /// The SQL condition for a row of `alias` live at `?` (bound twice to the known sequence).
  static func live(_ alias: String, _ parameter: String) -> String {
    "\(alias).known_from <= \(parameter) AND (\(alias).known_until IS NULL OR \(alias).known_until > \(parameter))"
  }

  /// Empties every projection: `rebuild` then replays the log into them.
  static func clear(in db: Database) throws {
    for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
  }

  // MARK: Resuming

  /// A tracker resumed from the live projections: the reports, each recommendation's status,
  /// the open pledges and the last statement applied.
  static func resume(_ db: Database, through sequence: Int) throws -> (tracker: Tracker, base: Resumption) {
    let reports = try CatalogueTable.reports(knownAt: Knowledge(sequence: sequence), in: db)
    let statuses = try StatusChangeTable.lastChanges(
      of: reports.flatMap { $0.recommendations.map(\.id) }, onOrBefore: nil, knownAt: .current, in: db)
    let open = try PledgeTable.open(in: db)
    let frontier = try StatementTable.frontier(in: db)
    do {
      let tracker = try Tracker.resume(reports: reports, statuses: statuses, openPledges: open, frontier: frontier)
      return (tracker, Resumption(openPledges: open.count))
    } catch {
      throw StoreError.damaged(sequence: sequence, detail: "the projections no longer hold: \(error)")
    }
  }

  /// What a resumed tracker was built from, so that only what is new gets written.
  struct Resumption {
    var openPledges: Int
  }

  // MARK: Superseding

  /// Makes the live rows of one recommendation equal `changes` and `pledges`, closing the rows
  /// that no longer hold and adding the new ones, as known from event `sequence`.
  static func replaceRows(
    of id: RecommendationID, changes: [StatusChangeTable.ChangeRow], pledges: [PledgeTable.PledgeRow],
    at sequence: Int, in db: Database
  ) throws {
    let rec = id.description
    let liveChanges = try StatusChangeTable.live(of: rec, in: db)
    let newChanges = Set(changes)
    for row in liveChanges.subtracting(newChanges) { try StatusChangeTable.close(row, at: sequence, in: db) }
    try StatusChangeTable.insert(
      newChanges.subtracting(liveChanges).sorted(by: StatusChangeTable.order), knownFrom: { _ in sequence }, in: db)
    let livePledges = try PledgeTable.live(of: rec, in: db)
    let newPledges = Set(pledges)
    try PledgeTable.close(livePledges.subtracting(newPledges), at: sequence, in: db)
    try PledgeTable.insert(
      newPledges.subtracting(livePledges).sorted { ($0.statement, $0.ordinal) < ($1.statement, $1.ordinal) },
      knownFrom: { _ in sequence }, endedSequence: { _ in sequence }, in: db)
  }

  /// Makes every live row of the statements' tables equal a full replay's: after a report's
  /// correction, which can touch any recommendation. The catalogue's rows are the caller's.
  static func replaceAll(with tracker: Tracker, at sequence: Int, in db: Database) throws {
    let changes = Dictionary(grouping: StatusChangeTable.rows(tracker), by: \.recommendation)
    let pledges = Dictionary(grouping: PledgeTable.rows(tracker.pledges), by: \.recommendation)
    let live = try StatusChangeTable.liveRecommendations(in: db).union(PledgeTable.liveRecommendations(in: db))
    for rec in live.union(changes.keys).union(pledges.keys).sorted() {
      guard let id = RecommendationID(rec) else { continue }
      try replaceRows(of: id, changes: changes[rec] ?? [], pledges: pledges[rec] ?? [], at: sequence, in: db)
    }
    let liveStatements = try StatementTable.live(in: db)
    let newStatements = Set(StatementTable.rows(tracker))
    for row in liveStatements.subtracting(newStatements) {
      try StatementTable.close(row.sequence, at: sequence, in: db)
      try MentionTable.close(ofStatement: row.sequence, at: sequence, in: db)
    }
    let added = newStatements.subtracting(liveStatements)
    try StatementTable.insert(added.sorted { $0.sequence < $1.sequence }, knownFrom: { _ in sequence }, in: db)
    let addedSequences = Set(added.map(\.sequence))
    try MentionTable.insert(
      MentionTable.rows(tracker).filter { addedSequences.contains($0.sequence) }, knownFrom: { _ in sequence }, in: db)
  }
}
