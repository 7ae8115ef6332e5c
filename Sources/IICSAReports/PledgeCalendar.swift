public import IICSADomain

/// The promised dates a campaigner puts in a diary: one entry for each pledge still open or
/// overdue on the report's day that has a due date, and one more on its first due date when it
/// was re-made with another. Ended pledges leave the calendar, so a calendar subscribed to it
/// drops them when it next updates.
public struct PledgeCalendar: Sendable {
  /// Which date of a pledge an entry marks.
  public enum Mark: String, Sendable {
    /// The date it is due now.
    case due
    /// The date first promised, when the pledge re-makes an earlier one with another date.
    case baseline
  }

  /// One dated entry.
  public struct Entry: Sendable {
    public var row: PledgeRow
    public var mark: Mark
    /// The day the entry falls on.
    public var day: Day
    /// The statement that made the pledge, when the record holds it.
    public var statement: RecordedStatement?
  }

  public var asOf: Day
  public var knownAt: KnownAt?
  public var log: LogHead
  /// By day, then by the pledges' order in `iicsa pledges`, so the same record gives the same bytes.
  public var entries: [Entry]

  /// The calendar of `report`'s open and overdue pledges, with the statements that made them.
  public init(_ report: PledgeReport, statements: [EventID: RecordedStatement]) {
    self.init(report.rows, asOf: report.asOf, knownAt: report.knownAt, log: report.log, statements: statements)
  }

  /// The calendar of the open and overdue pledges among `rows` (in `iicsa pledges`' order).
  public init(
    _ rows: [PledgeRow], asOf: Day, knownAt: KnownAt?, log: LogHead, statements: [EventID: RecordedStatement]
  ) {
    self.asOf = asOf
    self.knownAt = knownAt
    self.log = log
    var entries: [(Entry, Int)] = []
    for (order, row) in rows.enumerated() {
      switch row.state {
      case .open, .overdue: break
      case .ended: continue
      }
      guard let due = row.record.pledge.due else { continue }
      let statement = statements[row.record.statement]
      entries.append((Entry(row: row, mark: .due, day: due, statement: statement), order))
      if let baseline = row.record.baselineDue, baseline != due {
        entries.append((Entry(row: row, mark: .baseline, day: baseline, statement: statement), order))
      }
    }
    self.entries = entries.sorted { ($0.0.day, $0.1, $0.0.mark.rawValue) < ($1.0.day, $1.1, $1.0.mark.rawValue) }
      .map(\.0)
  }

  /// `iicsa pledges --format ics`: the calendar of the pledges made by `day` (only the overdue
  /// ones if `overdueOnly`), read from one snapshot.
  public init(from snapshot: any RecordSnapshot, asOf day: Day, overdueOnly: Bool) throws {
    let report = try PledgeReport(from: snapshot, asOf: day, overdueOnly: overdueOnly)
    self.init(report, statements: try snapshot.statements(report.rows.map(\.record.statement)))
  }
}
