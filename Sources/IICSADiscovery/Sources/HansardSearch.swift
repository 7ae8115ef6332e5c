public import IICSADomain

/// Hansard's search API: debates in either House whose text a term finds, in the period.
public struct HansardSearch: SourceSearch {
  public let source = DiscoverySource.hansard
  public init() {}

  struct Page: Decodable {
    var Results: [Debate]
    var TotalResultCount: Int
  }

  struct Debate: Decodable {
    var Title: String
    var SittingDate: String
    var House: String
    var DebateSection: String?
    var DebateSectionExtId: String
  }

  public func search(_ term: String, in period: Period, base: String, client: PoliteClient) async throws(DiscoveryError) -> Found {
    var found = Found()
    if let note = try await Paging.read("\(source.label): '\(term)'", { skip throws(DiscoveryError) in
      let url = Answer.url(
        base, "/search/debates.json",
        [
          ("queryParameters.searchTerm", term), ("queryParameters.startDate", period.from.description),
          ("queryParameters.endDate", period.through.description), ("queryParameters.skip", String(skip)),
          ("queryParameters.take", String(Paging.pageSize)),
        ])
      let page = try Answer.decode(Page.self, from: try await client.get(url, from: source), source: source, url: url)
      for debate in page.Results {
        found.add { () throws(NetworkText.Refusal) in
          let item = "debate \(NetworkText.printable(debate.DebateSectionExtId))"
          guard let day = Answer.day(debate.SittingDate) else { return nil }
          let house = try NetworkText.pathPiece(debate.House, source: source, item: item)
          let id = try NetworkText.pathPiece(debate.DebateSectionExtId, source: source, item: item)
          let title = try NetworkText.line(debate.Title, field: "title", source: source, item: item)
          // Hansard's own address: the title, without spaces, follows the id.
          let slug = String(title.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }.map(Character.init))
          return Candidate(
            date: day, source: source, kind: .debate, title: title,
            link: try NetworkText.link("https://hansard.parliament.uk/\(house)/\(day)/debates/\(id)/\(slug)", source: source, item: item),
            body: try NetworkText.line(
              "House of \(house)\(debate.DebateSection.map { ", \($0)" } ?? "")", field: "role", source: source, item: item),
            terms: [term])
        }
      }
      return Paging.Page(items: page.Results.count, total: page.TotalResultCount)
    }) {
      found.unread.append(note)
    }
    return found
  }
}
