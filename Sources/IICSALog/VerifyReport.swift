public import IICSADomain

/// What `verify` found.
public struct VerifyReport: Hashable, Sendable {
  /// One thing wrong with the store.
  public enum Problem: Hashable, Sendable, CustomStringConvertible {
    /// An event's sequence number is not the next one.
    case gap(expected: Int, found: Int)
    /// An event's stored hash is not the hash of its content and the previous hash.
    case brokenChain(sequence: Int, id: String)
    /// An event is recorded before the one it follows: the database refuses that on insert, so it
    /// was put there behind iicsa's back, and every `--known-at` answer after it is unsound.
    case recordedBeforePrevious(sequence: Int, id: String, recordedAt: String, previous: String)
    /// An event's payload cannot be read.
    case unreadable(sequence: Int, id: String, detail: String)
    /// The log no longer obeys the rules when replayed.
    case ruleBroken(RuleViolation)
    /// A projection table differs from a fresh replay.
    case projectionDiffers(table: String)
    /// The projections hold rows written by an event the log no longer has.
    case projectionsAheadOfLog(event: Int, length: Int)

    public var description: String {
      switch self {
      case .gap(let expected, let found):
        return "event \(expected) is missing: the next event in the log is \(found)"
      case .brokenChain(let sequence, let id):
        return "event \(sequence) ('\(id)') does not match its hash: it was changed, "
          + "inserted or reordered after it was recorded"
      case .recordedBeforePrevious(let sequence, let id, let recordedAt, let previous):
        return "event \(sequence) ('\(id)') is recorded at \(recordedAt), before the event it follows (\(previous)): "
          + "it was put into the log behind iicsa's back"
      case .unreadable(let sequence, let id, let detail):
        return "event \(sequence) ('\(id)') cannot be read: \(detail)"
      case .ruleBroken(let violation):
        return "the log no longer replays: \(violation)"
      case .projectionDiffers(let table):
        return "projection '\(table)' differs from a replay of the log: run `iicsa rebuild`"
      case .projectionsAheadOfLog(let event, let length):
        return "the projections hold rows written by event \(event), but the log ends at event \(length): "
          + "events were deleted from its end. Do not rebuild: compare the log with a published checkpoint "
          + "(`verify --checkpoint`) and restore it from a copy that holds them"
      }
    }
  }

  /// The log's length and head as found.
  public var head: LogHead
  /// Everything wrong, the first bad event first. Empty when the store is sound.
  public var problems: [Problem]
  /// Whether the chain itself is intact (projection problems are repairable; chain ones are not).
  public var chainIntact: Bool

  public init(head: LogHead, problems: [Problem], chainIntact: Bool) {
    self.head = head
    self.problems = problems
    self.chainIntact = chainIntact
  }
}

/// The check of the hash chain that every backend runs over its stored bytes, one event at a
/// time in log order, without decoding a payload: the bytes stored, not their decoding, since
/// the chain hashes bytes, and a stored text that is not UTF-8 is damage to name, not to repair.
public struct ChainCheck {
  private var previous = ""
  private var previousTime = ""
  private var expected = 1

  public init() {}

  /// The next stored event: its sequence, id, the stored bytes of its four hashed columns (id,
  /// type, recorded_at, payload; nil where a column is NULL) and its stored hash. Returns the
  /// first problem, after which the caller stops; nil while the chain holds.
  public mutating func next(sequence: Int, id: String, columns: [[UInt8]?], hash stored: String) -> VerifyReport.Problem? {
    if sequence != expected { return .gap(expected: expected, found: sequence) }
    var bytes: [[UInt8]] = []
    for (column, name) in zip(columns, ["id", "type", "recorded_at", "payload"]) {
      guard let column else { return .unreadable(sequence: sequence, id: id, detail: "its \(name) is empty") }
      if String(validating: column, as: UTF8.self) == nil {
        return .unreadable(sequence: sequence, id: id, detail: "its \(name) holds bytes that are not valid UTF-8")
      }
      bytes.append(column)
    }
    guard bytes.count == 4 else { return .unreadable(sequence: sequence, id: id, detail: "a column is missing") }
    let computed = EventCodec.chain(
      previous: previous,
      canonical: EventCodec.canonicalBytes(
        sequence: sequence, id: bytes[0], type: bytes[1], recordedAt: bytes[2], payload: bytes[3]))
    if computed != stored { return .brokenChain(sequence: sequence, id: id) }
    // The stored form (YYYY-MM-DDTHH:MM:SSZ, checked as it enters the log) orders as text.
    let recordedAt = String(decoding: bytes[2], as: UTF8.self)
    if recordedAt < previousTime {
      return .recordedBeforePrevious(sequence: sequence, id: id, recordedAt: recordedAt, previous: previousTime)
    }
    previous = stored
    previousTime = recordedAt
    expected = sequence + 1
    return nil
  }
}
