import Foundation
import Testing

@testable import iicsa

@Suite struct DiffTests {
  @Test func listsEachRecommendationThatMovedWithTheStatementsResponsible() throws {
    let fixture = try ExportFixture()
    let text = try IICSA.Diff.parse([
      "--db", fixture.db, "--from", "2025-05-31", "--to", "2025-06-30",
    ]).output()
    #expect(text.contains("2 recommendations changed"))
    #expect(
      text.contains(
        "no_response / not_started (not accepted)\n            → accepted / planned (in progress)"))
    #expect(
      text.contains(
        "2025-06-03 2025-06-03-welsh-statement: position no_response →\n              accepted; stage not_started → planned"
      ))
    #expect(!text.contains("TEST-2"), "TEST-2 moved in May, before the range")
    let csv = try IICSA.Diff.parse([
      "--db", fixture.db, "--from", "2025-05-31", "--to", "2025-06-30", "--format", "csv",
    ])
    .output()
    #expect(csv.split(separator: "\r\n").count == 3)
    let json = try IICSA.Diff.parse([
      "--db", fixture.db, "--from", "2025-05-31", "--to", "2025-06-30", "--format", "json",
    ])
    .output()
    let object = try #require(
      try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    let rows = try #require(object["recommendations"] as? [[String: Any]])
    #expect(rows.map { $0["id"] as? String } == ["TEST-1", "TEST-3"])
    #expect((rows[0]["to"] as? [String: Any])?["headline"] as? String == "in_progress")
  }

  @Test func aReportPublishedBetweenTheDatesShowsItsRecommendationsAsNew() throws {
    let fixture = try ExportFixture()
    let text = try IICSA.Diff.parse([
      "--db", fixture.db, "--from", "2023-12-31", "--to", "2024-01-31",
    ]).output()
    #expect(text.contains("3 recommendations changed"))
    #expect(
      text.contains("not yet published\n            → no_response / not_started (not accepted)"))
    let none = try IICSA.Diff.parse([
      "--db", fixture.db, "--from", "2025-07-01", "--to", "2025-08-01", "--format", "md",
    ])
    .output()
    #expect(none.contains("No recommendation changed."))
  }

  @Test func knownAtIgnoresLaterEntries() throws {
    let fixture = try ExportFixture()
    try fixture.recordLateEntry()
    let arguments = ["--db", fixture.db, "--from", "2025-06-21", "--to", "2025-06-30"]
    #expect(try IICSA.Diff.parse(arguments).output().contains("TEST-2"))
    #expect(
      try !IICSA.Diff.parse(arguments + ["--known-at", ExportFixture.knownAt]).output().contains(
        "TEST-2"))
  }
}
