import IICSADomain
import IICSAReports
import Testing

/// The rule that gathers a report's unconfirmed recommendations into one line where people read.
@Suite struct ReadingLinesTests {
  struct Item: Sendable, Equatable {
    var number: Int
    var unconfirmed: Bool
    var status: String
  }

  func lines(_ items: [Item]) -> [String] {
    ReadingLines.lines(items, unconfirmed: \.unconfirmed, alike: \.status).map { line in
      switch line {
      case .one(let item): return "\(item.number)"
      case .unconfirmed(let items): return items.map { "\($0.number)" }.joined(separator: "+")
      }
    }
  }

  @Test func unconfirmedItemsThatReadAlikeTakeOneLineAtTheFirstOnesPlace() {
    let items = [
      Item(number: 1, unconfirmed: true, status: "a"), Item(number: 2, unconfirmed: false, status: "a"),
      Item(number: 3, unconfirmed: true, status: "a"), Item(number: 4, unconfirmed: true, status: "b"),
      Item(number: 5, unconfirmed: true, status: "a"),
    ]
    // 1, 3 and 5 read alike and gather; 2 is confirmed; 4 is alone in its status and keeps its row.
    #expect(lines(items) == ["1+3+5", "2", "4"])
  }

  @Test func aSingleUnconfirmedItemAndConfirmedOnesAreNeverGathered() {
    let items = [
      Item(number: 1, unconfirmed: false, status: "a"), Item(number: 2, unconfirmed: false, status: "a"),
      Item(number: 3, unconfirmed: true, status: "a"),
    ]
    #expect(lines(items) == ["1", "2", "3"])
  }

  @Test func idsAreWrittenWithRuns() {
    let ids = [1, 2, 3, 4, 7, 9, 10, 11, 12, 13, 14, 15].compactMap { RecommendationID(prefix: "JAY", number: $0) }
    #expect(ReadingLines.ids(ids) == "JAY-1–4, 7, 9–15")
    #expect(ReadingLines.ids([RecommendationID("IICSA-3")!]) == "IICSA-3")
    #expect(ReadingLines.ids([RecommendationID("JAY-2")!, RecommendationID("JAY-5")!]) == "JAY-2, 5")
  }
}
