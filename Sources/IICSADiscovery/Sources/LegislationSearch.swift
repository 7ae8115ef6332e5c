import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif
public import IICSADomain

/// legislation.gov.uk's search feed (Atom): Acts and statutory instruments whose title a term
/// finds, by the day each was published (made, for an instrument, is often earlier), newest
/// first. The feed has no date filter, so paging stops at the first entry published before the
/// period.
public struct LegislationSearch: SourceSearch {
  public let source = DiscoverySource.legislation
  public init() {}

  public func search(_ term: String, in period: Period, base: String, client: PoliteClient) async throws(DiscoveryError) -> Found {
    var found = Found()
    // The feed pages by number, not by offset.
    var page = 0
    if let note = try await Paging.read("\(source.label): '\(term)'", { _ throws(DiscoveryError) in
      page += 1
      let url = Answer.url(
        base, "/search/data.feed",
        [
          ("title", term), ("start-year", String(period.from.year)), ("end-year", String(period.through.year)),
          ("sort", "published"), ("page", String(page)),
        ])
      let feed = try AtomFeed.read(try await client.get(url, from: source, accept: "application/atom+xml"), source: source, url: url)
      var older = false
      for entry in feed.entries {
        guard let published = Answer.day(entry.published) else {
          throw .shape(source, url: url, "an entry has no 'published' date")
        }
        if published < period.from { older = true }
        found.add { () throws(NetworkText.Refusal) in
          let item = NetworkText.label(entry.title)
          // The feed links over http; the same page is served over https.
          let link = entry.link.hasPrefix("http://www.legislation.gov.uk/") ? "https://" + entry.link.dropFirst("http://".count) : entry.link
          return Candidate(
            date: published, source: source, kind: .legislation,
            title: try NetworkText.line(entry.title, field: "title", source: source, item: item),
            link: try NetworkText.link(String(link), source: source, item: item),
            detail: try NetworkText.optionalLine(
              entry.type.map { "\($0)\(Answer.day(entry.created).map { ", made \($0)" } ?? "")" }, field: "detail",
              source: source, item: item),
            terms: [term])
        }
      }
      return Paging.Page(items: feed.entries.count, total: nil, last: older || feed.morePages == 0)
    }) {
      found.unread.append(note)
    }
    return found
  }
}

/// The parts of a legislation.gov.uk Atom feed `discover` reads.
struct AtomFeed {
  struct Entry {
    var title = ""
    var link = ""
    var published: String?
    var created: String?
    var type: String?
  }

  var entries: [Entry] = []
  /// legislation.gov.uk's estimate of the pages left; nil when the feed does not say.
  var morePages: Int?

  static func read(_ body: [UInt8], source: DiscoverySource, url: String) throws(DiscoveryError) -> AtomFeed {
    let reader = Reader()
    let parser = XMLParser(data: Data(body))
    parser.delegate = reader
    parser.shouldResolveExternalEntities = false
    guard parser.parse(), reader.sawFeed else {
      throw .shape(source, url: url, reader.sawFeed ? "it is not well-formed XML" : "it is not an Atom feed")
    }
    return reader.feed
  }

  private final class Reader: NSObject, XMLParserDelegate {
    var feed = AtomFeed()
    var sawFeed = false
    private var entry: Entry?
    private var text = ""

    func parser(
      _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
      attributes: [String: String] = [:]
    ) {
      text = ""
      switch name {
      case "feed": sawFeed = true
      case "entry": entry = Entry()
      case "link" where entry != nil && attributes["rel"] == nil:
        if entry?.link.isEmpty == true { entry?.link = attributes["href"] ?? "" }
      case "ukm:DocumentMainType": entry?.type = attributes["Value"]
      case "ukm:CreationDate": entry?.created = attributes["Date"]
      default: break
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if text.utf8.count < 100_000 { text += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
      switch name {
      case "entry":
        if let entry { feed.entries.append(entry) }
        entry = nil
      case "title": entry?.title = text
      case "published": entry?.published = text
      case "leg:morePages": feed.morePages = Int(text.trimmingCharacters(in: .whitespaces))
      default: break
      }
      text = ""
    }
  }
}
