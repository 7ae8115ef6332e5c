public import IICSADomain

/// GOV.UK's search API: publications, consultations, responses and news that a term finds,
/// made public in the period, newest first.
public struct GovUKSearch: SourceSearch {
  public let source = DiscoverySource.govuk
  public init() {}

  struct Page: Decodable {
    var results: [Result]
    var total: Int
  }

  struct Result: Decodable {
    var title: String
    var link: String
    var public_timestamp: String?
    var format: String?
    var content_store_document_type: String?
    var organisations: [Organisation]?
    struct Organisation: Decodable { var title: String? }
  }

  /// Each asked for by its own `fields=`, as the API's documentation writes it (an unknown
  /// parameter or value is refused with a 422).
  static let fields = ["title", "link", "public_timestamp", "format", "content_store_document_type", "organisations"]

  public func search(_ term: String, in period: Period, base: String, client: PoliteClient) async throws(DiscoveryError) -> Found {
    var found = Found()
    if let note = try await Paging.read("\(source.label): '\(term)'", { start throws(DiscoveryError) in
      let url = Answer.url(
        base, "/api/search.json",
        [
          ("q", term), ("filter_public_timestamp", "from:\(period.from),to:\(period.through)"), ("order", "-public_timestamp"),
          ("count", String(Paging.pageSize)), ("start", String(start)),
        ] + Self.fields.map { ("fields", $0) })
      let page = try Answer.decode(Page.self, from: try await client.get(url, from: source), source: source, url: url)
      for result in page.results {
        found.add { () throws(NetworkText.Refusal) in
          guard let day = Answer.day(result.public_timestamp) else { return nil }
          let item = NetworkText.label(result.title)
          // Results link by path on GOV.UK; a full address must be GOV.UK's own.
          let link = result.link.hasPrefix("/") && !result.link.hasPrefix("//") ? "https://www.gov.uk" + result.link : result.link
          let organisations = (result.organisations ?? []).compactMap(\.title)
          return Candidate(
            date: day, source: source, kind: .publication,
            title: try NetworkText.line(result.title, field: "title", source: source, item: item),
            link: try NetworkText.link(link, source: source, item: item),
            body: organisations.isEmpty
              ? nil : try NetworkText.line(organisations.joined(separator: ", "), field: "role", source: source, item: item),
            detail: try NetworkText.optionalLine(
              result.content_store_document_type ?? result.format, field: "detail", source: source, item: item),
            terms: [term])
        }
      }
      return Paging.Page(items: page.results.count, total: page.total)
    }) {
      found.unread.append(note)
    }
    return found
  }
}
