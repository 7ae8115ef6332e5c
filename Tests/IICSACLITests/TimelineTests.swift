import Foundation
import Testing

@testable import iicsa

@Suite struct TimelineTests {
  @Test func statementsInDateOrderWithWhatEachDid() throws {
    let fixture = try ExportFixture()
    let text = try IICSA.Timeline.parse(["--db", fixture.db, "--from", "2025-06-01"]).output()
    #expect(text.contains("2 statements"))
    let welsh = try #require(text.range(of: "2025-06-03  =HYPERLINK"))
    let redress = try #require(text.range(of: "2025-06-20  Redress accepted"))
    #expect(welsh.lowerBound < redress.lowerBound)
    #expect(
      text.contains(
        "TEST-1: changed: position no_response → accepted; stage not_started\n              → planned"
      ))
    #expect(text.contains("TEST-1: pledged: =HYPERLINK(\"x\") a bill by midsummer"))
    #expect(text.contains("TEST-1: reaffirmed"))
    #expect(text.contains("Source: https://example.org/redress (Hansard)"))
  }

  @Test func csvIsOneRowPerEffectAndJSONNamesTheLog() throws {
    let fixture = try ExportFixture()
    let csv = try IICSA.Timeline.parse([
      "--db", fixture.db, "--format", "csv", "--to", "2025-06-05",
    ]).output()
    let lines = csv.split(separator: "\r\n")
    #expect(lines.count == 1 + 3, "May's change, and June 3rd's change and pledge")
    #expect(lines.dropFirst().allSatisfy { !$0.contains(",=") && !$0.contains(",\"=") })
    let json = try IICSA.Timeline.parse([
      "--db", fixture.db, "--format", "json", "--known-at", ExportFixture.knownAt,
    ])
    .output()
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    #expect((object["log"] as? [String: Any])?["length"] as? Int == 4)
    #expect((object["statements"] as? [Any])?.count == 3)
    let md = try IICSA.Timeline.parse(["--db", fixture.db, "--format", "md"]).output()
    #expect(md.contains("a\\|b") && md.contains("\\<script\\>"))
  }

  @Test func knownAtHidesLaterEntries() throws {
    let fixture = try ExportFixture()
    try fixture.recordLateEntry()
    let now = try IICSA.Timeline.parse(["--db", fixture.db]).output()
    let then = try IICSA.Timeline.parse(["--db", fixture.db, "--known-at", ExportFixture.knownAt])
      .output()
    #expect(now.contains("Inquiry announced") && !then.contains("Inquiry announced"))
    #expect(throws: (any Error).self) {
      try IICSA.Timeline.parse(["--from", "2025-07-01", "--to", "2025-06-01"])
    }
  }
}
