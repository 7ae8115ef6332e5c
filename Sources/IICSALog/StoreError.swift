public import IICSADomain

/// Why the store refused a request or could not be used.
///
/// Every case says what to do next. A refused write leaves the store exactly as it was.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// No store at the path (a file, or a database on a server).
  case missing(path: String)
  /// The file is not an SQLite database.
  case notADatabase(path: String)
  /// The file is an SQLite database but not an iicsa store.
  case notAStore(path: String)
  /// The file exists but is empty.
  case emptyFile(path: String)
  /// The store was written by a newer iicsa.
  case newerSchema(path: String)
  /// The store was written by an earlier iicsa and must be upgraded before it is read.
  case olderSchema(path: String)
  /// The store or its folder cannot be written.
  case readOnly(path: String, detail: String)
  /// Another writer held the store for longer than the busy timeout.
  case busy(path: String)
  /// An id is already in the log with different content.
  case conflictingContent(EventID)
  /// A new event's `recorded_at` is earlier than the last event's.
  case recordedBeforeHead(EventID, recordedAt: Timestamp, head: Timestamp)
  /// The log moved on since the caller read it.
  case headMoved(expected: LogHead, actual: LogHead)
  /// The event breaks one of the record's rules.
  case rule(RuleViolation)
  /// A stored event cannot be read back: the log is damaged.
  case damaged(sequence: Int, detail: String)
  /// The database refused or failed (disk full, I/O error, a server gone away): `engine` is
  /// "SQLite" or "PostgreSQL", `path` the file or the server and database, never a password.
  case database(engine: String, path: String, detail: String)

  public var description: String {
    switch self {
    case .missing(let path):
      return "No store at \(path). Run `iicsa init --db \(path)` to create one."
    case .notADatabase(let path):
      return "\(path) is not an iicsa store (it is not an SQLite database). "
        + "Check the --db path; nothing was changed."
    case .notAStore(let path):
      return "\(path) is an SQLite database but not an iicsa store. "
        + "Check the --db path; nothing was changed."
    case .emptyFile(let path):
      return "\(path) is an empty file, not an iicsa store. Delete it to let iicsa create a "
        + "store there, or choose another --db path; nothing was changed."
    case .newerSchema(let path):
      return "\(path) was written by a newer version of iicsa. Upgrade iicsa to use it; "
        + "nothing was changed."
    case .olderSchema(let path):
      return "\(path) was written by an earlier version of iicsa. Run `iicsa rebuild --db \(path)` "
        + "once to upgrade it (the log is kept as it is); nothing was changed."
    case .readOnly(let path, let detail):
      return "Cannot write to \(path): \(detail). Check the file's permissions; nothing was changed."
    case .busy(let path):
      return "\(path) is busy: another iicsa process kept it locked. Try again; nothing was changed."
    case .conflictingContent(let id):
      return "'\(id)' is already recorded with different content. Use "
        + "`iicsa correct \(id) --reason TEXT --replacement FILE` to correct it, or choose a new id."
    case .recordedBeforeHead(let id, let recordedAt, let head):
      return "'\(id)' says recorded_at \(recordedAt), earlier than the last event in the log "
        + "(\(head)). The log only grows forward in time: remove 'recorded_at' to stamp it now."
    case .headMoved(let expected, let actual):
      return "The log changed while this command ran (expected \(expected.length) events, found "
        + "\(actual.length)). Run the command again."
    case .rule(let violation):
      return violation.description
    case .damaged(let sequence, let detail):
      return "The log is damaged at event \(sequence): \(detail). Run `iicsa verify` for details."
    case .database(let engine, let path, let detail):
      return "\(engine) failed on \(path): \(detail)."
    }
  }
}
