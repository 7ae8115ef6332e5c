import Foundation
import IICSADomain
import IICSATestSupport
import Testing

@testable import iicsa

/// Statements from a spreadsheet (issue 17): the same rules and the same log as YAML, errors at
/// a row and column, and the round trip through `timeline --format csv`.
@Suite struct CSVStatementTests {
  /// A store holding the bundled catalogues alone, with their own recording times, so two of
  /// them are equal hash for hash and every recommendation starts at no response.
  static func cataloguesOnly() throws -> BundledStore {
    let store = try BundledStore(empty: true)
    let folder = CLI.root.appendingPathComponent("Fixtures/catalogues").path
    let result = try store.run(["import", folder])
    #expect(result.status == 0, "\(result.stderr)")
    return store
  }

  /// Two statements: the first with two changes (one with a note holding a comma and a line
  /// break), a pledge and two sources; the second a reaffirmation and a background link.
  static let yamlFiles = [
    (
      "one.yaml",
      """
      id: 2026-12-01-csv-one
      date: 2026-12-01
      recorded_at: 2026-12-01T12:00:00Z
      speaker: A Minister
      role: Minister for Safeguarding
      kind: written_statement
      title: The government accepts two recommendations, and says "soon"
      summary: |-
        It accepts both, in part.
        A bill follows, it says.
      sources:
        - url: https://www.gov.uk/government/news/one
          publisher: GOV.UK
          title: One
        - url: https://hansard.parliament.uk/commons/2026-12-01/debates/one
          publisher: Hansard
      changes:
        - recommendation: IICSA-13
          position: accepted
          stage: planned
          note: In a bill, with sanctions
        - recommendation: IICSA-15
          position: accepted_in_part
      pledges:
        - recommendation: IICSA-13
          text: A bill this session
          target_stage: legislating
          due: 2027-06-30
          due_text: this session
      """
    ),
    (
      "two.yaml",
      """
      id: 2026-12-01-csv-two
      date: 2026-12-01
      recorded_at: 2026-12-01T12:00:01Z
      speaker: Another Minister
      role: Minister
      kind: written_answer
      title: A second statement
      summary: It repeats the commitment.
      confidence: single_source
      sources:
        - url: https://questions-statements.parliament.uk/written-questions/detail/2026-12-01/two
          publisher: UK Parliament
      reaffirms: [IICSA-13]
      relates_to: [JAY-1]
      """
    ),
  ]

  /// The same two statements as a spreadsheet saves them: a byte-order mark, CRLF line ends,
  /// columns in their own order and case, quoted cells with commas, quotes and a line break.
  static let csv =
    "\u{FEFF}Statement_ID,Entry,Recommendation,Position,Stage,Entry_Note,Pledge_Text,Target_Stage,Due,Due_Text,"
    + "Date,Recorded_At,Speaker,Role,Kind,Title,Summary,Confidence,Source_URL,Source_Publisher,Source_Title\r\n"
    + "2026-12-01-csv-one,change,IICSA-13,accepted,planned,\"In a bill, with sanctions\",,,,,2026-12-01,"
    + "2026-12-01T12:00:00Z,A Minister,Minister for Safeguarding,written_statement,"
    + "\"The government accepts two recommendations, and says \"\"soon\"\"\",\"It accepts both, in part.\r\n"
    + "A bill follows, it says.\",,https://www.gov.uk/government/news/one,GOV.UK,One\r\n"
    + "2026-12-01-csv-one,change,IICSA-15,accepted_in_part,,,,,,,,,,,,,,,"
    + "https://hansard.parliament.uk/commons/2026-12-01/debates/one,Hansard,\r\n"
    + "2026-12-01-csv-one,pledge,IICSA-13,,,,A bill this session,legislating,2027-06-30,this session,"
    + "2026-12-01,,A Minister,,,,,,https://www.gov.uk/government/news/one,GOV.UK,One\r\n"
    + ",,,,,,,,,,,,,,,,,,,,\r\n"
    + "2026-12-01-csv-two,reaffirm,IICSA-13,,,,,,,,2026-12-01,2026-12-01T12:00:01Z,Another Minister,Minister,"
    + "written_answer,A second statement,It repeats the commitment.,single_source,"
    + "https://questions-statements.parliament.uk/written-questions/detail/2026-12-01/two,UK Parliament,\r\n"
    + "2026-12-01-csv-two,relates,JAY-1,,,,,,,,,,,,,,,,,,\r\n"

  @Test func aSpreadsheetRecordsTheSameLogAsTheEquivalentYAMLFiles() throws {
    let fromYAML = try Self.cataloguesOnly()
    let fromCSV = try Self.cataloguesOnly()
    var yamlPaths: [String] = []
    for (name, text) in Self.yamlFiles {
      let path = fromYAML.folder + "/" + name
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      yamlPaths.append(path)
    }
    let csvPath = fromCSV.folder + "/statements.csv"
    try Data(Self.csv.utf8).write(to: URL(fileURLWithPath: csvPath))
    #expect(try fromCSV.run(["check", csvPath]).status == 0)
    let yaml = try fromYAML.run(["record"] + yamlPaths)
    let csv = try fromCSV.run(["record", csvPath])
    #expect(yaml.status == 0 && csv.status == 0, "\(yaml.stderr)\(csv.stderr)")
    #expect(csv.stdout.contains("Recorded 2 new event(s)"))
    // The same events, hash for hash: the same log.
    let heads = (try fromYAML.run(["verify"]).stdout, try fromCSV.run(["verify"]).stdout)
    #expect(heads.0 == heads.1)
    let show = try fromCSV.run(["show", "IICSA-13"]).stdout
    #expect(show.contains("A bill this session") && show.contains("says \"soon\""))
    // Recording the file again adds nothing.
    #expect(try fromCSV.run(["record", csvPath]).stdout.contains("2 already recorded with the same content"))
  }

  @Test func oneBadCellRecordsNothingAndIsPlacedAtItsRowAndColumn() throws {
    let store = try Self.cataloguesOnly()
    let before = try store.run(["verify"]).stdout
    let path = store.folder + "/bad.csv"
    try Data(Self.csv.replacingOccurrences(of: "legislating", with: "legislatng").utf8)
      .write(to: URL(fileURLWithPath: path))
    let result = try store.run(["record", path])
    #expect(result.status == 1)
    #expect(result.stderr.contains("\(path):4:target_stage: 'legislatng' is not a stage"), "\(result.stderr)")
    #expect(result.stderr.contains("Nothing was recorded."))
    #expect(try store.run(["verify"]).stdout == before)
  }

  @Test func importReadsCSVFilesBesideYAMLFiles() throws {
    let store = try Self.cataloguesOnly()
    let folder = store.folder + "/statements"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data(Self.csv.utf8).write(to: URL(fileURLWithPath: folder + "/sheet.csv"))
    try Data(
      """
      id: 2026-12-02-csv-three
      date: 2026-12-02
      speaker: A Minister
      role: Minister
      kind: written_answer
      title: Third
      summary: Reaffirms.
      sources: [{url: "https://www.gov.uk/three", publisher: GOV.UK}]
      reaffirms: [IICSA-15]
      """.utf8
    ).write(to: URL(fileURLWithPath: folder + "/three.yaml"))
    let result = try store.run(["import", folder])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Recorded 3 new event(s)"))
  }

  /// The whole bundled record, written by `timeline --format csv` and recorded into a store that
  /// holds only the catalogues, gives the same status for every recommendation.
  @Test func theWholeRecordRoundTripsThroughTimelineCSV() throws {
    let full = try BundledStore()
    let copy = try Self.cataloguesOnly()
    let sheet = copy.folder + "/timeline.csv"
    let timeline = try full.run(["timeline", "--format", "csv"])
    #expect(timeline.status == 0)
    try Data(timeline.stdout.utf8).write(to: URL(fileURLWithPath: sheet))
    let recorded = try copy.run(["record", sheet])
    #expect(recorded.status == 0, "\(recorded.stderr)")
    func recommendations(_ store: BundledStore) throws -> String {
      let json = try store.run(["status", "--format", "json", "--as-of", "2026-11-30"]).stdout
      var object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
      object["log"] = nil
      return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
    #expect(try recommendations(full) == recommendations(copy))
  }

  @Test func theCSVTemplateIsABundledStatementAndRecordsAsOne() throws {
    let store = try BundledStore()
    let csv = try CLI.run(["template", "--csv"])
    #expect(csv.status == 0)
    #expect(csv.stdout.hasPrefix("statement_id,date,"))
    let path = store.folder + "/template.csv"
    try Data(csv.stdout.utf8).write(to: URL(fileURLWithPath: path))
    let recorded = try store.run(["record", path])
    #expect(recorded.stdout.contains("Recorded 0 new event(s); 1 already recorded with the same content"), "\(recorded.stderr)")
    let example = try String(contentsOf: CLI.root.appendingPathComponent("docs/statements-example.csv"), encoding: .utf8)
    #expect(example == csv.stdout, "docs/statements-example.csv is `iicsa template --csv`: write it again")
    let yaml = try CLI.run(["template"])
    #expect(yaml.stdout.contains("id: 2025-02-05-lord-chancellor-limitation-removal") && !yaml.stdout.contains("recorded_at"))
  }

  @Test func aNewStatementIsExplainedUntilFilledInThenRecords() throws {
    let store = try BundledStore()
    let path = store.folder + "/new.yaml"
    let made = try store.run(["new", "statement", "--recommendation", "iicsa-13", "--slug", "volunteer", "--out", path])
    #expect(made.status == 0, "\(made.stderr)")
    let text = try String(contentsOfFile: path, encoding: .utf8)
    let today = Timestamp.current.day
    #expect(text.contains("\nid: \(today)-volunteer\n") && text.contains("\ndate: \(today)\n"))
    let status = try store.run(["status", "--format", "json"]).stdout
    let row = try #require(
      (try JSONSerialization.jsonObject(with: Data(status.utf8)) as? [String: Any]).flatMap { object in
        (object["recommendations"] as? [[String: Any]])?.first { $0["id"] as? String == "IICSA-13" }
      })
    #expect(text.contains("# Now \(row["position"] as? String ?? "?") / \(row["stage"] as? String ?? "?") (as of \(today))"))

    let untouched = try store.run(["check", path])
    #expect(untouched.status == 1)
    #expect(untouched.stderr.contains("is a new statement still to fill in: speaker, role, kind, title, summary, sources 1 url, sources 1 publisher, changes 1 position, changes 1 stage still say TODO"), "\(untouched.stderr)")

    // --out never overwrites.
    let again = try store.run(["new", "statement", "--out", path])
    #expect(again.status != 0 && again.stderr.contains("already exists"))
    #expect(try String(contentsOfFile: path, encoding: .utf8) == text)

    var filled = text
    for (field, value) in [
      ("speaker", "A Minister"), ("role", "Minister"), ("kind", "written_answer"), ("title", "A title"),
      ("summary", "What it says."), ("url", "https://www.gov.uk/new"), ("publisher", "GOV.UK"),
    ] {
      filled = filled.replacingOccurrences(of: "\(field): TODO", with: "\(field): \(value)")
    }
    filled = filled.replacingOccurrences(of: "    position: TODO\n", with: "")
      .replacingOccurrences(of: "    stage: TODO\n", with: "    stage: delivered\n")
    try Data(filled.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    let check = try store.run(["check", path])
    #expect(check.status == 0, "\(check.stderr)")
    #expect(try store.run(["record", path]).status == 0)
  }

  @Test func aNewStatementRefusesWhatItCannotMake() throws {
    let store = try BundledStore()
    #expect(try store.run(["new", "statement", "--recommendation", "NOPE-1"]).stderr.contains("not a recommendation of the record"))
    #expect(try store.run(["new", "statement", "--slug", "Bad Slug"]).status == 64)
    #expect(try store.run(["new", "statement", "--date", "2026-02-30"]).status == 64)
  }
}

/// Seeded mutations of a CSV file: the YAML fuzzer's byte-level damage, plus damage a
/// spreadsheet or a hand edit does to cells (a cell swapped for an odd value, a stray quote,
/// comma or line break, a row repeated, dropped or moved, a column dropped).
@Suite struct CSVFuzzTests {
  static let seed: UInt64 = 0xC5F_2026
  static let inProcessCases = 2000
  static let binaryCases = 30

  /// A valid sheet for ScratchStore's catalogue, using every kind of row.
  static let valid =
    "statement_id,date,speaker,role,kind,title,summary,entry,recommendation,position,stage,entry_note,"
    + "pledge_text,target_stage,due,pledge,outcome,source_url,source_publisher,source_title\r\n"
    + "fuzz-one,2025-01-06,Yvette Cooper,Home Secretary,commons_statement,\"A title, with a comma\","
    + "\"A \"\"summary\"\"\nover two lines\",change,TEST-1,accepted,planned,To be in a bill,,,,,,"
    + "https://example.org/statement,Hansard,A page\r\n"
    + "fuzz-one,,,,,,,pledge,TEST-1,,,,A bill this spring,legislating,2025-06-20,,,,,\r\n"
    + "fuzz-one,,,,,,,reaffirm,TEST-2,,,,,,,,,,,\r\n"
    + "fuzz-one,,,,,,,relates,TEST-3,,,,,,,,,,,\r\n"
    + "fuzz-one,,,,,,,source,,,,,,,,,,https://example.org/second,Example,\r\n"
    + "fuzz-two,2025-02-01,A Minister,Minister,written_answer,Second,Met.,outcome,TEST-1,,,Done early,,,,"
    + "fuzz-one#1,met,https://example.org/two,Example,\r\n"

  @Test func mutatedSheetsNeverCrashAndEveryErrorNamesTheFileAndARealRow() throws {
    let folder = try TemporaryFolder()
    var fuzz = CSVFuzz(seed: Self.seed)
    var accepted = 0
    var refused = 0
    for index in 0..<Self.inProcessCases {
      let path = folder.file("case-\(index).csv")
      let bytes = fuzz.mutate(Array(Self.valid.utf8))
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      let rows = bytes.filter { $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }.count + 1
      do {
        _ = try RecordFiles.read([path])
        accepted += 1
      } catch {
        refused += 1
        for problem in error.errors {
          let label = "seed \(Self.seed) case \(index): \(problem)"
          #expect(problem.file == path && problem.description.hasPrefix(path), "\(label)")
          #expect(!problem.message.isEmpty, "\(label)")
          if let row = problem.line { #expect((1...rows).contains(row), "\(label)") }
        }
      }
      try? FileManager.default.removeItem(atPath: path)
    }
    #expect(accepted > 0 && refused > 0)
    print("CSVFuzzTests: \(Self.inProcessCases) in-process cases, seed \(Self.seed): \(refused) refused with a located message, \(accepted) still valid")
  }

  @Test func mutatedSheetsThroughTheBinaryNeverWriteHalf() throws {
    let store = try ScratchStore()
    var fuzz = CSVFuzz(seed: Self.seed &+ 1)
    var refused = 0
    for index in 0..<Self.binaryCases {
      let path = store.folder + "/mutant-\(index).csv"
      try Data(fuzz.mutate(Array(Self.valid.utf8))).write(to: URL(fileURLWithPath: path))
      if try HostileInputTests.checkAndRecord(path, in: store, label: "seed \(Self.seed &+ 1) case \(index)") { refused += 1 }
    }
    #expect(try Child.run(["verify", "--db", store.path], folder: store.folder).status == 0)
    print("CSVFuzzTests: \(Self.binaryCases) binary cases, \(refused) refused, store verified")
  }

  @Test func theUnmutatedSheetIsValid() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("valid.csv")
    try Data(Self.valid.utf8).write(to: URL(fileURLWithPath: path))
    let files = try RecordFiles.read([path])
    #expect(files.items.count == 2)
  }
}

/// Cell-level damage on top of `Fuzz`'s byte-level damage.
struct CSVFuzz {
  var bytes: Fuzz

  init(seed: UInt64) { bytes = Fuzz(seed: seed) }

  static let cells = Fuzz.values + [
    "\"", "\"\"", ",", "\r\n", "'=1+1", "=HYPERLINK(\"x\")", "change", "source", "pledge", "outcome",
    "fuzz-one", "fuzz-one#9", "TEST-1", "https://www.gov.uk@evil.example/", "\u{202E}", "\u{7}",
  ]

  mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var result = input
    for _ in 0...bytes.int(3) { result = mutateOnce(result) }
    return result
  }

  mutating func mutateOnce(_ input: [UInt8]) -> [UInt8] {
    var lines = String(decoding: input, as: UTF8.self).components(separatedBy: "\r\n")
    guard lines.count > 1, bytes.int(3) != 0 else { return bytes.mutateOnce(input) }
    let line = 1 + bytes.int(lines.count - 1)
    var cells = lines[line].components(separatedBy: ",")
    switch bytes.int(5) {
    case 0: cells[bytes.int(cells.count)] = Self.cells[bytes.int(Self.cells.count)]
    case 1: cells.remove(at: bytes.int(cells.count))
    case 2: cells.insert("", at: bytes.int(cells.count + 1))
    case 3:
      lines.insert(lines[line], at: line)
      return Array(lines.joined(separator: "\r\n").utf8)
    default:
      lines.swapAt(line, 1 + bytes.int(lines.count - 1))
      return Array(lines.joined(separator: "\r\n").utf8)
    }
    lines[line] = cells.joined(separator: ",")
    return Array(lines.joined(separator: "\r\n").utf8)
  }
}
