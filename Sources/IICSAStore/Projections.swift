internal import GRDB
import IICSADomain

/// Writes and reads the projection tables. Only this file knows their columns.
enum Projections {
  static let tables = ["pledge", "statusChange", "recommendation", "source"]

  /// Rewrites every projection from a tracker replayed over the whole log.
  static func write(_ tracker: Tracker, in db: Database) throws {
    for table in tables { try db.execute(sql: "DELETE FROM \(table)") }
    let source = try db.cachedStatement(
      sql: "INSERT INTO source (id, prefix, title, author, published, url) VALUES (?, ?, ?, ?, ?, ?)")
    let recommendation = try db.cachedStatement(
      sql: "INSERT INTO recommendation (id, source, number, title, published) VALUES (?, ?, ?, ?, ?)")
    for report in tracker.orderedReports {
      try source.execute(arguments: [
        report.id.rawValue, report.prefix, report.title, report.author, report.published.description,
        report.url,
      ])
      for item in report.recommendations {
        try recommendation.execute(arguments: [
          item.id.description, report.id.rawValue, item.id.number, item.title,
          report.published.description,
        ])
      }
    }
    let change = try db.cachedStatement(
      sql: """
        INSERT INTO statusChange (recommendation, date, ordinal, statement, position, stage)
        VALUES (?, ?, ?, ?, ?, ?)
        """)
    for row in changeRows(tracker) {
      try change.execute(arguments: [
        row.recommendation, row.date, row.ordinal, row.statement, row.position, row.stage,
      ])
    }
    let pledge = try db.cachedStatement(
      sql: """
        INSERT INTO pledge (statement, ordinal, recommendation, made_on, due, fulfilled_on, fulfilled_by)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """)
    for row in pledgeRows(tracker) {
      try pledge.execute(arguments: [
        row.statement, row.ordinal, row.recommendation, row.madeOn, row.due, row.fulfilledOn,
        row.fulfilledBy,
      ])
    }
  }

  struct ChangeRow: Hashable {
    var recommendation: String
    var date: String
    var ordinal: Int
    var statement: String
    var position: String
    var stage: String
  }

  struct PledgeRow: Hashable {
    var statement: String
    var ordinal: Int
    var recommendation: String
    var madeOn: String
    var due: String?
    var fulfilledOn: String?
    var fulfilledBy: String?
  }

  /// The status changes as rows; `ordinal` numbers them within a recommendation in applied order.
  static func changeRows(_ tracker: Tracker) -> [ChangeRow] {
    tracker.orderedStates.flatMap { state in
      state.history.enumerated().compactMap { index, entry -> ChangeRow? in
        guard case .changed(_, let to, _, _) = entry.what else { return nil }
        return ChangeRow(
          recommendation: state.id.description, date: entry.date.description, ordinal: index,
          statement: entry.statement.rawValue, position: to.position.rawValue, stage: to.stage.rawValue)
      }
    }
  }

  static func pledgeRows(_ tracker: Tracker) -> [PledgeRow] {
    tracker.pledges.map { record in
      PledgeRow(
        statement: record.statement.rawValue, ordinal: record.ordinal,
        recommendation: record.pledge.recommendation.description, madeOn: record.madeOn.description,
        due: record.pledge.due?.description, fulfilledOn: record.fulfilledBy?.date.description,
        fulfilledBy: record.fulfilledBy?.statement.rawValue)
    }
  }

  static func storedChangeRows(_ db: Database) throws -> [ChangeRow] {
    try Row.fetchAll(
      db,
      sql: "SELECT recommendation, date, ordinal, statement, position, stage FROM statusChange"
    ).map { ChangeRow(recommendation: $0[0], date: $0[1], ordinal: $0[2], statement: $0[3], position: $0[4], stage: $0[5]) }
  }

  static func storedPledgeRows(_ db: Database) throws -> [PledgeRow] {
    try Row.fetchAll(
      db,
      sql: "SELECT statement, ordinal, recommendation, made_on, due, fulfilled_on, fulfilled_by FROM pledge"
    ).map {
      PledgeRow(
        statement: $0[0], ordinal: $0[1], recommendation: $0[2], madeOn: $0[3], due: $0[4],
        fulfilledOn: $0[5], fulfilledBy: $0[6])
    }
  }
}
