public import IICSADomain
import Foundation

/// The days a search covers, both included.
public struct Period: Hashable, Sendable {
  public var from: Day
  public var through: Day
  public init(from: Day, through: Day) {
    self.from = from
    self.through = through
  }
  public func contains(_ day: Day) -> Bool { from <= day && day <= through }
}

/// What one search of one source found: the items, and those left out with the reason.
public struct Found: Sendable {
  public var candidates: [Candidate] = []
  public var refused: [NetworkText.Refusal] = []
  /// Searches that returned more than iicsa reads (`Paging.limit` items): say so, never hide it.
  public var unread: [String] = []
  public init(candidates: [Candidate] = [], refused: [NetworkText.Refusal] = [], unread: [String] = []) {
    self.candidates = candidates
    self.refused = refused
    self.unread = unread
  }
  mutating func add(_ other: Found) {
    candidates += other.candidates
    refused += other.refused
    unread += other.unread
  }

  /// Adds `make()`'s candidate, or its refusal.
  mutating func add(_ make: () throws(NetworkText.Refusal) -> Candidate?) {
    do {
      if let candidate = try make() { candidates.append(candidate) }
    } catch {
      refused.append(error)
    }
  }
}

/// How one source is searched: the requests for a term and a period, and the reading of its
/// answers, paging included. Each answer is checked for its shape and its text.
public protocol SourceSearch: Sendable {
  var source: DiscoverySource { get }
  /// What the source published in `period` that its search for `term` returns.
  func search(_ term: String, in period: Period, base: String, client: PoliteClient) async throws(DiscoveryError)
    -> Found
}

/// What a discovery run found, and which sources could not answer.
public struct DiscoveryResult: Sendable {
  /// The items the record does not cite, newest first.
  public var candidates: [Candidate]
  /// How many items the record already cites (left out).
  public var alreadyCited: Int
  /// Items left out because their text or link broke the rules.
  public var refused: [NetworkText.Refusal]
  /// Searches with more results than were read.
  public var unread: [String]
  /// One failure per source that could not answer; its other searches were not made.
  public var failures: [DiscoveryError]
  /// The sources asked.
  public var asked: [DiscoverySource]
  public var period: Period

  /// Whether every source answered every search.
  public var complete: Bool { failures.isEmpty }
}

/// Asks every source about every term, each source in turn through its terms (one request at a
/// time per host) and the sources side by side; one source's failure stops only that source.
public struct Discovery: Sendable {
  public var terms: DiscoveryTerms
  public var searches: [any SourceSearch]
  /// Each source's base URL.
  public var bases: [DiscoverySource: String]
  public var client: PoliteClient

  public init(terms: DiscoveryTerms, searches: [any SourceSearch], bases: [DiscoverySource: String], client: PoliteClient) {
    self.terms = terms
    self.searches = searches
    self.bases = bases
    self.client = client
  }

  /// Runs every search over `period`. Items whose link the record already cites (`cited`, as
  /// `CitedLinks` keys them) are counted, not listed. `progress` is told of each search done.
  public func run(
    _ period: Period, cited: CitedLinks, progress: @escaping @Sendable (DiscoverySource, Int, Int) -> Void = { _, _, _ in }
  ) async -> DiscoveryResult {
    let searchTerms = terms.searchTerms
    let outcomes = await withTaskGroup(of: (DiscoverySource, Found, DiscoveryError?).self) { group in
      for search in searches {
        let base = bases[search.source] ?? search.source.defaultBaseURL
        group.addTask { [client] in
          var found = Found()
          for (index, term) in searchTerms.enumerated() {
            do throws(DiscoveryError) {
              found.add(try await search.search(term, in: period, base: base, client: client))
            } catch {
              return (search.source, found, error)
            }
            progress(search.source, index + 1, searchTerms.count)
          }
          return (search.source, found, nil)
        }
      }
      var all: [(DiscoverySource, Found, DiscoveryError?)] = []
      for await outcome in group { all.append(outcome) }
      return all.sorted { $0.0 < $1.0 }
    }
    var merged: [String: Candidate] = [:]
    var refused: [NetworkText.Refusal] = []
    var unread: [String] = []
    var failures: [DiscoveryError] = []
    for (_, found, failure) in outcomes {
      if let failure { failures.append(failure) }
      refused += found.refused
      unread += found.unread
      for candidate in found.candidates where period.contains(candidate.date) {
        let key = CitedLinks.key(candidate.link)
        if var earlier = merged[key] {
          earlier.terms.formUnion(candidate.terms)
          merged[key] = earlier
        } else {
          merged[key] = candidate
        }
      }
    }
    var listed: [Candidate] = []
    var alreadyCited = 0
    for var candidate in merged.values {
      if cited.contains(candidate.link) {
        alreadyCited += 1
        continue
      }
      terms.match(&candidate)
      listed.append(candidate)
    }
    return DiscoveryResult(
      candidates: listed.sorted(by: Candidate.newestFirst), alreadyCited: alreadyCited,
      refused: Array(Set(refused)).sorted { ($0.source, $0.item, $0.reason) < ($1.source, $1.item, $1.reason) },
      unread: unread, failures: failures, asked: searches.map(\.source).sorted(), period: period)
  }

}

/// The links the record already cites, keyed so that trivial differences (scheme, case of the
/// host, `www.`, a trailing slash, a fragment, a Hansard debate's title) do not hide a match.
public struct CitedLinks: Sendable {
  private let keys: Set<String>

  public init(_ links: some Sequence<String>) { keys = Set(links.map(Self.key)) }

  public func contains(_ link: String) -> Bool { keys.contains(Self.key(link)) }

  public static func key(_ link: String) -> String {
    var text = Substring(link.trimmingCharacters(in: .whitespaces))
    if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
    if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
    let hostEnd = text.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? text.endIndex
    var key = text[..<hostEnd].lowercased() + text[hostEnd...]
    if key.hasPrefix("www.") { key.removeFirst(4) }
    while key.hasSuffix("/") { key.removeLast() }
    // Hansard finds a debate by its id; the title after it is decoration, written differently
    // by different hands ("ChildSexualExploitation(Rotherham)", "ChildSexualExploitationRotherham").
    if key.hasPrefix("hansard.parliament.uk/"), let debates = key.range(of: "/debates/") {
      let id = key[debates.upperBound...].prefix { $0 != "/" }
      key = String(key[..<debates.upperBound] + id)
    }
    return key
  }
}

/// How far a search is paged: enough for a month's answers to any one term, and a bound on what
/// a source that never stops paging can cost.
public enum Paging {
  /// Items asked for per page.
  public static let pageSize = 50
  /// The most items read per search.
  public static let limit = 500

  /// What reading one page found: how many items, of how many in all; `last` when the source's
  /// own order says no later page can matter.
  public struct Page {
    var items: Int
    var total: Int?
    var last = false
  }

  /// Reads a search page by page, `read` given each page's offset (0, then the items read so
  /// far), until every item is read, a page is empty or last, or `limit` items were read. Returns
  /// the note a search cut short owes its reader ("… matched 620 items; the first 500 were
  /// read"), else nil. `what` names the search: "bills: 'redress scheme'".
  static func read(_ what: String, _ read: (Int) async throws(DiscoveryError) -> Page) async throws(DiscoveryError) -> String? {
    var offset = 0
    while true {
      let page = try await read(offset)
      offset += page.items
      if page.items == 0 || page.last || page.total.map({ offset >= $0 }) == true { return nil }
      if offset >= limit {
        return "\(what) matched \(page.total.map(String.init) ?? "more than \(offset)") items; the first \(offset) were read"
      }
    }
  }
}
