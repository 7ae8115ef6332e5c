internal import GRDB
import IICSADomain

/// The report tables, `source` (one row per report) and `recommendation` (one per
/// recommendation): the catalogue as it stands now.
enum CatalogueTable {
  // MARK: Writing

  static func insert(_ reports: [Report], in db: Database) throws {
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

  /// Replaces both tables: after a report's correction. They are not versioned; "known at"
  /// reads take the reports from the log itself.
  static func replace(with reports: [Report], in db: Database) throws {
    // Recommendation rows are referenced by the versioned tables: switch the check off for the
    // swap, which ends with every reference valid again or the store damaged anyway.
    try db.execute(sql: "PRAGMA defer_foreign_keys = ON")
    try db.execute(sql: "DELETE FROM recommendation")
    try db.execute(sql: "DELETE FROM source")
    try insert(reports, in: db)
  }

  // MARK: Reading

  /// The reports as corrected by event `knowledge.sequence`, in log order. Reports and
  /// corrections are few, and the type index finds them without reading the statements.
  static func reports(knownAt knowledge: Projections.Knowledge = .current, in db: Database) throws -> [Report] {
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
}
