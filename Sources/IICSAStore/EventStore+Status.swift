internal import GRDB
public import IICSADomain

extension EventStore {
  /// The status of every recommendation on `day`, under everything known now.
  ///
  /// Read from the projections: one index seek per recommendation on `statusChange(recommendation,
  /// date)`, so the cost follows the number of recommendations, not the length of the log.
  public func status(asOf day: Day) throws(StoreError) -> StatusReport {
    try reading { db in
      let head = try Self.head(db)
      let date = day.description
      let sources = try Row.fetchAll(
        db,
        sql: """
          SELECT id, prefix, title, author, published, url FROM source
          WHERE published <= ? ORDER BY published, id
          """, arguments: [date]
      ).compactMap(Self.sourceInfo)
      var open: [String: Int] = [:]
      var overdue: [String: Int] = [:]
      let pledges = try Row.fetchCursor(
        db,
        sql: """
          SELECT recommendation, count(*), sum(due IS NOT NULL AND due < ?1) FROM pledge
          WHERE made_on <= ?1 AND (fulfilled_on IS NULL OR fulfilled_on > ?1)
          GROUP BY recommendation
          """, arguments: [date])
      while let row = try pledges.next() {
        open[row[0]] = row[1]
        overdue[row[0]] = row[2]
      }
      var rows: [StatusRow] = []
      let recommendations = try Row.fetchAll(
        db,
        sql: """
          SELECT id, source, title FROM recommendation
          WHERE published <= ? ORDER BY published, source, number
          """, arguments: [date])
      let statuses = try Projections.lastChanges(
        of: recommendations.compactMap { $0.text(0).flatMap(RecommendationID.init) }, onOrBefore: day, in: db)
      for row in recommendations {
        let idText: String = row[0]
        guard let id = RecommendationID(idText), let source = SourceID(row[1]) else {
          throw StoreError.damaged(sequence: head.length, detail: "projection holds '\(idText)'")
        }
        let (status, change) = statuses[id] ?? (.initial, nil)
        rows.append(
          StatusRow(
            id: id, source: source, title: row[2], status: status, lastChange: change,
            openPledges: open[idText] ?? 0, overduePledges: overdue[idText] ?? 0))
      }
      return StatusReport(asOf: day, knownAt: nil, log: head, sources: sources, rows: rows)
    }
  }

  /// The status on `day` as the tracker stood at `knownAt`.
  ///
  /// When nothing was recorded after `knownAt`, that is today's knowledge and the projections
  /// answer it; otherwise the prefix of the log recorded by then is replayed.
  public func status(asOf day: Day, knownAt: Timestamp) throws(StoreError) -> StatusReport {
    if try knowsNothingAfter(knownAt) {
      var report = try status(asOf: day)
      report.knownAt = knownAt
      return report
    }
    let tracker = try tracker(asOf: day, knownAt: knownAt)
    return StatusReport(
      asOf: day, knownAt: knownAt, log: try head(knownAt: knownAt),
      sources: tracker.orderedReports.map(\.info), rows: tracker.statusRows(on: day))
  }

  /// Every pledge made by `day` as it stood that day (or only the overdue ones), and the titles
  /// of their recommendations, read from the projections.
  public func pledges(asOf day: Day, overdueOnly: Bool = false) throws(StoreError)
    -> (records: [PledgeRecord], titles: [RecommendationID: String])
  {
    try reading { db in
      let date = day.description
      var records: [PledgeRecord] = []
      let overdue = overdueOnly ? " AND due < ?1 AND (fulfilled_on IS NULL OR fulfilled_on > ?1)" : ""
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT statement, ordinal, recommendation, made_on, text, target, due, due_text,
            fulfilled_on, fulfilled_by
          FROM pledge WHERE made_on <= ?1\(overdue) ORDER BY made_on, statement, ordinal
          """, arguments: [date])
      while let row = try rows.next() {
        var record = try Projections.pledgeRecord(row)
        // A fulfilment after the day asked about had not happened yet.
        if let on = (row[8] as String?).flatMap({ Day(iso: $0) }), on <= day, let by = EventID(row[9]) {
          record.fulfilledBy = ChangeReference(date: on, statement: by)
        }
        records.append(record)
      }
      var titles: [RecommendationID: String] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, title FROM recommendation WHERE published <= ?", arguments: [date]) {
        if let id = RecommendationID(row[0]) { titles[id] = row[1] }
      }
      return (records, titles)
    }
  }

  /// Whether no event was recorded after `time`, so that "known at" it is the same as now.
  public func knowsNothingAfter(_ time: Timestamp) throws(StoreError) -> Bool {
    try reading { db in
      let last = try String.fetchOne(db, sql: "SELECT recorded_at FROM event ORDER BY sequence DESC LIMIT 1")
      return last.map { $0 <= time.description } ?? true
    }
  }

  private static func sourceInfo(_ row: Row) -> SourceInfo? {
    guard let id = SourceID(row[0]), let published = Day(iso: row[4] as String) else { return nil }
    return SourceInfo(id: id, prefix: row[1], title: row[2], author: row[3], published: published, url: row[5])
  }
}
