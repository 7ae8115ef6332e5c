public import IICSADomain

/// Which words find which recommendation: the reviewed data `discover` searches with
/// (`Fixtures/discovery/terms.yaml`; docs/data-format.md, "The discovery terms").
public struct DiscoveryTerms: Hashable, Sendable {
  /// A department that answers for recommendations: its GOV.UK slug and the name Parliament's
  /// answers give it.
  public struct Department: Hashable, Sendable {
    public var slug: String
    public var name: String
    public init(slug: String, name: String) {
      self.slug = slug
      self.name = name
    }
  }

  /// The terms that find one recommendation, and who answers for it.
  public struct Entry: Hashable, Sendable {
    public var recommendation: RecommendationID
    public var terms: [String]
    public var departments: [String]
    public init(recommendation: RecommendationID, terms: [String], departments: [String]) {
      self.recommendation = recommendation
      self.terms = terms
      self.departments = departments
    }
  }

  /// The terms that find a report as a whole (its name), where no one recommendation is named.
  public struct ReportEntry: Hashable, Sendable {
    public var report: SourceID
    public var terms: [String]
    public init(report: SourceID, terms: [String]) {
      self.report = report
      self.terms = terms
    }
  }

  public var departments: [Department]
  public var reports: [ReportEntry]
  public var recommendations: [Entry]

  public init(departments: [Department], reports: [ReportEntry], recommendations: [Entry]) {
    self.departments = departments
    self.reports = reports
    self.recommendations = recommendations
  }

  /// The terms of `ids` alone; every entry when empty. A report's own terms are left out: they
  /// find whatever names the inquiry, which is not what a search for one recommendation asks.
  public func only(_ ids: [RecommendationID]) -> DiscoveryTerms {
    guard !ids.isEmpty else { return self }
    let wanted = Set(ids)
    return DiscoveryTerms(
      departments: departments, reports: [],
      recommendations: recommendations.filter { wanted.contains($0.recommendation) })
  }

  /// Every term to search for, once each, in a stable order.
  public var searchTerms: [String] {
    var seen: Set<String> = []
    var terms: [String] = []
    for term in recommendations.flatMap(\.terms) + reports.flatMap(\.terms) {
      let key = TermMatcher.normalised(term)
      if seen.insert(key).inserted { terms.append(term) }
    }
    return terms
  }

  /// What `candidate`'s terms find: the recommendations (in the file's order) and the reports
  /// whose terms it was found by or holds in its title.
  public func match(_ candidate: inout Candidate) {
    let title = TermMatcher(candidate.title)
    var found = Set(candidate.terms.map(TermMatcher.normalised))
    for term in recommendations.flatMap(\.terms) + reports.flatMap(\.terms) where title.holds(term) {
      found.insert(TermMatcher.normalised(term))
      candidate.terms.insert(term)
    }
    candidate.recommendations = recommendations.filter { entry in
      entry.terms.contains { found.contains(TermMatcher.normalised($0)) }
    }.map(\.recommendation)
    candidate.reports = reports.filter { entry in
      entry.terms.contains { found.contains(TermMatcher.normalised($0)) }
    }.map(\.report)
  }
}

/// Whole-word, case-insensitive matching of a term in a text: "mandatory reporting" is in
/// "Mandatory Reporting: consultation" but "redress" is not in "redressed".
public struct TermMatcher: Sendable {
  private let padded: String

  public init(_ text: String) { padded = " " + Self.normalised(text) + " " }

  /// Whether the text holds `term` as whole words.
  public func holds(_ term: String) -> Bool {
    let key = Self.normalised(term)
    return !key.isEmpty && padded.contains(" " + key + " ")
  }

  /// Lower case, every run of characters that are not letters or digits made one space.
  public static func normalised(_ text: String) -> String {
    var out = ""
    var pendingSpace = false
    for character in text.lowercased() {
      if character.isLetter || character.isNumber {
        if pendingSpace && !out.isEmpty { out.append(" ") }
        pendingSpace = false
        out.append(character)
      } else {
        pendingSpace = true
      }
    }
    return out
  }
}
