import Foundation
import GRDB
import IICSADomain
@testable import IICSAStore
@testable import IICSALog
import IICSATestSupport
import Testing

/// The hand-written payload writer and reader against Foundation's `JSONEncoder` and
/// `JSONDecoder`, which wrote every stored payload before them and stay here as the oracle.
@Suite struct PayloadCodecTests {
  // MARK: The bundled record

  @Test func everyBundledPayloadIsWrittenAndReadAsFoundationDid() throws {
    let rows = try BundledPayloads.rows()
    #expect(rows.count > 50)
    for (type, stored) in rows {
      let expected = try Oracle.decode(type: type, stored)
      #expect(try EventCodec.decode(type: type, payload: stored) == expected)
      #expect(try EventCodec.payloadJSON(expected) == stored)
      #expect(try Oracle.json(expected) == stored)
    }
  }

  // MARK: Generated values

  @Test func generatedStatementsMatchFoundation() throws {
    var random = SeededRandom(seed: 2026)
    for index in 0..<3000 {
      try Oracle.check(.statementRecorded(Generate.statement(index, &random)))
    }
  }

  @Test func generatedReportsAndCorrectionsMatchFoundation() throws {
    var random = SeededRandom(seed: 7)
    for index in 0..<300 {
      try Oracle.check(.reportPublished(Generate.report(index, &random)))
      let target = EventID("target-\(index)")!
      try Oracle.check(.eventCorrected(Correction(target: target, reason: Generate.text(&random))))
      try Oracle.check(
        .eventCorrected(
          Correction(target: target, reason: Generate.text(&random), replacement: .statement(Generate.statement(index, &random)))))
      try Oracle.check(
        .eventCorrected(
          Correction(target: target, reason: Generate.text(&random), replacement: .report(Generate.report(index, &random)))))
    }
  }

  @Test func generatedSweepsMatchFoundation() throws {
    var random = SeededRandom(seed: 11)
    for index in 0..<300 {
      let found = (0..<Int(random.next(upTo: 3))).map { EventID("found-\(index)-\($0)")! }
      let sweep = Sweep(
        id: EventID("sweep-\(index)")!, from: random.next(upTo: 2) == 0 ? nil : Build.day("2026-01-01"),
        through: Build.day("2026-02-28"), checkedBy: Generate.text(&random),
        recommendations: (1...Int(random.next(upTo: 4)) + 1).map { Build.rec("TEST-\($0)") },
        sources: [SourceLink(url: "https://example.org/\(index)", publisher: Generate.text(&random), title: index % 2 == 0 ? nil : Generate.text(&random))],
        found: found, note: index % 3 == 0 ? nil : Generate.text(&random))
      try Oracle.check(.sweepRecorded(sweep))
    }
    for text in Generate.hostile {
      try Oracle.check(
        .sweepRecorded(
          Sweep(
            id: EventID("hostile")!, through: Build.day("2026-02-28"), checkedBy: text, recommendations: [Build.rec("TEST-1")],
            sources: [SourceLink(url: text, publisher: text, title: text)], note: text)))
    }
  }

  @Test(arguments: Generate.hostile)
  func hostileStringsMatchFoundation(_ text: String) throws {
    var statement = Build.statement("hostile", "2025-01-06")
    statement.title = text
    statement.summary = "before " + text + " after"
    statement.note = text
    statement.sources = [SourceLink(url: text, publisher: text, title: text)]
    statement.changes = [StatusChange(recommendation: Build.rec("TEST-1"), position: .accepted, note: text, reason: text)]
    statement.pledges = [Pledge(recommendation: Build.rec("TEST-1"), text: text, target: .anyResponse, dueText: text)]
    try Oracle.check(.statementRecorded(statement))
  }

  @Test func everyScalarClassIsEscapedAsFoundationEscapesIt() throws {
    var all = ""
    for value in 0..<0x80 { all.unicodeScalars.append(Unicode.Scalar(UInt8(value))) }
    all += "\u{80}\u{85}\u{A0}\u{AD}\u{2028}\u{2029}\u{FEFF}\u{FFFD}\u{FFFF}\u{10FFFF}"
    var statement = Build.statement("scalars", "2025-01-06")
    statement.summary = all
    try Oracle.check(.statementRecorded(statement))
    let json = try EventCodec.payloadJSON(.statementRecorded(statement))
    #expect(json.contains(#"\u0000\u0001"#) && json.contains(#"\u001f"#) && json.contains(#"\b\t\n\u000b\f\r"#))
    #expect(json.contains("\u{7F}") && json.contains("\u{2028}") && json.contains("/"))
  }

  /// The reader scans strings eight bytes at a time: a byte that ends a plain run must be found
  /// at every place in a word, in strings that are read and in strings that are skipped.
  @Test func specialBytesAreFoundAtEveryOffset() throws {
    for special in ["\"", "\\", "\u{0}", "\u{1F}", "\n", " ", "!", "[", "]", "\u{7F}", "é", "😀"] {
      for length in 1..<20 {
        for position in 0..<length {
          let text = String(repeating: "a", count: position) + special + String(repeating: "b", count: length - position - 1)
          var statement = Build.statement("offsets", "2025-01-06")
          statement.summary = text
          let payload = EventPayload.statementRecorded(statement)
          try Oracle.check(payload)
          let written = try EventCodec.payloadJSON(payload)
          let unknown = "{\"x\":\(written)," + written.dropFirst()
          #expect(try EventCodec.decode(type: "statement_recorded", payload: unknown) == payload)
        }
      }
    }
  }

  @Test func everyPledgeTargetAndOptionalShapeMatchesFoundation() throws {
    let targets: [PledgeTarget] = [.anyResponse, .act] + Stage.allCases.map(PledgeTarget.stage) + Position.allCases.map(PledgeTarget.position)
    for target in targets {
      for due in [nil, Build.day("2025-06-20")] {
        for dueText in [nil, "this spring"] {
          let pledge = Pledge(recommendation: Build.rec("TEST-2"), text: "t", target: target, due: due, dueText: dueText)
          try Oracle.check(.statementRecorded(Build.statement("p", "2025-01-06", pledges: [pledge])))
        }
      }
    }
    for position in [nil] + Position.allCases.map(Optional.some) {
      for stage in [nil] + Stage.allCases.map(Optional.some) {
        let change = StatusChange(recommendation: Build.rec("TEST-3"), position: position, stage: stage)
        try Oracle.check(.statementRecorded(Build.statement("c", "2025-01-06", changes: [change])))
      }
    }
  }

  /// `Day(daysSinceEpoch:)` can make days that `Day.init?` refuses; the writer still writes
  /// `description` as Foundation did (and both readers refuse the result).
  @Test func daysOutsideTheValidRangeAreWrittenAsFoundationWroteThem() throws {
    for days in [-1_000_000, -800_000, -719_468, -25_568, 2_932_897, 3_000_000, 50_000_000] {
      var statement = Build.statement("odd-day", "2025-01-06")
      statement.date = Day(daysSinceEpoch: days)
      let payload = EventPayload.statementRecorded(statement)
      #expect(try EventCodec.payloadJSON(payload) == Oracle.json(payload), "\(statement.date)")
    }
  }

  // MARK: Input that is not our canonical output

  /// JSON that differs from what the writer writes but is valid: both readers must agree.
  @Test(arguments: [
    // White space everywhere JSON allows it, and keys in another order.
    " \n\t{ \"title\" : \"T\" , \"summary\":\"S\",\"speaker\":\"A\",\"sources\":[ {\"url\":\"https://e.org\" ,\"publisher\":\"P\"} ],"
      + "\"role\":\"R\",\"relates_to\":[ ],\"reaffirms\":[\"test-1\"],\"pledges\":[],\"kind\":\"speech\",\"id\":\"S-1\","
      + "\"date_precision\":\"month\",\"date\":\"2025-01-31\",\"confidence\":\"unconfirmed\",\"changes\":[] }\r\n",
    // Escaped keys and values, a surrogate pair, `\/`, and unknown keys of every kind.
    #"{"\u0069d":"a","date":"2025-01-06","date_precision":"day","speaker":"\ud83d\ude00 \u00e9\/","role":"r","kind":"other","title":"t","summary":"\"\\\b\f\n\r\t\u0000","sources":[],"confidence":"confirmed","changes":[],"reaffirms":[],"relates_to":[],"pledges":[],"extra":{"a":[1,-2.5e+10,true,false,null,"x\ud800",{}]},"n":-0.0E-7}"#,
    // null where the property is optional.
    #"{"id":"a","date":"2025-01-06","date_precision":"day","speaker":"s","role":"r","kind":"other","title":"t","summary":"s","sources":[{"url":"u","publisher":"p","title":null}],"confidence":"confirmed","note":null,"changes":[{"recommendation":"test-1","position":null,"stage":"planned","note":null,"reason":null}],"reaffirms":[],"relates_to":[],"pledges":[{"recommendation":"TEST-1","text":"x","target_stage":null,"target_position":"any","due":null,"due_text":null}]}"#,
    // Duplicate keys: Foundation keeps the first.
    #"{"id":"a","id":"b","date":"2025-01-06","date":"bad","date_precision":"day","speaker":"s","role":"r","kind":"other","title":"t","summary":"s","sources":[],"confidence":"confirmed","changes":[],"reaffirms":[],"relates_to":[],"pledges":[],"note":null,"note":"later"}"#,
    // A stage target wins, and the position is then never read.
    #"{"id":"a","date":"2025-01-06","date_precision":"day","speaker":"s","role":"r","kind":"other","title":"t","summary":"s","sources":[],"confidence":"confirmed","changes":[],"reaffirms":[],"relates_to":[],"pledges":[{"target_position":42,"recommendation":"Test-0001","text":"x","target_stage":"enacted"}]}"#,
    // A byte order mark, which Foundation skips.
    "\u{FEFF}" + #"{"id":"a","date":"2025-01-06","date_precision":"year","speaker":"s","role":"r","kind":"other","title":"t","summary":"s","sources":[],"confidence":"confirmed","changes":[],"reaffirms":[],"relates_to":[],"pledges":[]}"#,
  ])
  func validInputReadsAsFoundationReadsIt(_ text: String) throws {
    let expected = try Oracle.decode(type: "statement_recorded", text)
    #expect(try EventCodec.decode(type: "statement_recorded", payload: text) == expected)
  }

  @Test func aReplacementReportWinsAndItsStatementIsNeverRead() throws {
    let report = try EventCodec.payloadJSON(.reportPublished(Build.report()))
    let text = #"{"target":"x","reason":"r","replacement":{"statement":"not read","report":"# + report + "}}"
    let expected = try Oracle.decode(type: "event_corrected", text)
    #expect(try EventCodec.decode(type: "event_corrected", payload: text) == expected)
    let nullReport = #"{"target":"x","reason":"r","replacement":{"report":null,"statement":{"id":"a"}}}"#
    #expect(throws: (any Error).self) { try Oracle.decode(type: "event_corrected", nullReport) }
    #expect(Self.error(nullReport, type: "event_corrected").contains("correction.replacement.statement: missing key 'date'"))
  }

  @Test func nestingUpTo512IsAcceptedAndDeeperIsRefused() throws {
    let base = try EventCodec.payloadJSON(.statementRecorded(Build.statement("deep", "2025-01-06")))
    func nested(_ depth: Int) -> String {
      "{\"x\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "," + base.dropFirst()
    }
    #expect(try EventCodec.decode(type: "statement_recorded", payload: nested(511)) == Oracle.decode(type: "statement_recorded", nested(511)))
    #expect(Self.error(nested(512)).contains("nested more than 512 deep"))
    #expect(Self.error(nested(100_000)).contains("nested more than 512 deep"))
  }

  // MARK: Malformed input

  static let good = #"{"changes":[{"position":"accepted","recommendation":"TEST-1"}],"confidence":"confirmed","date":"2025-01-06","date_precision":"day","id":"a","kind":"speech","pledges":[],"reaffirms":[],"relates_to":[],"role":"r","sources":[{"publisher":"p","url":"u"}],"speaker":"s","summary":"s","title":"t"}"#

  /// Each case and a fragment of the message it must give.
  static let malformed: [(String, String)] = [
    ("", "invalid JSON at byte 0"),
    ("   ", "invalid JSON at byte 3"),
    ("[]", "expected an object, found an array"),
    ("null", "expected an object, found null"),
    (good + " {}", "unexpected text after the payload"),
    (good.replacingOccurrences(of: #""date":"2025-01-06","#, with: ""), "statement: missing key 'date'"),
    (good.replacingOccurrences(of: #""reaffirms":[],"#, with: ""), "statement: missing key 'reaffirms'"),
    (good.replacingOccurrences(of: "2025-01-06", with: "2025-02-30"), "statement.date: '2025-02-30' is not a YYYY-MM-DD date"),
    (good.replacingOccurrences(of: "2025-01-06", with: "2025-1-06"), "is not a YYYY-MM-DD date"),
    (good.replacingOccurrences(of: "2025-01-06", with: "２０２５-01-06"), "is not a YYYY-MM-DD date"),
    (good.replacingOccurrences(of: #""id":"a""#, with: #""id":"a b""#), "statement.id: 'a b' is not a valid event id"),
    (good.replacingOccurrences(of: #""id":"a""#, with: #""id":"-a""#), "is not a valid event id"),
    (good.replacingOccurrences(of: #""id":"a""#, with: #""id":null"#), "statement.id: expected a string, found null"),
    (good.replacingOccurrences(of: #""id":"a""#, with: #""id":12"#), "statement.id: expected a string, found a number"),
    (good.replacingOccurrences(of: #""id":"a""#, with: #""id":true"#), "expected a string, found a boolean"),
    (good.replacingOccurrences(of: #""id":"a""#, with: #""id":{}"#), "expected a string, found an object"),
    (good.replacingOccurrences(of: #""kind":"speech""#, with: #""kind":"shout""#), "statement.kind: 'shout' is not a known value"),
    (good.replacingOccurrences(of: #""pledges":[]"#, with: #""pledges":{}"#), "statement.pledges: expected an array, found an object"),
    (good.replacingOccurrences(of: #""pledges":[]"#, with: #""pledges":null"#), "expected an array, found null"),
    (good.replacingOccurrences(of: "accepted", with: "acepted"), "statement.changes[0].position: 'acepted' is not a known value"),
    (good.replacingOccurrences(of: "TEST-1", with: "TEST-0"), "statement.changes[0].recommendation: 'TEST-0' is not a recommendation id"),
    (good.replacingOccurrences(of: "TEST-1", with: "TEST-99999999999999999999999"), "is not a recommendation id"),
    (good.replacingOccurrences(of: "TEST-1", with: "1TEST-1"), "is not a recommendation id"),
    (good.replacingOccurrences(of: "TEST-1", with: "TÉST-1"), "is not a recommendation id"),
    (good.replacingOccurrences(of: #""recommendation":"TEST-1""#, with: #""stage":"planned""#), "statement.changes[0]: missing key 'recommendation'"),
    (good.replacingOccurrences(of: #""pledges":[]"#, with: #""pledges":[{"recommendation":"TEST-1"}]"#), "statement.pledges[0]: missing key 'text'"),
    (good.replacingOccurrences(of: #""pledges":[]"#, with: #""pledges":[{"recommendation":"TEST-1","text":"x","replaces":"x"}]"#), "statement.pledges[0].replaces: 'x' is not a pledge id"),
    (good.replacingOccurrences(of: #""pledges":[]"#, with: #""pledges":[{"recommendation":"TEST-1","text":"x","target_position":"maybe"}]"#), "statement.pledges[0].target_position: 'maybe' is not a position or 'any'"),
    (good.replacingOccurrences(of: #""pledges":[]"#, with: #""pledges":[{"recommendation":"TEST-1","text":"x","target_stage":"soon"}]"#), "statement.pledges[0].target_stage: 'soon' is not a known value"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"a\qb""#), "invalid escape"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"a\u12"}"#), "invalid hex digit"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"\ud800""#), "statement.title: invalid JSON at byte"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"\ud800\u0041""#), "not followed by a low one"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"\udc00\ud800""#), "a low surrogate escape without a high one"),
    (good.replacingOccurrences(of: #""title":"t""#, with: "\"title\":\"a\u{1}b\""), "must be escaped"),
    (good.replacingOccurrences(of: #""title":"t""#, with: "\"title\":\"t\",\"x\":\"\u{0}\""), "must be escaped"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":[1,]"#), "expected a value"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":01"#), "expected ',' or '}'"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":1."#), "expected a digit"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":1e"#), "expected a digit"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":-"#), "expected a digit"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":+1"#), "expected a value"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":NaN"#), "expected a value"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":tru"#), "expected a value"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":'t'"#), "expected a value"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t",}"#), "expected a key"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title""t""#), "expected ':'"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t" "x":1"#), "expected ',' or '}'"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":{"a" 1}"#), "expected ':'"),
    (good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":{1:2}"#), "expected a key"),
    (good.replacingOccurrences(of: #""title":"t""#, with: "\"title\":\"t\",\"x\":1\u{A0}"), "expected ',' or '}'"),
    (good.replacingOccurrences(of: #""sources":[{"publisher":"p","url":"u"}]"#, with: #""sources":[{"publisher":"p","url":"u"},]"#), "statement.sources[1]: invalid JSON at byte"),
    (good.replacingOccurrences(of: #""sources":[{"publisher":"p","url":"u"}]"#, with: #""sources":[{"publisher":"p"}]"#), "statement.sources[0]: missing key 'url'"),
  ]

  @Test func malformedPayloadsThrowADescribedError() throws {
    for (text, fragment) in Self.malformed {
      let message = Self.error(text)
      #expect(message.contains(fragment), "\(text.prefix(300)) gave \(message)")
    }
  }

  /// A huge number is fine where it is skipped, and a type error where a string is wanted.
  @Test func hugeNumbersAreSkippedOrRefused() throws {
    let huge = String(repeating: "9", count: 5000) + ".5e99999999999999999999999"
    let skipped = Self.good.replacingOccurrences(of: #""title":"t""#, with: #""title":"t","x":"# + huge)
    #expect(try EventCodec.decode(type: "statement_recorded", payload: skipped) == Oracle.decode(type: "statement_recorded", skipped))
    let read = Self.good.replacingOccurrences(of: #""title":"t""#, with: #""title":"# + huge)
    #expect(Self.error(read).contains("statement.title: expected a string, found a number"))
  }

  @Test func everyTruncationThrows() throws {
    var random = SeededRandom(seed: 99)
    let payloads: [EventPayload] = [
      .statementRecorded(Generate.statement(1, &random)),
      .reportPublished(Generate.report(1, &random)),
      .eventCorrected(Correction(target: EventID("a")!, reason: "r", replacement: .statement(Generate.statement(2, &random)))),
    ]
    for payload in payloads {
      let bytes = Array(try EventCodec.payloadJSON(payload).utf8)
      for length in 0..<bytes.count {
        let text = String(decoding: bytes[..<length], as: UTF8.self)
        #expect(throws: (any Error).self) { try EventCodec.decode(type: payload.type.rawValue, payload: text) }
      }
    }
  }

  /// Random damage to real payloads never crashes the reader, and whatever it accepts Foundation
  /// accepts too, with the same value.
  @Test func damagedPayloadsNeverCrashAndNeverDisagreeWithFoundation() throws {
    var random = SeededRandom(seed: 5)
    let alphabet = Array(#"{}[]:,"\/ u0aeE+-.9nulltruefalse"#.utf8) + [0, 0x1F, 0x7F, 0xC3, 0xA9, 0xF0]
    var accepted = 0
    for round in 0..<4000 {
      let payload: EventPayload =
        round % 4 == 0
        ? .eventCorrected(Correction(target: EventID("a")!, reason: "r", replacement: .statement(Generate.statement(round, &random))))
        : .statementRecorded(Generate.statement(round, &random))
      var bytes = Array(try EventCodec.payloadJSON(payload).utf8)
      for _ in 0...random.next(upTo: 3) {
        let at = Int(random.next(upTo: UInt64(bytes.count)))
        switch random.next(upTo: 3) {
        case 0: bytes[at] = alphabet[Int(random.next(upTo: UInt64(alphabet.count)))]
        case 1: bytes.remove(at: at)
        default: bytes.insert(alphabet[Int(random.next(upTo: UInt64(alphabet.count)))], at: at)
        }
      }
      let text = String(decoding: bytes, as: UTF8.self)
      let type = payload.type.rawValue
      guard let ours = try? EventCodec.decode(type: type, payload: text) else { continue }
      accepted += 1
      #expect(try Oracle.decode(type: type, text) == ours, "\(text)")
    }
    #expect(accepted > 100)
  }

  @Test func refusedValuesAreQuotedOnOneLineAndShortened() {
    let bad = "a\nb\u{1B}[31m" + String(repeating: "x", count: 10_000)
    let text = Self.good.replacingOccurrences(of: #""id":"a""#, with: #""id":"# + Oracle.quote(bad))
    let message = Self.error(text)
    #expect(message.hasPrefix(#"statement.id: 'a\u{a}b\u{1b}[31mxxx"#), "\(message.prefix(200))")
    #expect(message.hasSuffix("…' is not a valid event id") && message.count < 150 && !message.contains("\n"))
  }

  @Test func unknownEventTypesAreNamed() {
    #expect(Self.error("{}", type: "statement_deleted") == "unknown event type 'statement_deleted'")
  }

  // MARK: The byte-level id and day checks

  /// `ByteParse` stands in for `Day(iso:)` and `RecommendationID(_:)`; it must accept and refuse
  /// exactly what they do.
  @Test func byteLevelChecksAgreeWithTheDomain() {
    var random = SeededRandom(seed: 11)
    let dayPieces = ["0", "1", "2", "9", "-", "00", "12", "13", "29", "30", "31", "2024", "1900", "1899", "٣", "e\u{301}", "-\u{301}", " ", "+1"]
    let idPieces = ["IICSA", "iicsa", "Casey15", "-", "1", "0", "13", "0013", "9999", "10000", "+", " ", "É", "\u{301}", "99999999999999999999", "A", "_", "\r\n"]
    var cases = ["2024-02-29", "2023-02-29", "1900-01-01", "9999-12-31", "IICSA-13", "iicsa-0013", "A-B-1", "IICSA-", "-1", ""]
    for _ in 0..<20_000 {
      let pieces = random.next(upTo: 2) == 0 ? dayPieces : idPieces
      cases.append((0..<Int(1 + random.next(upTo: 5))).map { _ in pieces[Int(random.next(upTo: UInt64(pieces.count)))] }.joined())
    }
    for text in cases {
      var copy = text
      copy.withUTF8 { bytes in
        #expect(ByteParse.parse(bytes) == Day(iso: text), "\(text)")
        #expect(ByteParse.recommendationID(bytes) == RecommendationID(text), "\(text)")
      }
    }
  }

  // MARK: Helpers

  static func error(_ text: String, type: String = "statement_recorded") -> String {
    do {
      let payload = try EventCodec.decode(type: type, payload: text)
      return "no error: read \(payload)"
    } catch {
      return "\(error)"
    }
  }
}

/// Foundation's encoder and decoder, configured as `EventCodec` configured them.
enum Oracle {
  static func json(_ payload: EventPayload) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let data: Data
    switch payload {
    case .reportPublished(let report): data = try encoder.encode(report)
    case .statementRecorded(let statement): data = try encoder.encode(statement)
    case .eventCorrected(let correction): data = try encoder.encode(correction)
    case .sweepRecorded(let sweep): data = try encoder.encode(sweep)
    }
    return String(decoding: data, as: UTF8.self)
  }

  static func decode(type: String, _ text: String) throws -> EventPayload {
    let data = Data(text.utf8)
    let decoder = JSONDecoder()
    switch EventType(rawValue: type) {
    case .reportPublished: return .reportPublished(try decoder.decode(Report.self, from: data))
    case .statementRecorded: return .statementRecorded(try decoder.decode(Statement.self, from: data))
    case .eventCorrected: return .eventCorrected(try decoder.decode(Correction.self, from: data))
    case .sweepRecorded: return .sweepRecorded(try decoder.decode(Sweep.self, from: data))
    case nil: throw EventCodec.CodecError.unknownType(type)
    }
  }

  /// `text` as a JSON string, as Foundation writes it.
  static func quote(_ text: String) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    return (try? String(decoding: encoder.encode(text), as: UTF8.self)) ?? ""
  }

  /// Writer bytes equal Foundation's, and both readers read them back as the value written.
  static func check(_ payload: EventPayload, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let ours = try EventCodec.payloadJSON(payload)
    let theirs = try json(payload)
    #expect(ours == theirs, sourceLocation: sourceLocation)
    #expect(try EventCodec.decode(type: payload.type.rawValue, payload: ours) == payload, sourceLocation: sourceLocation)
    #expect(try decode(type: payload.type.rawValue, theirs) == payload, sourceLocation: sourceLocation)
  }
}

/// The payloads of a store made by `iicsa init` from the bundled record.
///
/// The store tests cannot link the fixtures' YAML loader (it lives in the `iicsa` target), so
/// they run the built binary, which `swift test` builds beside the test bundle for the CLI tests.
enum BundledPayloads {
  static func rows() throws -> [(type: String, payload: String)] {
    let binary = Bundle.main.bundleURL.appendingPathComponent("iicsa")
    try #require(FileManager.default.isExecutableFile(atPath: binary.path), "no iicsa binary at \(binary.path)")
    let folder = try TemporaryFolder()
    let path = folder.file("bundled.sqlite")
    let process = Process()
    process.executableURL = binary
    process.arguments = ["init", "--db", path]
    process.environment = ["HOME": folder.path, "NO_COLOR": "1"]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "iicsa init failed")
    let queue = try DatabaseQueue(path: path)
    defer { try? queue.close() }
    return try queue.read { db in
      try Row.fetchAll(db, sql: "SELECT type, payload FROM event ORDER BY sequence").map { row in
        let type: String = row[0]
        let payload: String = row[1]
        return (type, payload)
      }
    }
  }
}

/// Seeded values that use every field, optional and enum case, and awkward text.
enum Generate {
  static let hostile: [String] = [
    "", "\"", "\\", "\\\"", "\"\\\"", "/", "</script>", "a/b//c", "\u{7F}", "\u{2028}\u{2029}",
    "😀", "👩‍👩‍👧‍👦", "e\u{301}\u{302}", "\u{301}", "Ω≈ç√∫", "\u{FEFF}", "\u{10FFFF}", "\r\n", "\u{0}",
    String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) }),
    "tab\tnew\nline\rreturn\u{8}back\u{C}feed", "\u{1B}[31mred\u{1B}[0m", "'single' & <angle>",
    String(repeating: "long ", count: 2000),
  ]

  static let words = ["Home Secretary", "the Bill", "accepted", "IICSA", "£5m", "naïve", "Rotherham", "«quote»", "—"]

  static func text(_ random: inout SeededRandom) -> String {
    switch random.next(upTo: 10) {
    case 0: return hostile[Int(random.next(upTo: UInt64(hostile.count)))]
    case 1:
      // Random scalars from the whole range, surrogates excepted.
      var text = ""
      for _ in 0..<random.next(upTo: 12) {
        let value = UInt32(random.next(upTo: 0x11_0000))
        text.unicodeScalars.append(Unicode.Scalar(value) ?? "?")
      }
      return text
    case 2:
      // ASCII, control characters and DEL included.
      return String(decoding: (0..<random.next(upTo: 20)).map { _ in UInt8(random.next(upTo: 0x80)) }, as: UTF8.self)
    default:
      return (0..<1 + random.next(upTo: 30)).map { _ in words[Int(random.next(upTo: UInt64(words.count)))] }.joined(separator: " ")
    }
  }

  static func maybe(_ random: inout SeededRandom) -> String? {
    random.next(upTo: 3) == 0 ? text(&random) : nil
  }

  static func pick<T>(_ values: [T], _ random: inout SeededRandom) -> T {
    values[Int(random.next(upTo: UInt64(values.count)))]
  }

  static func day(_ random: inout SeededRandom) -> Day {
    // 1900-01-01 to 9999-12-31.
    Day(daysSinceEpoch: -25_567 + Int(random.next(upTo: 2_958_464)))
  }

  static func rec(_ random: inout SeededRandom) -> RecommendationID {
    let prefixes = ["IICSA", "JAY", "CASEY15", "CASEY25", "X", "ABCDEFGHIJKLMNOP"]
    return RecommendationID(prefix: pick(prefixes, &random), number: 1 + Int(random.next(upTo: 9999)))!
  }

  static func recs(_ random: inout SeededRandom) -> [RecommendationID] {
    (0..<random.next(upTo: 4)).map { _ in rec(&random) }
  }

  static func links(_ random: inout SeededRandom) -> [SourceLink] {
    (0..<random.next(upTo: 3)).map { index in
      SourceLink(url: index == 0 ? "https://example.org/a/b?c=d&e=f#g" : text(&random), publisher: text(&random), title: maybe(&random))
    }
  }

  static func statement(_ index: Int, _ random: inout SeededRandom) -> IICSADomain.Statement {
    let changes = (0..<random.next(upTo: 3)).map { _ in
      StatusChange(
        recommendation: rec(&random), position: random.next(upTo: 3) == 0 ? nil : pick(Position.allCases, &random),
        stage: random.next(upTo: 2) == 0 ? nil : pick(Stage.allCases, &random), note: maybe(&random), reason: maybe(&random))
    }
    let targets: [PledgeTarget] = [.anyResponse, .act] + Stage.allCases.map(PledgeTarget.stage) + Position.allCases.map(PledgeTarget.position)
    let pledges = (0..<random.next(upTo: 2)).map { _ in
      Pledge(
        recommendation: rec(&random), text: text(&random), target: pick(targets, &random),
        due: random.next(upTo: 2) == 0 ? nil : day(&random), dueText: maybe(&random),
        replaces: random.next(upTo: 3) == 0 ? pledgeID(&random) : nil)
    }
    let outcomes = (0..<random.next(upTo: 3)).map { _ in
      PledgeOutcome(
        pledge: pledgeID(&random), recommendation: rec(&random), outcome: pick(PledgeOutcomeKind.allCases, &random),
        note: maybe(&random))
    }
    let id = random.next(upTo: 4) == 0 ? "\(index)-\(String(repeating: "z", count: 100))" : "syn-\(index)-x"
    return IICSADomain.Statement(
      id: EventID(id)!, date: day(&random), datePrecision: pick(DatePrecision.allCases, &random), speaker: text(&random),
      role: text(&random), kind: pick(StatementKind.allCases, &random), title: text(&random), summary: text(&random),
      sources: links(&random), confidence: pick(Confidence.allCases, &random), note: maybe(&random), changes: changes,
      reaffirms: recs(&random), relatesTo: recs(&random), pledges: pledges, pledgeOutcomes: outcomes)
  }

  static func pledgeID(_ random: inout SeededRandom) -> PledgeID {
    PledgeID(statement: EventID("syn-\(random.next(upTo: 50))-x")!, ordinal: 1 + Int(random.next(upTo: 12)))
  }

  static func report(_ index: Int, _ random: inout SeededRandom) -> Report {
    let prefix = pick(["IICSA", "JAY", "CASEY25"], &random)
    let recommendations = (0..<random.next(upTo: 5)).map { number in
      Recommendation(
        id: RecommendationID(prefix: prefix, number: Int(number) + 1)!, title: text(&random), text: text(&random),
        kind: pick(Recommendation.Kind.allCases, &random), addressedTo: (0..<random.next(upTo: 3)).map { _ in text(&random) },
        lead: maybe(&random), confidence: pick(Confidence.allCases, &random), note: maybe(&random), sources: links(&random),
        repeats: random.next(upTo: 3) == 0 ? recs(&random) : [])
    }
    return Report(
      id: SourceID("report-\(index)")!, prefix: prefix, title: text(&random), author: text(&random), published: day(&random),
      url: text(&random), note: maybe(&random), recommendations: recommendations)
  }
}
