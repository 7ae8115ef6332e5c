import Foundation
import Testing

/// The life of a pledge, alerts and lineage, end to end through the built binary on the real
/// bundled record.
@Suite struct PledgeLifecycleCLITests {
  static let cooper = "2025-01-16-cooper-commons-statement-audit-and-timetable"

  /// Declares one Easter pledge met, re-makes another with a later date, withdraws a third.
  static let outcomes = """
    id: 2026-11-30-test-outcomes
    date: 2026-11-30
    speaker: A Minister
    role: Home Secretary
    kind: written_answer
    title: What became of three Easter pledges
    sources: [{url: "https://example.org/answer", publisher: Hansard}]
    summary: A test answer.
    pledges:
      - recommendation: IICSA-4
        text: A timetable for the awareness campaign
        target_stage: planned
        due: 2026-12-31
        due_text: by the end of the year
        replaces: \(cooper)#4
    pledge_outcomes:
      - pledge: \(cooper)#3
        recommendation: IICSA-3
        outcome: met
        note: A minister now chairs the group.
      - pledge: \(cooper)#5
        recommendation: IICSA-6
        outcome: withdrawn

    """

  func json(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
  }

  @Test func metSupersededAndWithdrawnPledgesEndAndTheSlipIsShown() throws {
    let store = try BundledStore()
    let file = store.folder + "/outcomes.yaml"
    try Data(Self.outcomes.utf8).write(to: URL(fileURLWithPath: file))
    let checked = try store.run(["check", file])
    #expect(checked.status == 0, "\(checked.stderr)")
    let recorded = try store.run(["record", file])
    #expect(recorded.status == 0, "\(recorded.stderr)")

    let pledges = try json(try store.run(["pledges", "--format", "json"]).stdout)
    let byID = Dictionary(
      ((pledges["pledges"] as? [[String: Any]]) ?? []).map { ($0["id"] as? String ?? "", $0) },
      uniquingKeysWith: { first, _ in first })
    #expect(byID["\(Self.cooper)#3"]?["state"] as? String == "met")
    #expect(byID["\(Self.cooper)#3"]?["note"] as? String == "A minister now chairs the group.")
    #expect(byID["\(Self.cooper)#4"]?["state"] as? String == "superseded")
    #expect(byID["\(Self.cooper)#4"]?["replaced_by"] as? String == "2026-11-30-test-outcomes#1")
    #expect(byID["\(Self.cooper)#5"]?["state"] as? String == "withdrawn")
    let remade = try #require(byID["2026-11-30-test-outcomes#1"])
    #expect(remade["state"] as? String == "open")
    #expect(remade["replaces"] as? String == "\(Self.cooper)#4")
    #expect(remade["baseline_due"] as? String == "2025-04-20")
    #expect(remade["slipped_days"] as? Int == 620)

    let text = try store.run(["pledges"]).stdout
    #expect(text.contains("promised for 2025-04-20, now due 2026-12-31: slipped 620 days"))
    // The counts line agrees with the states listed.
    let states = byID.values.compactMap { $0["state"] as? String }
    let count = { (state: String) in states.filter { $0 == state }.count }
    #expect(
      text.contains("\(count("met")) met · \(count("superseded")) superseded · \(count("withdrawn")) withdrawn"),
      "\(text.prefix(200))")
    #expect(count("met") == 1)
    let overdue = try store.run(["pledges", "--overdue", "--format", "csv"]).stdout
    for ordinal in [3, 4, 5] { #expect(!overdue.contains("\(Self.cooper)#\(ordinal),")) }
    #expect(try store.run(["show", "IICSA-4"]).stdout.contains("slipped 620 days"))

    let alerts = try json(try store.run(["alerts", "--since", "2026-11-01", "--format", "json"]).stdout)
    let kinds = ((alerts["alerts"] as? [[String: Any]]) ?? []).map {
      "\($0["kind"] as? String ?? "") \($0["recommendation"] as? String ?? "") \($0["statement"] as? String ?? "")"
    }
    #expect(
      kinds == [
        "pledge_slipped IICSA-4 2026-11-30-test-outcomes", "pledge_withdrawn IICSA-6 2026-11-30-test-outcomes",
      ])
    #expect(alerts["since"] as? String == "2026-11-01")

    // The projections the appends wrote are the ones a rebuild writes.
    let verified = try store.run(["verify"])
    #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
    #expect(try store.run(["rebuild"]).status == 0)
    #expect(try store.run(["pledges", "--format", "json"]).stdout == (try store.run(["pledges", "--format", "json"]).stdout))
  }

  @Test func theRealRecordsAlertsAreTracedToTheirStatements() throws {
    let store = try BundledStore()
    let result = try store.run(["alerts", "--since", "2022-10-20", "--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let alerts = (try json(result.stdout)["alerts"] as? [[String: Any]]) ?? []
    let weakened = alerts.filter { $0["kind"] as? String == "position_weakened" }
    #expect(
      weakened.contains {
        $0["recommendation"] as? String == "IICSA-19" && $0["from"] as? String == "accepted"
          && $0["to"] as? String == "rejected" && $0["statement"] as? String == "2025-04-08-tackling-child-sexual-abuse-progress-update"
      })
    #expect(alerts.contains { $0["kind"] as? String == "stage_backwards" && $0["recommendation"] as? String == "IICSA-13" })
    // Newest first, each with a source to check it by.
    let dates = alerts.compactMap { $0["date"] as? String }
    #expect(dates == dates.sorted(by: >) && dates.count == alerts.count)
    #expect(alerts.allSatisfy { ($0["source_url"] as? String)?.hasPrefix("http") == true })
    // Known at a moment before the record existed, nothing had weakened.
    let before = try store.run(["alerts", "--known-at", "2026-01-01", "--format", "json"])
    #expect((try json(before.stdout)["alerts"] as? [Any])?.isEmpty == true)
    let table = try store.run(["alerts", "--since", "2024-05-01", "--as-of", "2024-05-31"]).stdout
    #expect(table.contains("Stage moved back: legislating → consulting"))
    let bad = try store.run(["alerts", "--source", "nowhere"])
    #expect(bad.status != 0 && bad.stderr.contains("There is no source 'nowhere'"))
  }

  @Test func recommendationsSayWhenTheyWereFirstCalledFor() throws {
    let store = try BundledStore()
    let status = try json(try store.run(["status", "--format", "json"]).stdout)
    let rows = (status["recommendations"] as? [[String: Any]]) ?? []
    let mandatory = try #require(rows.first { $0["id"] as? String == "IICSA-13" })
    let call = try #require(mandatory["first_called_for"] as? [String: String])
    #expect(call == ["date": "2013-11-04", "by": "2013-11-04-starmer-panorama-mandatory-reporting"])
    #expect(rows.contains { $0["first_called_for"] is NSNull })
    #expect(try store.run(["status", "--first-called"]).stdout.contains("FIRST CALLED"))

    // A catalogue that repeats an earlier recommendation inherits its first call.
    let catalogue = store.folder + "/later.yaml"
    try Data(
      """
      id: test-2026
      prefix: LATER
      title: A later report
      author: A later inquiry
      published: 2026-01-01
      url: https://example.org/later
      recommendations:
        - number: 1
          title: Mandatory reporting, again
          text: Make reporting child sexual abuse a legal duty.
          addressed_to: [UK government]
          repeats: [IICSA-13]
          sources: [{url: "https://example.org/later/1", publisher: Example}]

      """.utf8
    ).write(to: URL(fileURLWithPath: catalogue))
    let recorded = try store.run(["record", catalogue])
    #expect(recorded.status == 0, "\(recorded.stderr)")
    let shown = try store.run(["show", "LATER-1"]).stdout
    #expect(shown.contains("First called for on 2013-11-04 (Former DPP Keir Starmer calls for a mandatory"))
    let unknown = store.folder + "/unknown.yaml"
    try Data(
      String(decoding: try Data(contentsOf: URL(fileURLWithPath: catalogue)), as: UTF8.self)
        .replacingOccurrences(of: "test-2026", with: "test-2027").replacingOccurrences(of: "LATER", with: "OTHER")
        .replacingOccurrences(of: "[IICSA-13]", with: "[IICSA-99]").utf8
    ).write(to: URL(fileURLWithPath: unknown))
    let refused = try store.run(["record", unknown])
    #expect(refused.status == 1)
    #expect(refused.stderr.contains("OTHER-1 repeats IICSA-99, which is not in another recorded report"))
  }
}
