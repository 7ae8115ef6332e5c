internal import GRDB
import IICSADomain
import IICSALog

/// Which pledges were open at a moment, found by index seeks rather than a scan.
///
/// A pledge is open over an interval: from the day it was made to the day before the change that
/// fulfilled it, and from the event that recorded it to the event before the one that fulfilled
/// (or superseded) it. "Open on D" or "open as known at event S" asks which intervals contain a
/// point, which one B-tree index cannot answer without walking every pledge made before the
/// point. A relational interval tree (Kriegel, Pötke and Seidl, VLDB 2000) can: each interval is
/// filed under its fork node in a virtual binary tree over the integers, and a point query reads
/// one index range per node on the path from the root to the point, about 40 seeks whatever the
/// number of pledges.
///
/// The `pledge` table keeps two such filings: `date_*` over days (live rows only: current
/// knowledge) and `seq_*` over event sequences (every version).
enum PledgeSpans {
  /// The virtual tree covers 1 ..< 2^40: every sequence, and every day shifted by `dayOffset`.
  static let root: Int64 = 1 << 39
  /// The end of an interval still open.
  static let open: Int64 = (1 << 40) - 1
  /// Keeps day numbers (negative before 1970) inside the tree.
  static let dayOffset: Int64 = 1 << 30

  /// The node an interval [lo, hi] is filed under: the first node on the way down from the root
  /// that lies inside it.
  static func fork(_ lo: Int64, _ hi: Int64) -> Int64 {
    var node = root
    var step = root / 2
    while step >= 1 {
      if hi < node {
        node -= step
      } else if lo > node {
        node += step
      } else {
        return node
      }
      step /= 2
    }
    return node
  }

  /// The SQL selecting `columns` of the pledges whose `kind` interval contains `point`: on the
  /// path from the root, a node left of the point holds the intervals that end at or after it, a
  /// node right of it those that start at or before it, and the point's own node all of its own.
  static func containing(_ point: Int64, kind: String, columns: String) -> String {
    var left: [Int64] = []
    var right: [Int64] = []
    var node = root
    var step = root / 2
    while node != point, step >= 1 {
      if point < node {
        right.append(node)
        node -= step
      } else {
        left.append(node)
        node += step
      }
      step /= 2
    }
    func list(_ nodes: [Int64]) -> String { nodes.isEmpty ? "NULL" : nodes.map(String.init).joined(separator: ",") }
    return """
      SELECT \(columns) FROM pledge p WHERE \(kind)_node IN (\(list(left))) AND \(kind)_hi >= \(point)
      UNION ALL SELECT \(columns) FROM pledge p WHERE \(kind)_node IN (\(list(right))) AND \(kind)_lo <= \(point)
      UNION ALL SELECT \(columns) FROM pledge p WHERE \(kind)_node = \(node)
      """
  }

  static func point(_ day: Day) -> Int64 { Int64(day.daysSinceEpoch) + dayOffset }

  /// Files every version of one pledge under its intervals again, after it was ended or
  /// superseded.
  static func refresh(statement: String, ordinal: Int, in db: Database) throws {
    let rows = try Row.fetchAll(
      db.cachedStatement(
        sql: """
          SELECT rowid, made_on, ended_on, known_from, known_until, ended_seq FROM pledge
          WHERE statement = ? AND ordinal = ?
          """), arguments: [statement, ordinal])
    let update = try db.cachedStatement(
      sql: """
        UPDATE pledge SET date_node = ?, date_lo = ?, date_hi = ?, seq_node = ?, seq_lo = ?, seq_hi = ?
        WHERE rowid = ?
        """)
    for row in rows {
      let filing = self.filing(
        made: row.text(1), endedOn: row.text(2), knownFrom: row.integer(3), knownUntil: row.integer(4),
        endedSequence: row.integer(5))
      try update.execute(arguments: StatementArguments(filing + [Int64(row.integer(0) ?? 0)]))
    }
  }

  /// The values of `date_node, date_lo, date_hi, seq_node, seq_lo, seq_hi` for one version of a
  /// pledge, from its stored columns.
  static func filing(
    made: String?, endedOn: String?, knownFrom: Int?, knownUntil: Int?, endedSequence: Int?
  ) -> [Int64?] {
    let dates = dateSpan(
      made: made.flatMap { Day(iso: $0) }, ended: endedOn.flatMap { Day(iso: $0) }, live: knownUntil == nil)
    let sequences = sequenceSpan(knownFrom: knownFrom, knownUntil: knownUntil, ended: endedSequence)
    return [
      dates.map { fork($0.lo, $0.hi) }, dates?.lo, dates?.hi,
      sequences.map { fork($0.lo, $0.hi) }, sequences?.lo, sequences?.hi,
    ]
  }

  /// The days a live pledge was open: from the day it was made to the day before it ended
  /// (fulfilled, met, superseded or withdrawn). A version no longer live is not filed: the date
  /// tree answers for current knowledge.
  static func dateSpan(made: Day?, ended: Day?, live: Bool) -> (lo: Int64, hi: Int64)? {
    guard live, let made else { return nil }
    let lo = point(made)
    let hi = ended.map { point($0) - 1 } ?? open
    return lo <= hi ? (lo, hi) : nil
  }

  /// The events at which a version was open: from the one that recorded it to the one before its
  /// end or the version's supersession.
  static func sequenceSpan(knownFrom: Int?, knownUntil: Int?, ended: Int?) -> (lo: Int64, hi: Int64)? {
    guard let knownFrom else { return nil }
    let end = [knownUntil, ended].compactMap { $0 }.min().map { Int64($0) - 1 } ?? open
    return Int64(knownFrom) <= end ? (Int64(knownFrom), end) : nil
  }
}
