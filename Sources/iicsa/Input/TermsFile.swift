import IICSADiscovery
import IICSADomain
import Yams

/// The discovery terms read from their YAML file (docs/data-format.md, "The discovery terms"):
/// every recommendation once, every department named declared, every term text that a search
/// box can be given.
enum TermsFile {
  static func read(_ path: String) throws(InputError) -> DiscoveryTerms {
    try parse(try InputFile.yaml(at: path), path: path)
  }

  /// The terms in `node`, already read from `path` (as `check` and `import` read every file).
  static func parse(_ node: Node, path: String) throws(InputError) -> DiscoveryTerms {
    let map = try YAMLMapping(node, file: path, what: "the discovery terms")
    try map.allowOnly(["departments", "reports", "recommendations"])
    var departments: [DiscoveryTerms.Department] = []
    for item in try map.mappings("departments", what: "department") {
      try item.allowOnly(["slug", "name"])
      let slug = try item.parsed("slug", expected: "a GOV.UK organisation slug (lower-case letters, digits and '-')") { text in
        EventID.exactly(text) == nil ? nil : text
      }
      if departments.contains(where: { $0.slug == slug }) { throw item.error("slug", "'\(slug)' is declared twice") }
      departments.append(.init(slug: slug, name: try item.text("name")))
    }
    var reports: [DiscoveryTerms.ReportEntry] = []
    for item in try map.mappings("reports", what: "report") {
      try item.allowOnly(["report", "terms"])
      let id = try item.parsed("report", expected: "a report's source id, as its catalogue gives it") { SourceID.exactly($0) }
      reports.append(.init(report: id, terms: try terms(item)))
    }
    var entries: [DiscoveryTerms.Entry] = []
    for item in try map.mappings("recommendations", what: "recommendation") {
      try item.allowOnly(["recommendation", "terms", "departments", "basis"])
      let id = try item.parsed("recommendation", expected: "a recommendation id such as IICSA-13") { RecommendationID($0) }
      if entries.contains(where: { $0.recommendation == id }) { throw item.error("recommendation", "\(id) has two entries") }
      _ = try item.text("basis")
      var named: [String] = []
      for (slug, place) in try item.texts("departments") {
        guard departments.contains(where: { $0.slug == slug }) else {
          throw InputError(
            file: path, at: place, message: "'\(slug)' is not a department listed under 'departments'",
            hint: "Declare it there with its name, or correct the slug.")
        }
        named.append(slug)
      }
      entries.append(.init(recommendation: id, terms: try terms(item), departments: named))
    }
    if entries.isEmpty { throw map.error("recommendations", "no recommendation has terms", hint: "List each recommendation with its terms.") }
    return DiscoveryTerms(departments: departments, reports: reports, recommendations: entries)
  }

  /// One to four terms, each a phrase a search box takes.
  private static func terms(_ item: YAMLMapping) throws(InputError) -> [String] {
    let listed = try item.texts("terms")
    guard (1...4).contains(listed.count) else {
      throw item.error("terms", "'terms' lists \(listed.count) terms; give 1 to 4", hint: "A few precise terms find more than many loose ones.")
    }
    for (term, place) in listed where term.count > 100 || TermMatcher.normalised(term).isEmpty {
      throw InputError(file: item.file, at: place, message: "'\(term)' is not a term a search can be given (1 to 100 characters, with a letter or digit)")
    }
    return listed.map(\.0)
  }
}
