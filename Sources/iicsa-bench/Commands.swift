import IICSADomain

/// One report command as the bench runs it, with the target for its ratio.
struct CommandSpec: Sendable {
  /// The row label.
  var label: String
  /// The largest cost allowed, as a multiple of the cost on the real record.
  var target: Double?
  /// Whether the row runs the `sqlite3` shell instead of `iicsa`.
  var isReference = false
  /// The folder, under `scratch`, whose files are the command's output (for a command that
  /// writes files rather than printing).
  var writesInto: (@Sendable (_ scratch: String) -> String)?
  /// The largest store the row runs on: a command whose output grows with the log (one page per
  /// statement) is timed up to this many events, so a run never writes gigabytes.
  var maxEvents: Int?
  /// The arguments, for a store at `db` described by `probe`, writing into `scratch`.
  var arguments: @Sendable (_ probe: StoreProbe, _ db: String, _ scratch: String) -> [String]

  /// The commands of issue 6, part 2, plus `--help` and the `sqlite3` reference.
  static let all: [CommandSpec] = [
    CommandSpec(label: "--help", target: 1.5) { _, _, _ in ["--help"] },
    CommandSpec(label: "status", target: 1.5) { _, db, _ in ["status", "--db", db] },
    CommandSpec(label: "status --as-of MID", target: 1.5) { probe, db, _ in
      ["status", "--db", db, "--as-of", probe.midDate.description]
    },
    CommandSpec(label: "status --known-at MID", target: 1.5) { probe, db, _ in
      ["status", "--db", db, "--known-at", probe.midRecordedAt.description]
    },
    CommandSpec(label: "show BUSIEST", target: 1.5) { probe, db, _ in
      ["show", probe.busiest.description, "--db", db]
    },
    CommandSpec(label: "pledges --overdue", target: 1.5) { _, db, _ in
      ["pledges", "--overdue", "--db", db]
    },
    CommandSpec(label: "diff (one month)", target: 1.5) { probe, db, _ in
      ["diff", "--db", db, "--from", probe.monthStart, "--to", probe.monthEnd]
    },
    CommandSpec(label: "timeline (one month)", target: 1.5) { probe, db, _ in
      ["timeline", "--db", db, "--from", probe.monthStart, "--to", probe.monthEnd]
    },
    CommandSpec(label: "export --month", target: 3, writesInto: { $0 + "/export" }) { probe, db, scratch in
      [
        "export", "--db", db, "--month", probe.month, "--out", scratch + "/export",
        "--known-at", probe.lastRecordedAt.description, "--force",
      ]
    },
    // Issue 16: the whole site, a page per recommendation and per statement; its cost should
    // follow the bytes it writes (the output table's per-byte column).
    CommandSpec(label: "site", target: nil, writesInto: { $0 + "/site" }, maxEvents: 150_000) { probe, db, scratch in
      ["site", "--db", db, "--out", scratch + "/site", "--known-at", probe.lastRecordedAt.description]
    },
    CommandSpec(label: "sqlite3 shell: status as of MID", target: nil, isReference: true) {
      probe, db, _ in
      ["-readonly", db, ReferenceQuery.statusAsOf(probe.midDate.description)]
    },
  ]
}

/// The raw SQL reference: the same "status of every recommendation as of a day" question,
/// answered by the `sqlite3` shell on the same file with one index seek per recommendation on
/// `statusChange(recommendation, date, sequence, known_from)` among the rows live now
/// (Schema.swift, EventStore+Status.swift).
enum ReferenceQuery {
  static func statusAsOf(_ day: String) -> String {
    """
    SELECT r.id, coalesce((SELECT \
    c.position || ' ' || c.stage || ' ' || c.date || ' ' || c.statement \
    FROM statusChange c WHERE c.recommendation = r.id AND c.date <= '\(day)' AND c.known_until IS NULL \
    ORDER BY c.date DESC, c.sequence DESC LIMIT 1), 'no_response not_started') \
    FROM recommendation r WHERE r.published <= '\(day)' ORDER BY r.published, r.source, r.number;
    """
  }
}

extension StoreProbe {
  /// The first day of `month`.
  var monthStart: String { midDate.firstDayOfMonth.description }
  /// The last day of `month`.
  var monthEnd: String { midDate.lastDayOfMonth.description }
}
