import IICSADomain

/// Writes event payloads as JSON, byte for byte as `JSONEncoder` with
/// `[.sortedKeys, .withoutEscapingSlashes]` wrote them.
///
/// The bytes are hashed into the chain and compared with golden files, so "equivalent JSON" is
/// not enough: every rule below copies what Foundation does.
/// - Keys are in the order Foundation sorts them, which is the order of their UTF-8 bytes
///   (`"B" < "_c" < "a" < "a10" < "a2" < "aB" < "a_b"`), not a locale or numeric order.
/// - An absent optional is left out (synthesised `Codable` uses `encodeIfPresent`); an empty
///   array is written `[]`.
/// - Strings escape only `"`, `\` and the C0 controls; `/`, DEL, U+2028 and all other
///   non-ASCII text are written raw.
///
/// `PayloadCodecTests` holds a `JSONEncoder` as the oracle for all of this.
struct PayloadWriter {
  private(set) var bytes: [UInt8] = []

  init() { bytes.reserveCapacity(1024) }

  /// The payload's JSON text.
  static func json(_ payload: EventPayload) -> String {
    var writer = PayloadWriter()
    switch payload {
    case .reportPublished(let report): writer.write(report)
    case .statementRecorded(let statement): writer.write(statement)
    case .eventCorrected(let correction): writer.write(correction)
    case .sweepRecorded(let sweep): writer.write(sweep)
    }
    return String(decoding: writer.bytes, as: UTF8.self)
  }

  // MARK: The payload types, keys in Foundation's sorted order.

  mutating func write(_ report: Report) {
    open()
    key("author"); string(report.author)
    key("id"); string(report.id.rawValue)
    if let note = report.note { key("note"); string(note) }
    key("prefix"); string(report.prefix)
    key("published"); day(report.published)
    key("recommendations"); array(report.recommendations) { $0.write($1) }
    key("title"); string(report.title)
    key("url"); string(report.url)
    close()
  }

  mutating func write(_ recommendation: Recommendation) {
    open()
    key("addressed_to"); array(recommendation.addressedTo) { $0.string($1) }
    key("confidence"); string(recommendation.confidence.rawValue)
    key("id"); recommendationID(recommendation.id)
    key("kind"); string(recommendation.kind.rawValue)
    if let lead = recommendation.lead { key("lead"); string(lead) }
    if let note = recommendation.note { key("note"); string(note) }
    // Left out when empty, as `Recommendation.encode(to:)` does.
    if !recommendation.repeats.isEmpty { key("repeats"); array(recommendation.repeats) { $0.recommendationID($1) } }
    key("sources"); array(recommendation.sources) { $0.write($1) }
    key("text"); string(recommendation.text)
    key("title"); string(recommendation.title)
    close()
  }

  mutating func write(_ link: SourceLink) {
    open()
    key("publisher"); string(link.publisher)
    if let title = link.title { key("title"); string(title) }
    key("url"); string(link.url)
    close()
  }

  mutating func write(_ statement: Statement) {
    open()
    key("changes"); array(statement.changes) { $0.write($1) }
    key("confidence"); string(statement.confidence.rawValue)
    key("date"); day(statement.date)
    key("date_precision"); string(statement.datePrecision.rawValue)
    key("id"); string(statement.id.rawValue)
    key("kind"); string(statement.kind.rawValue)
    if let note = statement.note { key("note"); string(note) }
    // Left out when empty, as `Statement.encode(to:)` does.
    if !statement.pledgeOutcomes.isEmpty { key("pledge_outcomes"); array(statement.pledgeOutcomes) { $0.write($1) } }
    key("pledges"); array(statement.pledges) { $0.write($1) }
    key("reaffirms"); array(statement.reaffirms) { $0.recommendationID($1) }
    key("relates_to"); array(statement.relatesTo) { $0.recommendationID($1) }
    key("role"); string(statement.role)
    key("sources"); array(statement.sources) { $0.write($1) }
    key("speaker"); string(statement.speaker)
    key("summary"); string(statement.summary)
    key("title"); string(statement.title)
    close()
  }

  mutating func write(_ change: StatusChange) {
    open()
    if let note = change.note { key("note"); string(note) }
    if let position = change.position { key("position"); string(position.rawValue) }
    if let reason = change.reason { key("reason"); string(reason) }
    key("recommendation"); recommendationID(change.recommendation)
    if let stage = change.stage { key("stage"); string(stage.rawValue) }
    close()
  }

  /// Mirrors `Pledge.encode(to:)`: the target is one of two keys, and "any" stands for
  /// `.anyResponse`.
  mutating func write(_ pledge: Pledge) {
    open()
    if let due = pledge.due { key("due"); day(due) }
    if let dueText = pledge.dueText { key("due_text"); string(dueText) }
    key("recommendation"); recommendationID(pledge.recommendation)
    if let replaces = pledge.replaces { key("replaces"); string(replaces.description) }
    switch pledge.target {
    case .position(let position): key("target_position"); string(position.rawValue)
    case .anyResponse: key("target_position"); string("any")
    case .act: break  // no target key, as `Pledge.encode(to:)` writes it
    case .stage(let stage): key("target_stage"); string(stage.rawValue)
    }
    key("text"); string(pledge.text)
    close()
  }

  mutating func write(_ outcome: PledgeOutcome) {
    open()
    if let note = outcome.note { key("note"); string(note) }
    key("outcome"); string(outcome.outcome.rawValue)
    key("pledge"); string(outcome.pledge.description)
    key("recommendation"); recommendationID(outcome.recommendation)
    close()
  }

  mutating func write(_ sweep: Sweep) {
    open()
    key("checked_by"); string(sweep.checkedBy)
    key("found"); array(sweep.found) { $0.string($1.rawValue) }
    if let from = sweep.from { key("from"); day(from) }
    key("id"); string(sweep.id.rawValue)
    if let note = sweep.note { key("note"); string(note) }
    key("recommendations"); array(sweep.recommendations) { $0.recommendationID($1) }
    key("sources"); array(sweep.sources) { $0.write($1) }
    key("through"); day(sweep.through)
    close()
  }

  mutating func write(_ correction: Correction) {
    open()
    key("reason"); string(correction.reason)
    if let replacement = correction.replacement {
      key("replacement")
      open()
      switch replacement {
      case .report(let report): key("report"); write(report)
      case .statement(let statement): key("statement"); write(statement)
      }
      close()
    }
    // Left out when empty, as `Correction.encode(to:)` does.
    if !correction.sources.isEmpty { key("sources"); array(correction.sources) { $0.write($1) } }
    key("target"); string(correction.target.rawValue)
    close()
  }

  // MARK: Values.

  /// `Day.description`, without building the intermediate strings. Years outside 1000...9999
  /// cannot come from `Day.init?` but can from `Day(daysSinceEpoch:)`; they take the slow path so
  /// that the text stays exactly `description`'s.
  mutating func day(_ day: Day) {
    guard (1000...9999).contains(day.year), (1...99).contains(day.month), (1...99).contains(day.day)
    else { return string(day.description) }
    bytes.append(quote)
    digits(day.year, width: 4)
    bytes.append(UInt8(ascii: "-"))
    digits(day.month, width: 2)
    bytes.append(UInt8(ascii: "-"))
    digits(day.day, width: 2)
    bytes.append(quote)
  }

  /// `RecommendationID.description`: `PREFIX-NUMBER`.
  mutating func recommendationID(_ id: RecommendationID) {
    guard id.number >= 0 else { return string(id.description) }
    bytes.append(quote)
    escaped(id.prefix)
    bytes.append(UInt8(ascii: "-"))
    digits(id.number, width: 1)
    bytes.append(quote)
  }

  /// A non-negative integer, zero-padded to at least `width` digits.
  private mutating func digits(_ value: Int, width: Int) {
    let value = UInt(value)
    var divisor: UInt = 1
    var count = 1
    while value / divisor >= 10 {
      divisor *= 10
      count += 1
    }
    for _ in count..<max(width, count) { bytes.append(UInt8(ascii: "0")) }
    while divisor > 0 {
      bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
      divisor /= 10
    }
  }

  mutating func string(_ value: String) {
    bytes.append(quote)
    escaped(value)
    bytes.append(quote)
  }

  /// Copies runs of plain bytes at once; only the few bytes JSON needs escaped are looked at
  /// one by one.
  private mutating func escaped(_ value: String) {
    var value = value
    value.withUTF8 { utf8 in
      var runStart = 0
      for index in 0..<utf8.count {
        let byte = utf8[index]
        guard byte < 0x20 || byte == quote || byte == backslash else { continue }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
        escape(byte)
        runStart = index + 1
      }
      bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
    }
  }

  /// Foundation's escapes: short forms where JSON has them, else `\u00xx` in lower-case hex.
  private mutating func escape(_ byte: UInt8) {
    bytes.append(backslash)
    switch byte {
    case quote: bytes.append(quote)
    case backslash: bytes.append(backslash)
    case 0x08: bytes.append(UInt8(ascii: "b"))
    case 0x09: bytes.append(UInt8(ascii: "t"))
    case 0x0A: bytes.append(UInt8(ascii: "n"))
    case 0x0C: bytes.append(UInt8(ascii: "f"))
    case 0x0D: bytes.append(UInt8(ascii: "r"))
    default:
      let hex: StaticString = "0123456789abcdef"
      bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
      bytes.append(hex.utf8Start[Int(byte >> 4)])
      bytes.append(hex.utf8Start[Int(byte & 0x0F)])
    }
  }

  // MARK: Structure.

  private mutating func open() { bytes.append(UInt8(ascii: "{")) }
  private mutating func close() { bytes.append(UInt8(ascii: "}")) }

  /// A key and its colon, after a comma unless it is the object's first member. A member value
  /// never ends in `{` (an empty object ends in `}`), so the last byte tells which it is.
  private mutating func key(_ name: StaticString) {
    if bytes.last != UInt8(ascii: "{") { bytes.append(UInt8(ascii: ",")) }
    bytes.append(quote)
    bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
    bytes.append(quote)
    bytes.append(UInt8(ascii: ":"))
  }

  private mutating func array<Element>(_ elements: [Element], _ write: (inout PayloadWriter, Element) -> Void) {
    bytes.append(UInt8(ascii: "["))
    for (index, element) in elements.enumerated() {
      if index > 0 { bytes.append(UInt8(ascii: ",")) }
      write(&self, element)
    }
    bytes.append(UInt8(ascii: "]"))
  }
}

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")
