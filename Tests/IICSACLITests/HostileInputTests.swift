import Foundation
import IICSATestSupport
import Testing

@testable import iicsa

/// Random and mutated statement files, and files built to hurt: never a crash, never a partial
/// write, always a message naming the file. Seeded, so every run tries the same cases; a failure
/// prints the seed and case number.
@Suite struct HostileInputTests {
  static let seed: UInt64 = 0x1C5A_2022
  static let inProcessCases = 3000
  static let binaryCases = 40

  /// A valid statement for ScratchStore's catalogue, using every kind of field.
  static let valid = """
    id: fuzz-base
    date: 2025-01-06
    date_precision: day
    speaker: Yvette Cooper
    role: Home Secretary
    kind: commons_statement
    title: Statement on child sexual exploitation
    sources:
      - url: https://example.org/statement
        publisher: Hansard
        title: A page
    summary: 'Paraphrase: of what was said.'
    confidence: single_source
    note: Only one source.
    changes:
      - recommendation: TEST-1
        position: accepted
        stage: planned
        note: To be in a bill.
    reaffirms: [TEST-2]
    relates_to: [TEST-3]
    pledges:
      - recommendation: TEST-1
        text: A bill this spring
        target_stage: legislating
        due: 2025-06-20
        due_text: this spring

    """

  @Test func mutatedFilesNeverCrashAndEveryErrorNamesTheFile() throws {
    let folder = try TemporaryFolder()
    var random = Fuzz(seed: Self.seed)
    var accepted = 0
    var refused = 0
    for index in 0..<Self.inProcessCases {
      let path = folder.file("case-\(index).yaml")
      let bytes = random.mutate(Array(Self.valid.utf8))
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      do {
        _ = try RecordFiles.read([path])
        accepted += 1
      } catch {
        refused += 1
        for problem in error.errors {
          #expect(problem.file == path, "seed \(Self.seed) case \(index): \(problem)")
          #expect(problem.description.hasPrefix(path), "seed \(Self.seed) case \(index)")
          #expect(!problem.message.isEmpty, "seed \(Self.seed) case \(index)")
        }
      }
      try? FileManager.default.removeItem(atPath: path)
    }
    #expect(accepted + refused == Self.inProcessCases)
    print(
      "HostileInputTests: \(Self.inProcessCases) in-process cases, seed \(Self.seed): "
        + "\(refused) refused with a located message, \(accepted) still valid")
  }

  @Test func mutatedFilesThroughTheBinaryNeverWriteHalfAndAlwaysNameTheFile() throws {
    let store = try ScratchStore()
    var random = Fuzz(seed: Self.seed &+ 1)
    var failures = 0
    for index in 0..<Self.binaryCases {
      let path = store.folder + "/mutant-\(index).yaml"
      try Data(random.mutate(Array(Self.valid.utf8))).write(to: URL(fileURLWithPath: path))
      if try Self.checkAndRecord(path, in: store, label: "seed \(Self.seed &+ 1) case \(index)") { failures += 1 }
    }
    #expect(try Child.run(["verify", "--db", store.path], folder: store.folder).status == 0)
    print(
      "HostileInputTests: \(Self.binaryCases) binary cases, \(failures) refused, store verified")
  }

  /// One mutated file through the binary: `check` and `record` never trap and agree on it, and a
  /// refusal names the file and writes nothing. Returns whether it was refused.
  static func checkAndRecord(_ path: String, in store: ScratchStore, label: String) throws -> Bool {
    let check = try Child.run(["check", "--db", store.path, path], folder: store.folder)
    #expect(!check.signalled && [0, 1].contains(check.status), "\(label): check \(check.status)")
    if check.status != 0 { #expect(check.stderr.contains(path), "\(label): \(check.stderr)") }
    let before = ScratchStore.logLength(store.path)
    let record = try Child.run(["record", "--db", store.path, path], folder: store.folder)
    #expect(!record.signalled && [0, 1].contains(record.status), "\(label): record \(record.status)")
    if record.status != 0 {
      #expect(ScratchStore.logLength(store.path) == before, "\(label): a refused record wrote")
      #expect(record.stderr.contains(path), "\(label): \(record.stderr)")
      #expect(record.stderr.contains("Nothing was recorded."), "\(label)")
    }
    #expect((check.status == 0) == (record.status == 0), "\(label): \(check.stderr)\(record.stderr)")
    return record.status != 0
  }

  /// Files built to hurt, each with the words its message must contain.
  static let hostile: [(name: String, bytes: @Sendable () -> [UInt8], message: String)] = [
    (
      "huge", { Array((valid + "note2: " + String(repeating: "x", count: 24 << 20) + "\n").utf8) },
      "over the limit of 1048576 bytes"
    ),
    (
      "deep-flow",
      {
        Array(
          valid.replacingOccurrences(
            of: "title: Statement on",
            with: "title: " + String(repeating: "[", count: 300_000)
              + String(repeating: "]", count: 300_000) + "\nx: "
          ).utf8)
      }, "levels deep"
    ),
    (
      "deep-block",
      { Array((valid + "note2:\n" + String(repeating: "- ", count: 1500) + "x\n").utf8) },
      "levels deep"
    ),
    ("billion-laughs", { Array(laughs.utf8) }, "expected change"),
    (
      "alias-to-nowhere",
      { Array(valid.replacingOccurrences(of: "[TEST-2]", with: "*nothing").utf8) },
      "undefined alias"
    ),
    ("invalid-utf8", { Array(valid.utf8) + [0xff, 0xfe, 0xc3, 0x0a] }, "not valid UTF-8"),
    ("nul", { Array(valid.utf8) + [0x00] }, "NUL bytes"),
    (
      "long-line",
      {
        Array(
          valid.replacingOccurrences(
            of: "Only one source.", with: String(repeating: "word ", count: 200_000)
          ).utf8)
      }, "characters long; the limit is 10000"
    ),
    (
      "february-30",
      { Array(valid.replacingOccurrences(of: "2025-01-06", with: "2025-02-30").utf8) },
      "'2025-02-30' is not a real date"
    ),
    (
      "year-zero", { Array(valid.replacingOccurrences(of: "2025-01-06", with: "0000-01-01").utf8) },
      "'0000-01-01' is not a real date"
    ),
    (
      "year-huge",
      {
        Array(valid.replacingOccurrences(of: "2025-01-06", with: "99999999999999999999-01-01").utf8)
      }, "is not a real date"
    ),
    (
      "leap-second", { Array((valid + "recorded_at: 2016-12-31T23:59:60Z\n").utf8) },
      "no leap seconds"
    ),
    (
      "hour-25", { Array((valid + "recorded_at: 2025-01-06T25:00:00Z\n").utf8) },
      "is not a real UTC time"
    ),
    ("empty", { [] }, "is empty"),
    ("only-a-comment", { Array("# nothing\n".utf8) }, "no YAML document"),
    ("a-list", { Array("- a\n- b\n".utf8) }, "expected a statement"),
    ("bom", { [0xEF, 0xBB, 0xBF] + Array(valid.utf8) }, ""),
    ("crlf", { Array(valid.replacingOccurrences(of: "\n", with: "\r\n").utf8) }, ""),
    (
      "tabs", { Array(valid.replacingOccurrences(of: "  - url", with: "\t- url").utf8) },
      "not valid YAML"
    ),
    (
      "binary-tag",
      { Array(valid.replacingOccurrences(of: "Only one source.", with: "!!binary aGVsbG8=").utf8) },
      ""
    ),
  ]

  static var laughs: String {
    var text =
      "id: laughs\ndate: 2025-01-06\nspeaker: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    let keys = [
      "role", "kind", "title", "note", "confidence", "summary", "relates_to", "reaffirms",
    ]
    for (index, key) in keys.enumerated() {
      text +=
        "\(key): &a\(index + 1) ["
        + Array(repeating: "*a\(index)", count: 10).joined(separator: ", ") + "]\n"
    }
    text +=
      "changes: [" + Array(repeating: "*a\(keys.count)", count: 10).joined(separator: ", ") + "]\n"
    return text + "sources: [{url: 'https://example.org/x', publisher: P}]\n"
  }

  @Test(arguments: hostile.map(\.name))
  func aHostileFileGetsAClearMessageAndWritesNothing(_ name: String) throws {
    let entry = try #require(Self.hostile.first { $0.name == name })
    let store = try ScratchStore()
    let path = store.folder + "/\(name).yaml"
    try Data(entry.bytes()).write(to: URL(fileURLWithPath: path))
    let before = ScratchStore.logLength(store.path)
    for command in ["check", "record"] {
      let result = try Child.run([command, "--db", store.path, path], folder: store.folder)
      #expect(
        !result.signalled && !result.stderr.contains("Fatal error"), "\(name) \(command): trapped")
      if result.status == 0 { continue }
      #expect(result.status == 1, "\(name) \(command): exit \(result.status)")
      #expect(result.stderr.contains(path), "\(name) \(command): \(result.stderr.prefix(300))")
      #expect(
        result.stderr.contains(entry.message), "\(name) \(command): \(result.stderr.prefix(300))")
      #expect(!result.stderr.contains("yaml_set_max_nest_level"), "\(name): libyaml's words leak")
      #expect(ScratchStore.logLength(store.path) == before, "\(name) \(command): wrote")
    }
    // Every case with an expected message must be refused.
    if !entry.message.isEmpty {
      let check = try Child.run(["check", "--db", store.path, path], folder: store.folder)
      #expect(check.status == 1, "\(name) was accepted")
    }
  }
}

/// Seeded mutations of a YAML file: byte flips, truncations, deleted and repeated lines, values
/// swapped for other types, YAML punctuation, odd Unicode and odd dates.
struct Fuzz {
  var random: SeededRandom

  init(seed: UInt64) { random = SeededRandom(seed: seed) }

  mutating func int(_ bound: Int) -> Int { Int(random.next() % UInt64(max(bound, 1))) }

  mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0...int(3) { bytes = mutateOnce(bytes) }
    return bytes
  }

  static let values = [
    "[a, b]", "{x: 1}", "~", "null", "''", "\"\"", "123", "-1", "1e99", "true", "[]", "{}",
    "|\n  text",
    "&anchor x", "*alias", "!!int 3", "2025-02-29", "0000-01-01", "9999-12-31", "2025-13-01",
    "2016-12-31T23:59:60Z", "\"\\u0000\"", "TEST-0", "TEST-99999999999999999999", "'IICSA-1'",
    "http://", "javascript:alert(1)", String(repeating: "a", count: 5000),
  ]
  static let punctuation = Array("*&!%@'\"{}[]:,#|>-?\t\r\n\\".utf8)
  static let unicode = ["é", "😀", "\u{202E}", "\u{0301}", "\u{FEFF}", "\u{2028}", "\u{85}", "𝒳"]

  mutating func mutateOnce(_ bytes: [UInt8]) -> [UInt8] {
    guard !bytes.isEmpty else { return Array("x".utf8) }
    var bytes = bytes
    var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(
      Array.init)
    func joined() -> [UInt8] { Array(lines.joined(separator: [UInt8(ascii: "\n")])) }
    switch int(10) {
    case 0:  // flip a byte
      bytes[int(bytes.count)] = UInt8(truncatingIfNeeded: random.next())
      return bytes
    case 1:  // truncate
      return Array(bytes.prefix(int(bytes.count)))
    case 2:  // delete a line (a field)
      lines.remove(at: int(lines.count))
      return joined()
    case 3:  // repeat a line
      let line = int(lines.count)
      lines.insert(lines[line], at: line)
      return joined()
    case 4:  // swap a value for another type
      let line = int(lines.count)
      if let colon = lines[line].firstIndex(of: UInt8(ascii: ":")) {
        let value = Self.values[int(Self.values.count)]
        lines[line] = Array(lines[line][...colon]) + Array(" \(value)".utf8)
      }
      return joined()
    case 5:  // YAML punctuation
      bytes.insert(Self.punctuation[int(Self.punctuation.count)], at: int(bytes.count + 1))
      return bytes
    case 6:  // swap two lines
      let a = int(lines.count)
      let b = int(lines.count)
      lines.swapAt(a, b)
      return joined()
    case 7:  // re-indent a line
      let line = int(lines.count)
      if int(2) == 0 {
        lines[line] = Array(repeating: UInt8(ascii: " "), count: 1 + int(6)) + lines[line]
      } else {
        lines[line] = Array(lines[line].drop { $0 == UInt8(ascii: " ") })
      }
      return joined()
    case 8:  // odd Unicode
      bytes.insert(
        contentsOf: Array(Self.unicode[int(Self.unicode.count)].utf8), at: int(bytes.count + 1))
      return bytes
    default:  // random bytes
      let count = 1 + int(8)
      let noise = (0..<count).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      bytes.insert(contentsOf: noise, at: int(bytes.count + 1))
      return bytes
    }
  }
}
