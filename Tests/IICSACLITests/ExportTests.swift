import ArgumentParser
import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import Testing

@testable import iicsa

#if canImport(FoundationXML)
  import FoundationXML
#endif

@Suite struct ExportTests {
  static let files = ExportGoldenTests.files

  @Test func reExportWithTheSameKnownAtIsByteIdenticalAfterALaterRecord() throws {
    let fixture = try ExportFixture()
    let first = try fixture.export("first")
    try fixture.recordLateEntry()
    let second = try fixture.export("second")
    for name in Self.files {
      let a = FileManager.default.contents(atPath: first + "/" + name)
      #expect(
        a != nil && a == FileManager.default.contents(atPath: second + "/" + name),
        "\(name) differs")
    }
    // Without the pin, the late entry shows: the export did read the log again.
    let now = try fixture.export("now", knownAt: nil)
    #expect(try fixture.read(now + "/status.csv") != fixture.read(first + "/status.csv"))
    #expect(try fixture.read(now + "/changes.csv").contains("2025-06-25-inquiry-announced"))
  }

  @Test func verifyManifestPassesThenFailsAfterOneByteChanges() throws {
    let fixture = try ExportFixture()
    let out = try fixture.export("out")
    let manifest = out + "/MANIFEST"
    let text = try fixture.read(manifest)
    #expect(
      text.contains(
        "month: 2025-06\nas_of: 2025-06-30\nknown_at: 2026-01-15T00:00:00Z\nlog_length: 4\n"))
    let store = try EventStore.open(at: fixture.db, access: .readOnly)
    #expect(try ExportBundle.check(manifestPath: manifest, against: store) == [])
    try IICSA.Verify.parse(["--manifest", manifest, "--db", fixture.db]).run()

    var bytes = try #require(FileManager.default.contents(atPath: out + "/status.md"))
    bytes[bytes.count / 2] ^= 0x01
    try bytes.write(to: URL(fileURLWithPath: out + "/status.md"))
    let problems = try ExportBundle.check(manifestPath: manifest, against: store)
    #expect(problems.count == 1 && problems[0].hasPrefix("status.md does not match the manifest"))
    #expect(throws: ExitCode(3)) {
      try IICSA.Verify.parse(["--manifest", manifest, "--db", fixture.db]).run()
    }
  }

  @Test func verifyManifestFailsAgainstAnotherLog() throws {
    // Fresh stores from the same files hold the same log, hash for hash: an export made after
    // a later entry names a head that a store without that entry does not hold.
    let fixture = try ExportFixture()
    let other = try ExportFixture()
    try fixture.recordLateEntry()
    let out = try fixture.export("out", knownAt: nil)
    let store = try EventStore.open(at: other.db, access: .readOnly)
    let problems = try ExportBundle.check(manifestPath: out + "/MANIFEST", against: store)
    #expect(problems.count == 1 && problems[0].hasPrefix("the log has 4 events, fewer than the 5 of the export"), "\(problems)")
  }

  @Test func csvFilesNeutraliseFormulasAndKeepOneValuePerCell() throws {
    let fixture = try ExportFixture()
    let out = try fixture.export("out")
    let changes = try fixture.read(out + "/changes.csv")
    let status = try fixture.read(out + "/status.csv")
    #expect(changes.contains("\"'=HYPERLINK(\"\"x\"\") <script>alert(1)</script> a|b\""))
    #expect(status.contains("'=SUM(A1:A9) a duty to report"))
    for csv in [changes, status] {
      let lines = csv.split(separator: "\r\n")
      // No cell starts a formula: every field after a comma or at a line start is checked.
      #expect(!lines.contains { $0.hasPrefix("=") || $0.contains(",=") || $0.contains(",\"=") })
    }
    let lines = changes.split(separator: "\r\n")
    #expect(lines.first == Substring(ExportFiles.changesCSVHeader.joined(separator: ",")))
    // June's two changes, in date order; May's and the later entry's are not there.
    #expect(lines.count == 3)
    #expect(
      lines[1].hasPrefix("2025-06-03,2025-06-03-welsh-statement,")
        && lines[2].hasPrefix("2025-06-20,"))
    #expect(lines[1].hasSuffix(",https://example.org/cymru?a=1&b=2"))
    let rows = status.split(separator: "\r\n")
    #expect(rows.count == 4)
    #expect(rows[1].hasSuffix(",1,1,https://example.org/cymru?a=1&b=2"))
  }

  @Test func statusJSONIsTheStatusContractPlusTheMonth() throws {
    let fixture = try ExportFixture()
    let out = try fixture.export("out")
    let data = try #require(FileManager.default.contents(atPath: out + "/status.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    #expect(
      Set(json.keys) == [
        "as_of", "known_at", "log", "recommendations", "month", "changes", "pledges", "alerts", "sweeps",
      ])
    #expect(json["as_of"] as? String == "2025-06-30")
    #expect(json["known_at"] as? String == ExportFixture.knownAt)
    let recommendations = try #require(json["recommendations"] as? [[String: Any]])
    #expect(recommendations.map { $0["id"] as? String } == ["TEST-1", "TEST-2", "TEST-3"])
    #expect(recommendations[0]["headline"] as? String == "in_progress")
    #expect(recommendations[0]["overdue_pledges"] as? Int == 1)
    let pledges = try #require(json["pledges"] as? [[String: Any]])
    #expect(
      pledges.first?["state"] as? String == "overdue"
        && pledges.first?["days_overdue"] as? Int == 10)
    #expect((json["changes"] as? [Any])?.count == 2)
    // The pledge due on 20 June fell overdue in the month.
    let alerts = try #require(json["alerts"] as? [[String: Any]])
    #expect(alerts.map { $0["kind"] as? String } == ["pledge_overdue"])
    #expect(alerts.first?["date"] as? String == "2025-06-21" && alerts.first?["from"] as? String == "2025-06-20")
  }

  @Test func atomFeedParsesAndHasOneEntryPerStatementAndAlert() throws {
    let fixture = try ExportFixture()
    let out = try fixture.export("out")
    let data = try #require(FileManager.default.contents(atPath: out + "/feed.atom"))
    let reader = AtomReader()
    let parser = XMLParser(data: data)
    parser.delegate = reader
    #expect(parser.parse(), "\(String(describing: parser.parserError))")
    #expect(reader.entries == 4)
    #expect(reader.ids.first == "tag:iicsa,2026:statement/2025-06-20-accepts-redress")
    #expect(
      Set(reader.ids).count == 4
        && reader.ids.prefix(3).allSatisfy { $0.hasPrefix("tag:iicsa,2026:statement/") })
    // The month's one alert: a pledge fell overdue.
    #expect(reader.ids.last?.hasPrefix("tag:iicsa,2026:alert/2025-06-21/pledge_overdue/TEST-") == true)
    // Escaped in the file, the text itself once parsed.
    #expect(reader.titles.contains("2025-06-03: =HYPERLINK(\"x\") <script>alert(1)</script> a|b"))
    #expect(reader.updated.contains("2026-01-01T10:00:01Z"))
  }

  @Test func htmlEscapesStatementTextAndNeedsNoNetwork() throws {
    let fixture = try ExportFixture()
    let html = try fixture.read(try fixture.export("out") + "/index.html")
    #expect(!html.contains("<script"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("Llywodraeth Cymru"))
    #expect(html.contains("href=\"https://example.org/cymru?a=1&amp;b=2\""))
    #expect(html.contains("default-src 'none'"))
    for external in ["src=", "<link", "@import", "url(", "<iframe", "<object"] {
      #expect(!html.contains(external), "index.html contains \(external)")
    }
    #expect(html.contains("<svg class=\"chart\""))
    // One bar per month from October 2022 to June 2025 (33 months); the report counts from 2024.
    #expect(html.components(separatedBy: "<title>October 2022").count == 1)
    #expect(html.contains("<title>June 2025: 1 in progress</title>"))
  }

  @Test func refusesAFolderInUseAFutureMonthAndAMonthAfterKnownAt() throws {
    let fixture = try ExportFixture()
    let out = try fixture.export("out")
    #expect(throws: CommandError.self) { try fixture.export("out") }
    try fixture.export("out", extra: ["--force"])
    #expect(try fixture.read(out + "/MANIFEST").contains("month: 2025-06"))
    let future = Month(Clock.now().day).next
    // Refused as the options are read, as every future date is (DateOptionTests).
    let refused = #expect(throws: (any Error).self) { try fixture.export("future", month: future.description) }
    #expect("\(String(describing: refused))".contains("is in the future: the record cannot know it yet"))
    #expect(throws: CommandError.self) { try fixture.export("late", month: "2026-02") }
    #expect(!FileManager.default.fileExists(atPath: fixture.folder + "/future"))
    #expect(throws: (any Error).self) {
      try IICSA.Export.parse(["--month", "2025-13", "--out", "x"])
    }
  }

  @Test func theCurrentMonthIsAsOfTheKnownAtDay() throws {
    let fixture = try ExportFixture()
    let out = try fixture.export("jan", month: "2026-01")
    #expect(try fixture.read(out + "/MANIFEST").contains("as_of: 2026-01-15\n"))
  }

  /// An export of `month` as known at `knownAt`, gathered both ways: from the store's bounded
  /// reads and from one replay of the log. Both must write the same bytes.
  static func expectBothWaysAlike(
    _ log: EventStore, month: String, knownAt: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let month = try #require(Month(iso: month))
    let knownAt = KnownAt(try #require(Timestamp(iso: knownAt)))
    let bounded = try MonthlyExport.read(log, month: month, knownAt: knownAt)
    let replay = try MonthlyExport.read(ReplayedRecord(of: log), month: month, knownAt: knownAt)
    let a = ExportBundle.files(bounded)
    let b = ExportBundle.files(replay)
    #expect(a.map(\.0) == b.map(\.0), sourceLocation: sourceLocation)
    for ((name, x), (_, y)) in zip(a, b) {
      #expect(x == y, "\(name) of \(month) known at \(knownAt) differs", sourceLocation: sourceLocation)
    }
  }

  @Test func boundedReadsWriteTheBytesOfAReplayOnTheRealRecord() throws {
    let bundled = try BundledStore()
    let log = try EventStore.open(at: bundled.path, access: .readOnly)
    let months = [
      "2014-09", "2015-02", "2022-10", "2023-04", "2024-05", "2025-01", "2025-06", "2025-12", "2026-06",
      "2026-11",
    ]
    // After the last event (every statement was recorded at 10:00), later still, and a past
    // moment when only the catalogues were in.
    for knownAt in ["2026-11-24T10:00:00Z", "2026-12-01T00:00:00Z", "2026-11-24T09:30:00Z"] {
      for month in months { try Self.expectBothWaysAlike(log, month: month, knownAt: knownAt) }
    }
  }

  @Test func boundedReadsWriteTheBytesOfAReplayAtAPastKnownAtAndAfterACorrection() throws {
    let fixture = try ExportFixture()
    try fixture.recordLateEntry()
    try fixture.write(
      "replacement.yaml",
      ExportFixture.hostile.replacingOccurrences(of: "title: '=HYPERLINK", with: "title: 'Corrected =HYPERLINK"))
    try IICSA.Correct.parse([
      "2025-06-03-welsh-statement", "--reason", "The title was misread", "--replacement",
      fixture.folder + "/replacement.yaml", "--db", fixture.db,
    ]).run()
    try IICSA.Correct.parse(["2025-05-10-considering-an-inquiry", "--reason", "Not said", "--db", fixture.db]).run()
    let log = try EventStore.open(at: fixture.db, access: .readOnly)
    let now = Clock.now().description
    for knownAt in ["2026-01-01T10:00:01Z", ExportFixture.knownAt, "2026-02-01T00:00:00Z", now] {
      for month in ["2025-05", "2025-06", "2026-01"] {
        try Self.expectBothWaysAlike(log, month: month, knownAt: knownAt)
      }
    }
    // Today's export shows the corrected title and not the retracted statement.
    let out = try fixture.export("now", knownAt: nil)
    let changes = try fixture.read(out + "/changes.csv")
    #expect(changes.contains("Corrected =HYPERLINK"))
    #expect(!(try fixture.read(out + "/feed.atom")).contains("2025-05-10-considering-an-inquiry"))
  }

  @Test func theFeedHoldsTheNewestStatementsByTheDay() throws {
    let bundled = try BundledStore()
    let log = try EventStore.open(at: bundled.path, access: .readOnly)
    // Known at the last event: the whole log, as the replay below reads it.
    let knownAt = KnownAt(try #require(try log.events().last?.recordedAt))
    for text in ["2025-06", "2026-06"] {
      let month = try #require(Month(iso: text))
      let day = MonthlyExport.day(for: month, knownAt: knownAt)
      let export = try MonthlyExport.read(log, month: month, knownAt: knownAt)
      let all = try log.tracker(asOf: day).orderedStatements
      #expect(
        export.statements.map(\.statement.statement.id)
          == all.suffix(MonthlyExport.feedLimit).map(\.statement.id))
    }
    // The record holds more statements by June 2026 than the feed does.
    #expect(try log.tracker(asOf: Day(iso: "2026-06-30")).orderedStatements.count > MonthlyExport.feedLimit)
  }

  @Test func thePledgeListHoldsTheOpenPledgesAndThoseTheMonthFulfilled() throws {
    let bundled = try BundledStore()
    let log = try EventStore.open(at: bundled.path, access: .readOnly)
    // Known at the last event: the whole log, as the replay below reads it.
    let knownAt = KnownAt(try #require(try log.events().last?.recordedAt))
    var dropped = 0
    var fulfilledInMonth = 0
    for text in ["2023-04", "2024-05", "2025-01", "2025-06", "2025-11", "2025-12", "2026-06"] {
      let month = try #require(Month(iso: text))
      let day = MonthlyExport.day(for: month, knownAt: knownAt)
      let export = try MonthlyExport.read(log, month: month, knownAt: knownAt)
      let every = PledgeReport(try log.tracker(asOf: day), on: day, log: export.status.log).rows
      let expected = every.filter { row in
        guard case .ended(let end, _) = row.state else { return true }
        return month.contains(end.by.date)
      }
      #expect(export.pledges == expected, "\(text)")
      dropped += every.count - expected.count
      fulfilledInMonth += export.pledgeCounts.ended
    }
    // The months chosen exercise both bounds.
    #expect(dropped > 0 && fulfilledInMonth > 0)
  }

  static var chromium: String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").map { "\($0)/chromium" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  @Test(
    .enabled(if: ExportTests.chromium != nil, "chromium is not on PATH"), .timeLimit(.minutes(1)))
  func aBrowserShowsTheTableAndTheScriptAsText() throws {
    let fixture = try ExportFixture()
    let out = try fixture.export("out")
    let page = "file://" + out + "/index.html"
    let common = [
      "--headless=new", "--no-sandbox", "--disable-gpu",
      "--user-data-dir=\(fixture.folder)/profile",
      "--enable-logging=stderr", "--v=0",
    ]
    let dump = try Browser.run(try #require(Self.chromium), common + ["--dump-dom", page])
    let shot = try Browser.run(
      try #require(Self.chromium),
      common + ["--screenshot=\(fixture.folder)/shot.png", "--window-size=1200,2000", page])
    #expect(FileManager.default.fileExists(atPath: fixture.folder + "/shot.png"), "\(shot.stderr)")
    let table = try #require(dump.stdout.range(of: "<table id=\"status-table\">"))
    let end = try #require(
      dump.stdout.range(of: "</table>", range: table.upperBound..<dump.stdout.endIndex))
    let rows =
      dump.stdout[table.upperBound..<end.lowerBound].components(separatedBy: "<tr").count - 1
    #expect(rows == 1 + 3, "a header row and one row per recommendation")
    #expect(dump.stdout.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(!dump.stdout.contains("<script"))
    for run in [dump, shot] {
      #expect(
        !run.stderr.contains("Uncaught") && !run.stderr.contains("ERROR:CONSOLE"), "\(run.stderr)")
    }
  }
}

/// Counts Atom entries and collects their ids, titles and update times.
final class AtomReader: NSObject, XMLParserDelegate {
  var entries = 0
  var ids: [String] = []
  var titles: [String] = []
  var updated: [String] = []
  private var path: [String] = []
  private var text = ""

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    path.append(name)
    text = ""
    if name == "entry" { entries += 1 }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if path.dropLast().last == "entry" {
      switch name {
      case "id": ids.append(text)
      case "title": titles.append(text)
      case "updated": updated.append(text)
      default: break
      }
    }
    path.removeLast()
  }
}

/// Runs a browser and captures what it prints.
enum Browser {
  static func run(_ executable: String, _ arguments: [String]) throws -> CLI.Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Drain stderr on another thread so neither pipe can fill and block the browser.
    let errorData = LockedData()
    let reader = Thread { errorData.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.isSet { Thread.sleep(forTimeInterval: 0.01) }
    return CLI.Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errorData.value, as: UTF8.self))
  }
}

final class LockedData: @unchecked Sendable {
  private let lock = NSLock()
  private var data: Data?

  func set(_ value: Data) { lock.withLock { data = value } }
  var isSet: Bool { lock.withLock { data != nil } }
  var value: Data { lock.withLock { data ?? Data() } }
}
