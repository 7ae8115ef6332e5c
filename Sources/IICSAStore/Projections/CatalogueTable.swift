internal import GRDB
import IICSADomain
import IICSALog

/// The report tables, `source` (one row per report) and `recommendation` (one per
/// recommendation), versioned like the other projections: a report's rows are known from the
/// event that published it, and a correction of the report closes them and adds its
/// replacement's. A `source` row keeps the report's place in the log (`sequence`) and points at
/// the event holding the report as it stands (`content`), as a `statement` row does.
enum CatalogueTable {
  // MARK: Writing

  /// Adds the rows of `report`, published by event `sequence`.
  static func publish(_ report: Report, at sequence: Int, in db: Database) throws {
    try insert(report, place: sequence, content: sequence, knownFrom: sequence, in: db)
  }

  /// Closes the live rows of the report published as `target` at the correction logged as
  /// `sequence`, and adds those of its `replacement` (nil: it was retracted).
  static func correct(_ target: EventID, replacement: Report?, at sequence: Int, in db: Database) throws {
    guard
      let place = try Int.fetchOne(
        db, sql: "SELECT sequence FROM source WHERE id = ? AND known_until IS NULL", arguments: [target.rawValue])
    else { throw StoreError.damaged(sequence: sequence, detail: "the catalogue holds no live row of '\(target)'") }
    try db.execute(
      sql: "UPDATE source SET known_until = ?1 WHERE id = ?2 AND known_until IS NULL",
      arguments: [sequence, target.rawValue])
    try db.execute(
      sql: "UPDATE recommendation SET known_until = ?1 WHERE source = ?2 AND known_until IS NULL",
      arguments: [sequence, target.rawValue])
    if let replacement {
      try insert(replacement, place: place, content: sequence, knownFrom: sequence, in: db)
    }
  }

  private static func insert(_ report: Report, place: Int, content: Int, knownFrom: Int, in db: Database) throws {
    let source = try db.cachedStatement(
      sql: """
        INSERT INTO source (id, prefix, title, author, published, url, sequence, content, known_from)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    let recommendation = try db.cachedStatement(
      sql: """
        INSERT INTO recommendation (id, source, number, title, published, known_from)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    try source.run(
      report.id.rawValue, report.prefix, report.title, report.author, report.published.description, report.url,
      place, content, knownFrom)
    for item in report.recommendations {
      try recommendation.run(
        item.id.description, report.id.rawValue, item.id.number, item.title, report.published.description, knownFrom)
    }
  }

  // MARK: Reading

  /// The reports as they stood at `knowledge`, as corrected by then, in log order.
  static func reports(knownAt knowledge: Projections.Knowledge = .current, in db: Database) throws -> [Report] {
    let rows = try Row.fetchCursor(
      db,
      sql: """
        SELECT s.content, e.type, e.payload FROM source s JOIN event e ON e.sequence = s.content
        WHERE \(Projections.live("s", "?1")) ORDER BY s.sequence
        """, arguments: [knowledge.sequence])
    var reports: [Report] = []
    while let row = try rows.next() {
      let content = row.integer(0) ?? 0
      switch try EventCodec.decode(type: row.text(1) ?? "", payload: row.text(2) ?? "") {
      case .reportPublished(let report):
        reports.append(report)
      case .eventCorrected(let correction):
        guard case .report(let replacement)? = correction.replacement else {
          throw StoreError.damaged(sequence: content, detail: "a report's content is not a report")
        }
        reports.append(replacement)
      case .statementRecorded, .sweepRecorded:
        throw StoreError.damaged(sequence: content, detail: "a report's content is not a report")
      }
    }
    return reports
  }
}
