import Foundation
import IICSADomain
import Testing

@testable import iicsa

/// `pledges --format ics`, and `pledges.ics` in the export and on the site: one all-day event per
/// open or overdue pledge on its due date, with stable UIDs, written to RFC 5545 by construction.
/// (CI also parses the site's calendars with Python's icalendar: Tests/site/check_calendar.py.)
@Suite struct PledgeCalendarTests {
  func calendar(_ fixture: ExportFixture, _ arguments: [String]) throws -> String {
    try IICSA.Pledges.parse(arguments + ["--format", "ics", "--db", fixture.db]).output()
  }

  /// The property lines of `text`, unfolded (RFC 5545 3.1).
  func unfolded(_ text: String) -> [String] {
    text.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
  }

  @Test func textValuesAreEscapedAndCannotStartAProperty() {
    #expect(ICalendar.text("a;b,c\\d") == "a\\;b\\,c\\\\d")
    #expect(ICalendar.text("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour")
    #expect(ICalendar.text("bell\u{07}tab\tdel\u{7F}") == "bell tab del ")
    let hostile = ICalendar.text("x\r\nEND:VEVENT\r\nBEGIN:VEVENT")
    #expect(!hostile.contains("\r") && !hostile.contains("\n"))
  }

  @Test func linesAreFoldedAt75OctetsNeverInsideACharacter() {
    let line = "DESCRIPTION:" + String(repeating: "مرحبا — ", count: 40)
    let folded = ICalendar.fold(line)
    for piece in folded.components(separatedBy: "\r\n") {
      #expect(piece.utf8.count <= 75)
      #expect(String(data: Data(piece.utf8), encoding: .utf8) != nil)
    }
    #expect(folded.replacingOccurrences(of: "\r\n ", with: "") == line)
    #expect(ICalendar.fold("SHORT:x") == "SHORT:x")
  }

  @Test func anOpenPledgeIsAnEventOnItsDueDateUntilItEnds() throws {
    let fixture = try ExportFixture()
    let june = try calendar(fixture, ["--as-of", "2025-06-10", "--known-at", ExportFixture.knownAt])
    #expect(june.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"))
    #expect(june.hasSuffix("END:VCALENDAR\r\n"))
    #expect(!june.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    let lines = unfolded(june)
    #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 1)
    #expect(lines.contains("DTSTART;VALUE=DATE:20250620"))
    #expect(lines.contains("DTEND;VALUE=DATE:20250621"))
    #expect(lines.contains { $0.hasPrefix("SUMMARY:Due (TEST-1): =HYPERLINK(\"x\") a bill by midsummer") })
    let uid = try #require(lines.first { $0.hasPrefix("UID:") })
    // Overdue, the same event: the UID comes from the pledge's id alone.
    let julyText = try calendar(fixture, ["--as-of", "2025-07-01", "--known-at", ExportFixture.knownAt])
    let july = unfolded(julyText)
    #expect(july.contains(uid))
    #expect(july.contains { $0.hasPrefix("SUMMARY:Overdue (TEST-1):") })
    #expect(july.contains { $0.contains("State on 2025-07-01: overdue 11 days.") })
    // Fulfilled by a bill: it leaves the calendar.
    try fixture.recordBill()
    let after = unfolded(try calendar(fixture, ["--as-of", "2025-08-01"]))
    #expect(!after.contains("BEGIN:VEVENT"))
    // Asked as known before the bill was recorded, it is still there: the same bytes as before.
    #expect(try calendar(fixture, ["--as-of", "2025-07-01", "--known-at", ExportFixture.knownAt]) == julyText)
  }

  @Test func aSlippedPledgeAlsoMarksItsFirstDueDate() throws {
    let fixture = try ExportFixture()
    try fixture.write(
      "again.yaml",
      """
      id: 2025-06-25-promise-again
      date: 2025-06-25
      recorded_at: 2026-02-01T00:00:00Z
      speaker: A Minister
      role: Home Secretary
      kind: written_answer
      title: The bill will come in the autumn
      sources: [{url: "https://example.org/answer", publisher: Parliament}]
      summary: The bill is now promised for the autumn.
      reaffirms: [TEST-1]
      pledges:
        - recommendation: TEST-1
          text: A bill; by the autumn, at last
          target_stage: legislating
          due: 2025-12-20
          due_text: in the autumn
          replaces: 2025-06-03-welsh-statement#1

      """)
    _ = try fixture.record(["again.yaml"])
    let lines = unfolded(try calendar(fixture, ["--as-of", "2025-07-01"]))
    #expect(lines.filter { $0 == "BEGIN:VEVENT" }.count == 2)
    // The first due date comes first, then the new one; commas and semicolons escaped.
    let starts = lines.filter { $0.hasPrefix("DTSTART") }
    #expect(starts == ["DTSTART;VALUE=DATE:20250620", "DTSTART;VALUE=DATE:20251220"])
    #expect(lines.contains("UID:pledge-2025-06-25-promise-again-1-first-promised@iicsa"))
    #expect(lines.contains("UID:pledge-2025-06-25-promise-again-1@iicsa"))
    #expect(lines.contains("SUMMARY:Due (TEST-1): A bill\\; by the autumn\\, at last"))
    #expect(lines.contains { $0.hasPrefix("SUMMARY:First due (TEST-1)\\, now due 2025-12-20:") })
    #expect(lines.contains { $0.contains("It slipped: promised for 2025-06-20\\, now due 2025-12-20: slipped 183 days.") })
  }

  @Test func theExportWritesTheCalendarAndItsManifestListsIt() throws {
    let fixture = try ExportFixture()
    let folder = try fixture.export("out")
    let ics = try fixture.read(folder + "/pledges.ics")
    #expect(unfolded(ics).contains("DTSTART;VALUE=DATE:20250620"))
    #expect(try fixture.read(folder + "/MANIFEST").contains("pledges.ics"))
  }
}

/// The calendar of the bundled record, through the built binary.
@Suite struct BundledPledgeCalendarTests {
  @Test func theBundledRecordsOverduePromisesAreInTheCalendarByteForByteTheSameEachTime() throws {
    let store = try BundledStore()
    let arguments = ["pledges", "--format", "ics", "--as-of", "2026-12-07", "--known-at", "2026-12-07T12:00:00Z"]
    let first = try store.run(arguments)
    #expect(first.status == 0, "\(first.stderr)")
    #expect(try store.run(arguments).stdout == first.stdout)
    let lines = first.stdout.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
    // The promise of 16 January 2025 of a timetable for IICSA-1 by Easter (Hansard, 16 January
    // 2025) was not kept: overdue on its due date, 20 April 2025.
    let uid = "UID:pledge-2025-01-16-cooper-commons-statement-audit-and-timetable-1@iicsa"
    let at = try #require(lines.firstIndex(of: uid))
    #expect(lines[at + 2] == "DTSTART;VALUE=DATE:20250420")
    #expect(lines[at + 4].hasPrefix("SUMMARY:Overdue (IICSA-1): "))
    // Only open and overdue pledges: the fulfilled Easter promise for IICSA-16 is not there.
    #expect(!lines.contains("UID:pledge-2025-01-16-cooper-commons-statement-audit-and-timetable-16@iicsa"))
    // As written (folded), no line is longer than 75 octets.
    #expect(first.stdout.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
    let pledges = try store.run(["pledges", "--overdue", "--as-of", "2026-12-07", "--known-at", "2026-12-07T12:00:00Z", "--format", "csv"])
    let overdue = pledges.stdout.split(separator: "\r\n").dropFirst().count
    #expect(lines.filter { $0.hasPrefix("SUMMARY:Overdue ") }.count == overdue)
  }
}
