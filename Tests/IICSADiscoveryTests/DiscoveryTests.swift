import Foundation
import IICSADomain
import Testing

@testable import IICSADiscovery

/// A transport that answers from a closure and remembers what it was asked.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
  private let lock = NSLock()
  private var asked: [(url: String, headers: [String: String])] = []
  private let answer: @Sendable (String, Int) throws(TransportFailure) -> HTTPResponse

  init(_ answer: @escaping @Sendable (String, Int) throws(TransportFailure) -> HTTPResponse) { self.answer = answer }

  func get(_ url: String, headers: [String: String], timeout: Double, maximumBytes: Int) async throws(TransportFailure)
    -> HTTPResponse
  {
    let count: Int = lock.withLock {
      asked.append((url, headers))
      return asked.count
    }
    let response = try answer(url, count)
    if response.body.count > maximumBytes { throw .tooLarge(limit: maximumBytes) }
    return response
  }

  func shutdown() async {}

  var requests: [(url: String, headers: [String: String])] { lock.withLock { asked } }
}

/// The recorded responses of Tests/discover/responses.
enum Recorded {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("discover/responses")
  static func bytes(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: folder.appendingPathComponent(name))) }
}

func client(_ transport: FakeTransport, retries: Int = 3) -> PoliteClient {
  var settings = ClientSettings(userAgent: "iicsa/test")
  settings.interval = 0
  settings.backoff = 0
  settings.retries = retries
  return PoliteClient(transport: transport, settings: settings)
}

let wholeRange = Period(from: Day(iso: "2012-01-01")!, through: Day(iso: "2026-12-01")!)

@Suite struct TermMatchingTests {
  @Test func termsMatchWholeWordsWhateverTheCaseAndPunctuation() {
    let title = TermMatcher("Mandatory Reporting: consultation on the duty — Children's homes")
    #expect(title.holds("mandatory reporting"))
    #expect(title.holds("children's homes"))
    #expect(title.holds("Childrens homes") == false)
    #expect(TermMatcher("Redressed wrongs").holds("redress") == false)
    #expect(TermMatcher("the IICSA report").holds("IICSA"))
  }

  @Test func citedLinksIgnoreSchemeHostCaseTrailingSlashAndFragment() {
    let cited = CitedLinks(["https://www.gov.uk/government/news/x/", "http://Hansard.parliament.uk/Commons/2026-01-14/debates/ABC/Title"])
    #expect(cited.contains("http://gov.uk/government/news/x#section"))
    #expect(cited.contains("https://hansard.parliament.uk/Commons/2026-01-14/debates/ABC/Title"))
    #expect(cited.contains("https://www.gov.uk/government/news/y") == false)
    #expect(cited.contains("https://www.gov.uk/government/news/X") == false, "a path is case-sensitive")
    let debate = CitedLinks(["https://hansard.parliament.uk/Commons/2015-02-26/debates/15022652000003/ChildSexualExploitation(Rotherham)"])
    #expect(debate.contains("https://hansard.parliament.uk/Commons/2015-02-26/debates/15022652000003/ChildSexualExploitationRotherham"))
    #expect(debate.contains("https://hansard.parliament.uk/Commons/2015-02-26/debates/15022652000004/ChildSexualExploitationRotherham") == false)
  }

  @Test func anItemMatchesTheRecommendationsWhoseTermsFoundItOrItsTitleHolds() {
    let terms = DiscoveryTerms(
      departments: [], reports: [.init(report: SourceID("iicsa-2022")!, terms: ["IICSA"])],
      recommendations: [
        .init(recommendation: RecommendationID("IICSA-13")!, terms: ["mandatory reporting"], departments: []),
        .init(recommendation: RecommendationID("IICSA-2")!, terms: ["Child Protection Authority"], departments: []),
      ])
    var candidate = Candidate(
      date: Day(iso: "2026-01-01")!, source: .govuk, kind: .publication, title: "A Child Protection Authority for England",
      link: "https://www.gov.uk/x", terms: ["mandatory reporting"])
    terms.match(&candidate)
    #expect(candidate.recommendations.map(\.description) == ["IICSA-13", "IICSA-2"])
    #expect(candidate.reports.isEmpty)
    #expect(terms.only([RecommendationID("IICSA-2")!]).searchTerms == ["Child Protection Authority"])
  }
}

@Suite struct PoliteClientTests {
  @Test func aTooManyRequestsAnswerIsTriedAgainAndEveryRequestNamesIICSA() async throws {
    let transport = FakeTransport { _, count throws(TransportFailure) in
      count == 1 ? HTTPResponse(status: 429, headers: ["retry-after": "0"]) : HTTPResponse(status: 200, body: Array("ok".utf8))
    }
    let body = try await client(transport).get("http://127.0.0.1:1/x", from: .govuk)
    #expect(body == Array("ok".utf8))
    #expect(transport.requests.count == 2)
    #expect(transport.requests.allSatisfy { $0.headers["User-Agent"] == "iicsa/test" })
  }

  @Test func serverErrorsAreTriedAgainThenReportedNamingTheSource() async throws {
    let transport = FakeTransport { _, _ throws(TransportFailure) in HTTPResponse(status: 503) }
    await #expect(throws: DiscoveryError.status(.bills, url: "http://127.0.0.1:1/x", status: 503)) {
      try await client(transport, retries: 2).get("http://127.0.0.1:1/x", from: .bills)
    }
    #expect(transport.requests.count == 3)
    #expect(DiscoveryError.status(.bills, url: "u", status: 503).description == "bills: u answered HTTP 503")
  }

  @Test func aBodyOverTheCapIsNotReadAgainAndATimeoutIsRetried() async throws {
    let large = FakeTransport { _, _ throws(TransportFailure) in HTTPResponse(status: 200, body: Array(repeating: 0, count: (5 << 20) + 1)) }
    await #expect(throws: DiscoveryError.unreachable(.hansard, url: "http://h/x", .tooLarge(limit: 5 << 20))) {
      try await client(large).get("http://h/x", from: .hansard)
    }
    #expect(large.requests.count == 1)
    let slow = FakeTransport { _, count throws(TransportFailure) in
      if count < 3 { throw .timedOut }
      return HTTPResponse(status: 200)
    }
    _ = try await client(slow).get("http://h/x", from: .hansard)
    #expect(slow.requests.count == 3)
  }

  @Test func aHostAskingForTooLongAWaitIsGivenUpOn() async throws {
    let transport = FakeTransport { _, _ throws(TransportFailure) in HTTPResponse(status: 429, headers: ["retry-after": "3600"]) }
    await #expect(throws: DiscoveryError.waitTooLong(.govuk, url: "http://g/x", seconds: 3600)) {
      try await client(transport).get("http://g/x", from: .govuk)
    }
    let date = Date(timeIntervalSince1970: 1_000_000)
    #expect(PoliteClient.seconds(retryAfter: "Mon, 12 Jan 1970 13:47:00 GMT", now: date) == 20)
    #expect(PoliteClient.seconds(retryAfter: "soon") == nil)
  }
}

@Suite struct SourceReadingTests {
  @Test func writtenQuestionsArePagedBySkipAndTakeUpToTheLimit() async throws {
    let recorded = try JSONSerialization.jsonObject(with: Data(try Recorded.bytes("written-questions/questions.json"))) as! [String: Any]
    let template = try JSONSerialization.data(withJSONObject: (recorded["results"] as! [[String: Any]])[0])
    let total = Paging.limit + 30
    let transport = FakeTransport { url, _ throws(TransportFailure) in
      let components = URLComponents(string: url)!
      let query = Dictionary(uniqueKeysWithValues: components.queryItems!.map { ($0.name, $0.value ?? "") })
      guard components.path.hasSuffix("/questions") else {
        return HTTPResponse(status: 200, body: Array(#"{"totalResults":0,"results":[]}"#.utf8))
      }
      let skip = Int(query["skip"]!)!
      let take = Int(query["take"]!)!
      let results = (skip..<min(skip + take, total)).map { index -> [String: Any] in
        var item = try! JSONSerialization.jsonObject(with: template) as! [String: Any]
        var value = item["value"] as! [String: Any]
        value["uin"] = "HL\(index)"
        item["value"] = value
        return item
      }
      let body = try! JSONSerialization.data(withJSONObject: ["totalResults": total, "results": results])
      return HTTPResponse(status: 200, body: Array(body))
    }
    let found = try await WrittenQuestionsSearch().search("mandatory reporting", in: wholeRange, base: "http://127.0.0.1:1", client: client(transport))
    #expect(found.candidates.count == Paging.limit)
    #expect(Set(found.candidates.map(\.link)).count == Paging.limit)
    #expect(found.unread == ["written questions and statements: 'mandatory reporting' matched \(total) items; the first \(Paging.limit) were read"])
    let first = try #require(found.candidates.first)
    #expect(first.title == "Ministry of Defence: Cost Effectiveness")
    #expect(first.link == "https://questions-statements.parliament.uk/written-questions/detail/2021-01-26/HL0")
    #expect(first.speaker == "Jeremy Quin")
    #expect(first.date == Day(iso: "2021-02-01"))
  }

  @Test func anAnswerOfTheWrongShapeFailsTheSourceNamingTheField() async throws {
    let transport = FakeTransport { _, _ throws(TransportFailure) in HTTPResponse(status: 200, body: Array(#"{"Results":[{"Title":"x"}],"TotalResultCount":1}"#.utf8)) }
    await #expect(throws: DiscoveryError.self) {
      try await HansardSearch().search("x", in: wholeRange, base: "http://h", client: client(transport))
    }
    do {
      _ = try await HansardSearch().search("x", in: wholeRange, base: "http://h", client: client(transport))
    } catch {
      #expect(error.description.contains("no 'Results[0].SittingDate'"))
    }
  }

  @Test func theLegislationFeedIsReadWithItsOwnLinksOverHTTPS() async throws {
    let feed = try Recorded.bytes("legislation/feed.xml")
    let transport = FakeTransport { _, _ throws(TransportFailure) in HTTPResponse(status: 200, body: feed) }
    let found = try await LegislationSearch().search("construction", in: wholeRange, base: "http://l", client: client(transport))
    let order = try #require(found.candidates.first { $0.link.contains("/uksi/2015/2028") })
    #expect(order.link == "https://www.legislation.gov.uk/uksi/2015/2028/made")
    #expect(order.date == Day(iso: "2015-12-16"))
    #expect(order.detail == "UnitedKingdomStatutoryInstrument, made 2015-12-14")
    #expect(order.statementKind == .statutoryInstrument)
    #expect(transport.requests.count == 1, "morePages is 0: one page")
  }

  @Test func billsAreOneItemEachWithTheStagesThatSatInThePeriod() async throws {
    let bills = try Recorded.bytes("bills/bills.json")
    let stages = try Recorded.bytes("bills/stages.json")
    let transport = FakeTransport { url, _ throws(TransportFailure) in
      HTTPResponse(status: 200, body: url.contains("/Stages") ? stages : bills)
    }
    let period = Period(from: Day(iso: "2026-03-01")!, through: Day(iso: "2026-12-01")!)
    let found = try await BillsSearch().search("armed forces", in: period, base: "http://b", client: client(transport))
    // Sorted by update, newest first: the bills last updated before the period are not read.
    #expect(found.candidates.map(\.link) == ["https://bills.parliament.uk/bills/4065"])
    #expect(found.candidates.first?.detail == "Committee stage (Commons) 2026-03-05; Committee stage (Lords) 2026-09-08")
    #expect(found.candidates.first?.date == Day(iso: "2026-09-08"))
  }

  @Test func networkTextIsOneLineWithoutMarkupAndLinksStayOnTheSourcesHost() throws {
    #expect(try NetworkText.line("<b>Child</b>\n  Protection&amp;Care", field: "title", source: .govuk, item: "x") == "Child Protection&Care")
    #expect(throws: NetworkText.Refusal.self) { try NetworkText.line("a\u{202E}b", field: "title", source: .govuk, item: "x") }
    #expect(throws: NetworkText.Refusal.self) { try NetworkText.link("https://www.gov.uk.evil.example/x", source: .govuk, item: "x") }
    #expect(throws: NetworkText.Refusal.self) { try NetworkText.link("javascript:alert(1)", source: .govuk, item: "x") }
    #expect(throws: NetworkText.Refusal.self) { try NetworkText.pathPiece("../x", source: .hansard, item: "x") }
    let long = String(repeating: "a", count: 400)
    #expect(try NetworkText.line(long, field: "title", source: .govuk, item: "x").count == 300)
  }
}
