import Foundation
import Testing

@testable import iicsa

@Suite struct PledgesTests {
  func pledges(_ fixture: ExportFixture, _ arguments: [String]) throws -> String {
    try IICSA.Pledges.parse(arguments + ["--db", fixture.db]).output()
  }

  @Test func anOverduePledgeIsListedWithItsDaysOverdueAndOnlyWhileUnfulfilled() throws {
    let fixture = try ExportFixture()
    let june = try pledges(fixture, ["--as-of", "2025-06-30", "--known-at", ExportFixture.knownAt])
    #expect(june.contains("1 overdue · 0 open · 0 fulfilled"))
    #expect(june.contains("OVERDUE 10 DAYS"))
    #expect(june.contains("target stage legislating, due 2025-06-20 (\"by midsummer\")"))
    let before = try pledges(fixture, ["--as-of", "2025-06-10", "--format", "csv"])
    #expect(before.split(separator: "\r\n").last?.contains(",open,") == true)
    let overdueOnly = try pledges(
      fixture, ["--as-of", "2025-06-10", "--overdue", "--format", "json"])
    let json = try #require(
      try JSONSerialization.jsonObject(with: Data(overdueOnly.utf8)) as? [String: Any])
    #expect((json["pledges"] as? [Any])?.isEmpty == true)
  }

  @Test func aFulfilledPledgeSaysByWhatAndHowLate() throws {
    let fixture = try ExportFixture()
    try fixture.recordBill()
    let text = try pledges(fixture, ["--as-of", "2025-08-01"])
    #expect(text.contains("fulfilled 2025-07-01 by 2025-07-01-bill-introduced, 11 days late"))
    let md = try pledges(fixture, ["--as-of", "2025-08-01", "--format", "md"])
    #expect(
      md.contains("\\=HYPERLINK") == false && md.contains("=HYPERLINK(\"x\") a bill by midsummer"))
    #expect(md.contains("| fulfilled 2025-07-01 by 2025-07-01-bill-introduced, 11 days late |"))
  }
}
