/// A public link that a fact rests on.
public struct SourceLink: Hashable, Sendable, Codable {
  /// An `http` or `https` URL.
  public var url: String
  /// Who published the page (a department, a newspaper, Hansard).
  public var publisher: String
  /// The page's title, when useful.
  public var title: String?

  /// Creates a link.
  public init(url: String, publisher: String, title: String? = nil) {
    self.url = url
    self.publisher = publisher
    self.title = title
  }

  /// What tells one place a sweep searched from another: the link as given, its URL without the
  /// scheme, a leading `www.` or a trailing `/`, lower-cased, and its title. One site may be two
  /// places (Parallel Parliament's debates and its written statements, read to different days).
  public var place: String {
    var address = Substring(url.lowercased())
    for scheme in ["https://", "http://"] where address.hasPrefix(scheme) { address = address.dropFirst(scheme.count) }
    if address.hasPrefix("www.") { address = address.dropFirst(4) }
    while address.hasSuffix("/") { address = address.dropLast() }
    return address + "\n" + (title ?? "")
  }

  /// Whether the URL is an absolute `http(s)` URL with a host and no white space.
  public var hasWebURL: Bool {
    // Checked for every statement a replay reads: the common all-ASCII case on bytes.
    if url.utf8.allSatisfy({ $0 < 0x80 }) { return Self.isASCIIWebURL(Array(url.utf8)) }
    let lower = url.lowercased()
    let rest: Substring
    if lower.hasPrefix("https://") {
      rest = lower.dropFirst(8)
    } else if lower.hasPrefix("http://") {
      rest = lower.dropFirst(7)
    } else {
      return false
    }
    let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
    return !host.isEmpty && !url.contains(where: \.isWhitespace)
  }

  /// `hasWebURL` for an all-ASCII URL: the same rules, where white space is tab to carriage
  /// return, and space.
  private static func isASCIIWebURL(_ bytes: [UInt8]) -> Bool {
    let lower = bytes.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 32 : $0 }
    let start: Int
    if lower.starts(with: Array("https://".utf8)) {
      start = 8
    } else if lower.starts(with: Array("http://".utf8)) {
      start = 7
    } else {
      return false
    }
    let hostEnd = lower[start...].firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "#") }
    return (hostEnd ?? lower.endIndex) > start && !bytes.contains { (0x09...0x0d).contains($0) || $0 == 0x20 }
  }
}

/// How sure the record is of a fact.
public enum Confidence: String, CaseIterable, Codable, Sendable {
  /// Seen in two or more independent sources.
  case confirmed
  /// Seen in one source only.
  case singleSource = "single_source"
  /// Not confirmed: the note says what is missing.
  case unconfirmed
}

/// A report that made recommendations or findings: a source, in design.md's words.
public struct Report: Hashable, Sendable, Codable {
  /// The source id, such as `iicsa-2022`.
  public var id: SourceID
  /// The prefix of its recommendation ids, such as `IICSA`.
  public var prefix: String
  /// The report's title.
  public var title: String
  /// Who wrote it.
  public var author: String
  /// When it was published.
  public var published: Day
  /// Where it can be read.
  public var url: String
  /// Remarks about the report or how it was read.
  public var note: String?
  /// Its recommendations or findings, in the report's numbering.
  public var recommendations: [Recommendation]

  /// Creates a report.
  public init(
    id: SourceID, prefix: String, title: String, author: String, published: Day, url: String,
    note: String? = nil, recommendations: [Recommendation]
  ) {
    self.id = id
    self.prefix = prefix
    self.title = title
    self.author = author
    self.published = published
    self.url = url
    self.note = note
    self.recommendations = recommendations
  }
}

extension Report {
  /// The report this tracker follows, and the one most readers come for: the Independent
  /// Inquiry into Child Sexual Abuse's final report (October 2022). It leads every listing.
  public static let lead = SourceID.exactly("iicsa-2022")!

  /// The order reports are listed in, everywhere (docs/status.md, "The order of reports"): the
  /// lead report first, then the others oldest first, ties by id. Stable: it depends only on
  /// the reports' ids and dates.
  public static func readingOrder(_ a: Report, _ b: Report) -> Bool {
    (a.id == lead ? 0 : 1, a.published, a.id) < (b.id == lead ? 0 : 1, b.published, b.id)
  }

  /// What describes the report, without its recommendations.
  public var info: SourceInfo {
    SourceInfo(id: id, prefix: prefix, title: title, author: author, published: published, url: url)
  }
}

/// A report's description: what a status listing needs to name its sources.
public struct SourceInfo: Hashable, Sendable {
  /// The source id.
  public var id: SourceID
  /// The prefix of its recommendation ids.
  public var prefix: String
  /// The title.
  public var title: String
  /// The author.
  public var author: String
  /// When it was published.
  public var published: Day
  /// Where it can be read.
  public var url: String

  /// Creates a description.
  public init(id: SourceID, prefix: String, title: String, author: String, published: Day, url: String) {
    self.id = id
    self.prefix = prefix
    self.title = title
    self.author = author
    self.published = published
    self.url = url
  }
}

/// One recommendation or finding of a report.
public struct Recommendation: Hashable, Sendable, Codable {
  /// Whether the report recommends an action or states a finding that called for an answer.
  public enum Kind: String, Codable, Sendable, CaseIterable {
    /// An action the report asks for.
    case recommendation
    /// A finding the government or council had to answer.
    case finding
  }

  /// Its id, such as `IICSA-13`.
  public var id: RecommendationID
  /// A short title, as a campaigner would say it.
  public var title: String
  /// A paraphrase of what it asks, in the recorder's words.
  public var text: String
  /// Recommendation or finding.
  public var kind: Kind
  /// Who must act: `UK government`, `Welsh Government`, `Rotherham MBC`…
  public var addressedTo: [String]
  /// The lead department, where known.
  public var lead: String?
  /// How sure the record is of its number and text.
  public var confidence: Confidence
  /// What could not be confirmed, or other remarks.
  public var note: String?
  /// Where its number and content were read.
  public var sources: [SourceLink]
  /// Earlier recommendations, of any report, that its report says it repeats or builds on.
  public var repeats: [RecommendationID]

  /// Creates a recommendation.
  public init(
    id: RecommendationID, title: String, text: String, kind: Kind = .recommendation,
    addressedTo: [String], lead: String? = nil, confidence: Confidence = .confirmed,
    note: String? = nil, sources: [SourceLink], repeats: [RecommendationID] = []
  ) {
    self.id = id
    self.title = title
    self.text = text
    self.kind = kind
    self.addressedTo = addressedTo
    self.lead = lead
    self.confidence = confidence
    self.note = note
    self.sources = sources
    self.repeats = repeats
  }

  enum CodingKeys: String, CodingKey {
    case id, title, text, kind, lead, confidence, note, sources, repeats
    case addressedTo = "addressed_to"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    self.init(
      id: try c.decode(RecommendationID.self, forKey: .id), title: try c.decode(String.self, forKey: .title),
      text: try c.decode(String.self, forKey: .text), kind: try c.decode(Kind.self, forKey: .kind),
      addressedTo: try c.decode([String].self, forKey: .addressedTo),
      lead: try c.decodeIfPresent(String.self, forKey: .lead),
      confidence: try c.decode(Confidence.self, forKey: .confidence),
      note: try c.decodeIfPresent(String.self, forKey: .note),
      sources: try c.decode([SourceLink].self, forKey: .sources),
      repeats: try c.decodeIfPresent([RecommendationID].self, forKey: .repeats) ?? [])
  }

  /// `repeats` is left out when empty: catalogues recorded before it existed keep their bytes.
  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(title, forKey: .title)
    try c.encode(text, forKey: .text)
    try c.encode(kind, forKey: .kind)
    try c.encode(addressedTo, forKey: .addressedTo)
    try c.encodeIfPresent(lead, forKey: .lead)
    try c.encode(confidence, forKey: .confidence)
    try c.encodeIfPresent(note, forKey: .note)
    try c.encode(sources, forKey: .sources)
    if !repeats.isEmpty { try c.encode(repeats, forKey: .repeats) }
  }
}
