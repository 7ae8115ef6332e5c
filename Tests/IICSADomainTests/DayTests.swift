import IICSADomain
import Testing

@Suite struct DayTests {
  @Test(arguments: ["2025-01-06", "2024-02-29", "1900-01-01", "9999-12-31", "2000-02-29"])
  func parsesRealDates(_ text: String) throws {
    let day = try #require(Day(iso: text))
    #expect(day.description == text)
    #expect(Day(daysSinceEpoch: day.daysSinceEpoch) == day)
  }

  @Test(arguments: [
    "2025-02-30", "2023-02-29", "1900-02-29", "0000-01-01", "2025-13-01", "2025-00-10",
    "2025-1-6", "25-01-06", "2025-01-06T00:00:00Z", "", "2025/01/06", "２０２５-01-06",
  ])
  func refusesImpossibleDates(_ text: String) {
    #expect(Day(iso: text) == nil)
  }

  @Test func countsDays() throws {
    let a = try #require(Day(iso: "2024-12-31"))
    let b = try #require(Day(iso: "2025-03-01"))
    #expect(a.days(until: b) == 60)
    #expect(b.adding(days: -60) == a)
    #expect(Day(iso: "2024-02-10")?.lastDayOfMonth == Day(iso: "2024-02-29"))
    #expect(Day(daysSinceEpoch: 0).description == "1970-01-01")
  }

  @Test func parsesTimestamps() {
    #expect(Timestamp(iso: "2026-11-24T10:00:00Z")?.description == "2026-11-24T10:00:00Z")
    #expect(Timestamp(iso: "2026-11-24T10:00:00+01:00")?.description == "2026-11-24T09:00:00Z")
    // A bare date means "as known at the end of that day".
    #expect(Timestamp(iso: "2025-06-30")?.description == "2025-06-30T23:59:59Z")
    #expect(Timestamp(iso: "2026-11-24T24:00:00Z") == nil)
    #expect(Timestamp(iso: "2026-11-24T10:00:60Z") == nil)
    #expect(Timestamp(iso: "2026-11-24T10:00:00") == nil)
    #expect(Timestamp(iso: "2026-11-24T10:00:00Z")?.day == Day(iso: "2026-11-24"))
  }

  @Test func readsRecommendationIDsInAnyCase() {
    #expect(RecommendationID("iicsa-13")?.description == "IICSA-13")
    #expect(RecommendationID("Casey15-2")?.description == "CASEY15-2")
    #expect(RecommendationID("IICSA-0") == nil)
    #expect(RecommendationID("IICSA13") == nil)
    #expect(RecommendationID("-13") == nil)
    #expect(RecommendationID("IICSA-1x") == nil)
    #expect(EventID("2025-01-06-Statement")?.rawValue == "2025-01-06-statement")
    #expect(EventID("has space") == nil)
    #expect(SourceID("iicsa-2022") != nil)
  }
}
