import Foundation
import Testing

@Suite struct FirstRunTests {
  @Test func aNewUsersFirstCommandShowsTheRealRecordFromAnyDirectory() throws {
    let data = NSTemporaryDirectory() + "iicsa-xdg-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: data) }
    let first = try CLI.run(["status"], environment: ["XDG_DATA_HOME": data], directory: "/")
    #expect(first.status == 0, "\(first.stderr)")
    #expect(first.stderr.contains("Created \(data)/iicsa/tracker.sqlite with the bundled record"))
    #expect(first.stdout.contains("IICSA-13"))
    #expect(FileManager.default.fileExists(atPath: data + "/iicsa/tracker.sqlite"))
    let second = try CLI.run(["status", "--format", "json"], environment: ["XDG_DATA_HOME": data], directory: "/")
    #expect(second.status == 0 && second.stderr.isEmpty)
  }

  @Test func theStoreCanBeNamedByEnvironment() throws {
    let folder = NSTemporaryDirectory() + "iicsa-env-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let result = try CLI.run(["verify"], environment: ["IICSA_DB": folder + "/x.sqlite"])
    #expect(result.status == 0)
    #expect(FileManager.default.fileExists(atPath: folder + "/x.sqlite"))
  }

  @Test func everyFreshStoreHoldsTheSameLog() throws {
    let a = try BundledStore()
    let b = try BundledStore()
    let headA = try a.run(["verify"]).stdout
    #expect(headA.hasPrefix("OK: "))
    #expect(try b.run(["verify"]).stdout == headA)
  }

  @Test func importingTheBundledRecordAgainChangesNothing() throws {
    let store = try BundledStore()
    let before = try store.run(["verify"]).stdout
    let result = try store.run(["import", "--bundled"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.hasPrefix("Recorded 0 new event(s); "))
    #expect(try store.run(["verify"]).stdout == before)
    #expect(try store.run(["import"]).status == 64)
  }

  @Test func helpExplainsTheCommands() throws {
    let help = try CLI.run(["--help"])
    #expect(help.status == 0)
    for command in [
      "status", "show", "pledges", "timeline", "diff", "export", "record", "import", "correct", "verify",
      "rebuild", "init", "check",
    ] {
      #expect(help.stdout.contains(command))
    }
  }
}

@Suite struct StatusOutputTests {
  /// What a reader sees first: the IICSA report leads; no finding reads "not accepted" unless
  /// its addressee disputed it (rejected); Jay's unconfirmed recommendations take one line.
  @Test func theFirstScreenLeadsWithIICSAAndSaysNothingTheSourcesDoNot() throws {
    let store = try BundledStore()
    let json = try store.run(["status", "--format", "json"])
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
    let rows = try #require(object["recommendations"] as? [[String: Any]])
    #expect(rows.first?["source"] as? String == "iicsa-2022")
    for row in rows where row["source"] as? String == "casey-2015" {
      if row["headline"] as? String == "not_accepted" { #expect(row["position"] as? String == "rejected") }
    }
    let table = try store.run(["status"]).stdout
    let firstReport = try #require(table.split(separator: "\n").dropFirst().first { !$0.isEmpty })
    #expect(firstReport.hasPrefix("The Report of the Independent Inquiry into Child Sexual Abuse"))
    #expect(table.contains("JAY-1–4, 7, 9–15  12, wording not confirmed"))
    #expect(!table.contains("Recommendation 2 (subject not confirmed)"))
  }

  @Test(arguments: ["table", "json", "csv", "md"])
  func statusOfTheBundledRecordIsPinned(_ format: String) throws {
    let store = try BundledStore()
    let result = try store.run(["status", "--as-of", "2025-06-30", "--format", format])
    #expect(result.status == 0, "\(result.stderr)")
    try CLI.assertGolden(result.stdout, "status-2025-06-30.\(format == "table" ? "txt" : format)")
  }

  @Test func showTellsTheMandatoryReportingStory() throws {
    let store = try BundledStore()
    let result = try store.run(["show", "iicsa-13", "--as-of", "2026-11-01"])
    #expect(result.status == 0, "\(result.stderr)")
    try CLI.assertGolden(result.stdout, "show-IICSA-13.txt")
    let json = try store.run(["show", "IICSA-13", "--as-of", "2026-11-01", "--format", "json"])
    #expect(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) is [String: Any])
  }

  @Test func filtersBySourceAndHeadline() throws {
    let store = try BundledStore()
    let outstanding = try store.run(["status", "--source", "iicsa-2022", "--outstanding", "--format", "csv"])
    let lines = outstanding.stdout.split(separator: "\r\n")
    #expect(lines.count > 1 && lines.dropFirst().allSatisfy { $0.hasPrefix("IICSA-") && !$0.contains(",done,") })
    let done = try store.run(["status", "--done", "--format", "csv"])
    #expect(done.stdout.split(separator: "\r\n").dropFirst().allSatisfy { $0.contains(",done,") })
    let unknown = try store.run(["status", "--source", "nope"])
    #expect(unknown.status == 1 && unknown.stderr.contains("There is no source 'nope'"))
    let both = try store.run(["status", "--done", "--outstanding"])
    #expect(both.status == 64)
  }

  @Test func theTableFitsEightyColumnsAndHasNoColourWhenPiped() throws {
    let store = try BundledStore()
    let table = try store.run(["status"]).stdout
    #expect(table.split(separator: "\n").allSatisfy { $0.count <= 80 })
    #expect(!table.contains("\u{1B}["))
  }

  @Test func rebuildChangesNothing() throws {
    let store = try BundledStore()
    let before = try store.run(["status", "--as-of", "2026-01-31", "--format", "json"]).stdout
    #expect(try store.run(["rebuild"]).status == 0)
    #expect(try store.run(["status", "--as-of", "2026-01-31", "--format", "json"]).stdout == before)
  }

  @Test func knownAtReproducesAnEarlierAnswer() throws {
    let store = try BundledStore()
    let folder = store.folder
    let asKnown = try store.run(["status", "--as-of", "2026-01-31", "--known-at", "2026-11-24T10:00:00Z", "--format", "json"])
    // A statement recorded later does not change what was known then.
    let later = """
      id: 2026-01-20-test-reaffirmation
      date: 2026-01-20
      speaker: A Minister
      role: Minister
      kind: written_answer
      title: Test
      summary: A test reaffirmation.
      sources: [{url: "https://example.org/a", publisher: Example}]
      reaffirms: [IICSA-13]
      """
    try Data(later.utf8).write(to: URL(fileURLWithPath: folder + "/later.yaml"))
    #expect(try store.run(["record", folder + "/later.yaml"]).status == 0)
    let again = try store.run(["status", "--as-of", "2026-01-31", "--known-at", "2026-11-24T10:00:00Z", "--format", "json"])
    #expect(again.stdout == asKnown.stdout)
    #expect(asKnown.stdout.contains("\"known_at\" : \"2026-11-24T10:00:00Z\""))
  }

  /// A statement and its retraction recorded in the same second: `--known-at` a time cannot
  /// show the record between them; `--known-at` the statement's event number does.
  @Test func knownAtAnEventToldApartFromAnotherInTheSameSecond() throws {
    let store = try BundledStore()
    let length = try store.logLength()
    let statement = """
      id: 2026-12-01-test-then-retracted
      date: 2026-12-01
      recorded_at: 2026-12-08T01:30:00Z
      speaker: A Minister
      role: Minister
      kind: written_answer
      title: Said, then withdrawn
      summary: A test statement.
      sources: [{url: "https://www.gov.uk/said", publisher: GOV.UK}]
      changes: [{recommendation: IICSA-5, position: considering}]
      """
    let retraction = """
      id: 2026-12-01-test-retraction
      corrects: 2026-12-01-test-then-retracted
      recorded_at: 2026-12-08T01:30:00Z
      reason: Recorded in error.
      sources: [{url: "https://www.gov.uk/said", publisher: GOV.UK}]
      """
    try Data(statement.utf8).write(to: URL(fileURLWithPath: store.folder + "/said.yaml"))
    try Data(retraction.utf8).write(to: URL(fileURLWithPath: store.folder + "/retraction.yaml"))
    let recorded = try store.run(["record", store.folder + "/said.yaml", store.folder + "/retraction.yaml"])
    #expect(recorded.status == 0, "\(recorded.stderr)")
    func position(_ knownAt: String) throws -> (String?, String) {
      let out = try store.run(["status", "--format", "json", "--known-at", knownAt]).stdout
      let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
      let row = (object?["recommendations"] as? [[String: Any]])?.first { $0["id"] as? String == "IICSA-5" }
      return (row?["position"] as? String, object?["known_at"] as? String ?? "")
    }
    #expect(try position("2026-12-08T01:30:00Z").0 == "rejected", "the second holds the retraction too")
    let between = try position(String(length + 1))
    #expect(between.0 == "considering")
    #expect(between.1 == "event \(length + 1) (2026-12-08T01:30:00Z)")
    #expect(try position(String(length + 2)).0 == "rejected")
    let timeline = try store.run(["timeline", "--from", "2026-12-01", "--known-at", String(length + 1)]).stdout
    #expect(timeline.contains("Said, then withdrawn"))
    let beyond = try store.run(["status", "--known-at", String(length + 3)])
    #expect(beyond.status == 64 && beyond.stderr.contains("the log has \(length + 2) events"), "\(beyond.stderr)")
    #expect(try store.run(["status", "--known-at", "0"]).status == 64)
    let export = try store.run(["export", "--month", "2026-12", "--out", store.folder + "/export", "--known-at", String(length + 1)])
    #expect(export.status == 0, "\(export.stderr)")
    let manifest = try String(contentsOfFile: store.folder + "/export/MANIFEST", encoding: .utf8)
    #expect(manifest.contains("known_at: event \(length + 1) (2026-12-08T01:30:00Z)"))
    #expect(try store.run(["verify", "--manifest", store.folder + "/export/MANIFEST"]).status == 0)
  }
}
