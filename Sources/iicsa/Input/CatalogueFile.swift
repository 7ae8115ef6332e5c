import IICSADomain
import Yams

/// A report and its recommendations read from a catalogue YAML file.
struct CatalogueFile {
  /// The file, as the user named it.
  var path: String
  /// The report.
  var report: Report
  /// When it entered the record, if the file says.
  var recordedAt: Timestamp?

  static let fields = ["id", "prefix", "title", "author", "published", "recorded_at", "url", "note", "recommendations"]
  static let itemFields = ["number", "title", "text", "kind", "addressed_to", "lead", "confidence", "note", "sources", "repeats"]

  /// The report's own address, held to the rules of every source's.
  private static func reportURL(_ map: YAMLMapping) throws(InputError) -> String {
    let url = try map.text("url")
    if let problem = TextRules.urlProblem(url) {
      throw map.error("url", "'\(url)' \(problem)", hint: "Give the public web address of the report, as the browser shows it.")
    }
    return url
  }

  static func parse(_ node: Node, path: String) throws(InputError) -> CatalogueFile {
    let map = try YAMLMapping(node, file: path, what: "a catalogue")
    try map.allowOnly(fields)
    let id = try map.parsed("id", expected: "a valid source id (lower-case letters, digits and '-')") { SourceID.exactly($0) }
    let prefix = try map.parsed("prefix", expected: "a prefix (upper-case letters and digits)") {
      RecommendationID.isValidPrefix($0) ? $0 : nil
    }
    var items: [Recommendation] = []
    for item in try map.mappings("recommendations", what: "recommendation") {
      try item.allowOnly(itemFields)
      let number = try item.parsed("number", expected: "a whole number from 1") { Int($0).flatMap { $0 >= 1 ? $0 : nil } }
      guard let recID = RecommendationID(prefix: prefix, number: number) else {
        throw item.error("number", "\(number) is out of range")
      }
      var addressed: [String] = []
      for (text, _) in try item.texts("addressed_to") { addressed.append(text) }
      if addressed.isEmpty { throw item.error("addressed_to", "'addressed_to' is missing", hint: "Say who must act, e.g. [UK government].") }
      var repeats: [RecommendationID] = []
      var listed: Set<RecommendationID> = []
      for (text, place) in try item.texts("repeats") {
        guard let earlier = RecommendationID(text) else {
          throw InputError(
            file: path, at: place, message: "'\(text)' is not a recommendation id",
            hint: "List the earlier recommendations it repeats, e.g. [JAY-5, CASEY15-6].")
        }
        if !listed.insert(earlier).inserted {
          throw InputError(file: path, at: place, message: "\(earlier) is listed twice under 'repeats'")
        }
        repeats.append(earlier)
      }
      items.append(
        Recommendation(
          id: recID, title: try item.text("title"), text: try item.text("text"),
          kind: try item.optionalParsed("kind", expected: "recommendation or finding", Recommendation.Kind.init(rawValue:)) ?? .recommendation,
          addressedTo: addressed, lead: try item.optionalText("lead"),
          confidence: try item.optionalParsed("confidence", expected: "confirmed, single_source or unconfirmed", Confidence.init(rawValue:)) ?? .confirmed,
          note: try item.optionalText("note"), sources: try SourceLinks.read(item, required: true),
          repeats: repeats))
    }
    let report = Report(
      id: id, prefix: prefix, title: try map.text("title"), author: try map.text("author"),
      published: try map.parsed("published", expected: "a real date as YYYY-MM-DD") { Day(iso: $0) },
      url: try reportURL(map), note: try map.optionalText("note"), recommendations: items)
    do throws(RuleViolation) {
      try report.check()
    } catch {
      throw map.error(error == .emptyReport(source: id) ? "recommendations" : "id", error.description)
    }
    let recordedAt = try map.optionalParsed("recorded_at", expected: Vocabulary.time) { Timestamp(iso: $0) }
    return CatalogueFile(path: path, report: report, recordedAt: recordedAt)
  }
}
