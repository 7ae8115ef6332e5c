import Foundation
import Testing

/// A sweep end to end through the binary, on the bundled record: written with `new sweep`,
/// refused until filled in, recorded, and then shown as "checked through" by `show`, the site, the
/// export and `check --stale`; retracted, and no longer shown.
@Suite struct SweepTests {
  static let sweep = """
    id: 2026-11-02-sweep-mandatory-reporting
    from: 2026-10-01
    through: 2026-10-31
    checked_by: "The campaign's research group"
    recommendations: [CASEY25-1, CASEY25-2]
    sources:
      - url: https://questions-statements.parliament.uk/
        publisher: UK Parliament
        title: Written questions, answers and statements
      - url: https://www.gov.uk/search/all
        publisher: GOV.UK
    found: []
    note: Nothing new on mandatory reporting in October.
    """

  let store: BundledStore

  init() throws { store = try BundledStore() }

  func write(_ text: String, _ name: String) throws -> String {
    let path = store.folder + "/" + name
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  @Test func aSkeletonIsRefusedUntilFilledInAndThenRecords() throws {
    let out = store.folder + "/sweep.yaml"
    let made = try store.run(["new", "sweep", "--recommendation", "casey25-1", "--from", "2026-10-01", "--through", "2026-10-31", "--out", out])
    #expect(made.status == 0, "\(made.stderr)")
    let skeleton = try String(contentsOfFile: out, encoding: .utf8)
    #expect(skeleton.contains("  - CASEY25-1  # Always charge rape where an adult penetrates a child under 16; never checked"))
    let refused = try store.run(["check", out])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("is a new sweep still to fill in: checked_by, sources 1 url, sources 1 publisher still say TODO"))
    let filled = skeleton.replacingOccurrences(of: "checked_by: TODO", with: "checked_by: Me")
      .replacingOccurrences(of: "url: TODO", with: "url: https://hansard.parliament.uk/search")
      .replacingOccurrences(of: "publisher: TODO", with: "publisher: UK Parliament")
    try filled.write(toFile: out, atomically: true, encoding: .utf8)
    let checked = try store.run(["check", out])
    #expect(checked.status == 0, "\(checked.stderr)")
    #expect(!checked.stderr.contains("Warning"), "a search page is right for a sweep: \(checked.stderr)")
    #expect(try store.run(["record", out]).status == 0)
    #expect(try store.run(["show", "CASEY25-1"]).stdout.contains("Checked through 2026-10-31: searched UK Parliament (by Me;"))
    // A future day is refused before anything is written.
    #expect(try store.run(["new", "sweep", "--through", "2999-01-01"]).status == 64)
  }

  @Test func aRecordedSweepIsShownEverywhereAndRetractedIsGone() throws {
    let before = try store.logLength()
    let unchecked = try store.run(["show", "CASEY25-1", "--as-of", "2026-11-30"])
    #expect(unchecked.stdout.contains("Checked: no search of the sources for it is recorded"))
    let file = try write(Self.sweep, "sweep.yaml")
    let recorded = try store.run(["record", file])
    #expect(recorded.status == 0, "\(recorded.stderr)")
    #expect(try store.logLength() == before + 1)

    // show: text, Markdown and JSON; as of a day before it searched through, not yet.
    let shown = try store.run(["show", "CASEY25-1", "--as-of", "2026-11-30"])
    #expect(
      shown.stdout.contains(
        "Checked through 2026-10-31: searched UK Parliament, GOV.UK (by The campaign's\n  research group; 2026-11-02-sweep-mandatory-reporting)"))
    #expect(try store.run(["show", "CASEY25-1", "--as-of", "2026-10-30"]).stdout.contains("Checked: no search"))
    #expect(try store.run(["show", "CASEY25-2", "--as-of", "2026-11-30", "--format", "md"]).stdout.contains("- Checked through 2026-10-31"))
    let json = try store.run(["show", "CASEY25-1", "--as-of", "2026-11-30", "--format", "json"])
    let checkedList = try #require(
      (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["checked"] as? [[String: Any]])
    #expect(checkedList.count == 1)
    let checked = try #require(checkedList.first)
    #expect(checked["latest_for"] as? [String] == ["https://questions-statements.parliament.uk/", "https://www.gov.uk/search/all"])
    #expect(checked["id"] as? String == "2026-11-02-sweep-mandatory-reporting")
    #expect(checked["through"] as? String == "2026-10-31")
    #expect(checked["found"] as? [String] == [])
    #expect(try store.run(["show", "CASEY25-3", "--as-of", "2026-11-30"]).stdout.contains("Checked: no search"))

    // The site's recommendation page.
    let site = store.folder + "/site"
    let built = try store.run(["site", "--out", site])
    #expect(built.status == 0, "\(built.stderr)")
    let page = try String(contentsOfFile: site + "/recommendations/casey25-1/index.html", encoding: .utf8)
    #expect(page.contains("<section id=\"checked\"><h2>Last checked</h2>"))
    #expect(page.contains("Checked through 2026-10-31: searched UK Parliament, GOV.UK (by The campaign"))
    #expect(page.contains("<a href=\"https://www.gov.uk/search/all\">"))

    // The export of October says what was checked.
    let export = store.folder + "/export"
    let exported = try store.run(["export", "--month", "2026-10", "--out", export])
    #expect(exported.status == 0, "\(exported.stderr)")
    let markdown = try String(contentsOfFile: export + "/status.md", encoding: .utf8)
    #expect(markdown.contains("## What was checked"))
    #expect(
      markdown.contains(
        "- Through 2026-10-31, from 2026-10-01: UK Parliament, GOV.UK searched by The campaign's research group for 2 recommendations; nothing new found (2026-11-02-sweep-mandatory-reporting)"))
    let html = try String(contentsOfFile: export + "/index.html", encoding: .utf8)
    #expect(html.contains("<section id=\"checked\">\n<h2>What was checked</h2>\n<ul>\n<li>Through 2026-10-31, from 2026-10-01:"))
    #expect(markdown.contains("each recommendation was last checked through: 2026-10-31 (2); 2026-06-01 (19); 2025-06-16 (22); never (11: IICSA-9, CASEY25-3,"))
    let statusJSON = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: export + "/status.json"))) as? [String: Any]
    #expect((statusJSON?["sweeps"] as? [[String: Any]])?.first?["id"] as? String == "2026-11-02-sweep-mandatory-reporting")

    // check --stale counts the search: CASEY25-1 is not stale at 60 days, CASEY25-3 is.
    let stale = try store.run(["check", "--stale", "--days", "60", file])
    #expect(stale.status == 0, "\(stale.stderr)")
    #expect(stale.stdout.contains("CHECKED THROUGH"))
    #expect(!stale.stdout.contains("CASEY25-1 "))
    #expect(stale.stdout.contains("CASEY25-3 "))

    // Retracted: it is no longer shown, and it cannot be replaced.
    let replaced = try store.run(["correct", "2026-11-02-sweep-mandatory-reporting", "--reason", "Wrong month.", "--replacement", file])
    #expect(replaced.status == 1)
    #expect(replaced.stderr.contains("is a sweep, and a sweep cannot be replaced"))
    let retracted = try store.run(["correct", "2026-11-02-sweep-mandatory-reporting", "--reason", "Wrong month."])
    #expect(retracted.status == 0, "\(retracted.stderr)")
    #expect(try store.run(["show", "CASEY25-1", "--as-of", "2026-11-30"]).stdout.contains("Checked: no search"))
    #expect(try store.run(["verify"]).status == 0)
  }

  @Test func aSweepThatClaimsTheFutureOrWhatTheRecordLacksIsRefused() throws {
    let before = try store.logLength()
    let future = try write(
      Self.sweep.replacingOccurrences(of: "through: 2026-10-31", with: "through: 2999-10-31"), "future.yaml")
    let refused = try store.run(["record", future])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("future.yaml:3:"))
    #expect(refused.stderr.contains("it says it searched through 2999-10-31, after the day it is recorded"))
    let unknown = try write(Self.sweep.replacingOccurrences(of: "found: []", with: "found: [no-such-statement]"), "unknown.yaml")
    let refusedUnknown = try store.run(["record", unknown])
    #expect(refusedUnknown.status == 1)
    #expect(refusedUnknown.stderr.contains("it says it found 'no-such-statement', which is not a statement standing in the record"))
    let twice = try write(Self.sweep.replacingOccurrences(of: "[CASEY25-1, CASEY25-2]", with: "[CASEY25-1, casey25-1]"), "twice.yaml")
    let refusedTwice = try store.run(["record", twice])
    #expect(refusedTwice.status == 1)
    #expect(refusedTwice.stderr.contains("twice.yaml:5:"))
    #expect(refusedTwice.stderr.contains("CASEY25-1 is listed twice"))
    #expect(try store.logLength() == before)
  }
}
