import Foundation
import IICSADomain

/// How much weight a source's address can bear, judged from the address alone: the page that
/// carries the words, or something weaker (Fixtures/README.md, "Sources").
enum SourceQuality: Equatable {
  /// A page of its own: an answer, a statement, a publication.
  case page
  /// A search result or a listing (`search?`, `?q=`, `page=`): it shows that words exist
  /// somewhere, not the words. `check` warns.
  case searchOrListing
  /// A site's home page: it carries none of the words. `check` warns.
  case homePage
  /// A tracker built partly with AI tools: it may corroborate, never be the only source of a
  /// status change, which is refused.
  case aiAssistedTracker

  /// The trackers whose pages say they are built partly with AI tools (Fixtures/README.md).
  static let aiAssistedHosts: Set<String> = ["accountabilityindex.uk", "inquirytracker.uk"]

  /// Query keys that make a page a search or a listing.
  static let listingKeys: Set<String> = ["q", "query", "search", "searchterm", "keywords", "keyword", "term", "page", "text"]

  init(_ url: String) {
    guard let components = URLComponents(string: url), let host = components.host?.lowercased() else {
      self = .page
      return
    }
    let bare = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
    if Self.aiAssistedHosts.contains(bare) || Self.aiAssistedHosts.contains(where: { bare.hasSuffix("." + $0) }) {
      self = .aiAssistedTracker
      return
    }
    let path = components.percentEncodedPath.lowercased()
    let keys = (components.queryItems ?? []).map { $0.name.lowercased() }
    if path.split(separator: "/").contains(where: { $0 == "search" || $0.hasPrefix("search.") || $0 == "results" })
      || keys.contains(where: Self.listingKeys.contains)
    {
      self = .searchOrListing
      return
    }
    if (path.isEmpty || path == "/") && keys.isEmpty {
      self = .homePage
      return
    }
    self = .page
  }

  /// What `check` says of a source of this quality; nil for a page.
  var warning: String? {
    switch self {
    case .page, .aiAssistedTracker: return nil
    case .searchOrListing:
      return "is a search or listing page: it shows that words exist, not the words. Link the page that carries them (the answer, the statement, the publication), or mark the entry unconfirmed and say why in its note"
    case .homePage:
      return "is a site's home page, which carries none of the words. Link the page that carries them"
    }
  }
}
