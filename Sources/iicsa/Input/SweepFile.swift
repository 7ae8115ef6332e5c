import IICSADomain
import Yams

/// A sweep read from a YAML file: which sources were searched, for which recommendations, through
/// which day, and the statements the search found (docs/data-format.md, "A sweep").
///
/// Told from the other files of the record by its `through` field, which only a sweep has.
struct SweepFile {
  /// The file, as the user named it.
  var path: String
  /// The sweep.
  var sweep: Sweep
  /// When it entered the record, if the file says.
  var recordedAt: Timestamp?
  /// The line of the `through` field, where rule violations point.
  var line: Int?

  static let fields = ["id", "recorded_at", "from", "through", "checked_by", "recommendations", "sources", "found", "note"]

  static func parse(_ node: Node, path: String) throws(InputError) -> SweepFile {
    let todo = StatementFile.placeholders(in: node)
    if let first = todo.first {
      throw InputError(
        file: path, at: first.node.location,
        message: "is a new sweep still to fill in: \(todo.map(\.field).joined(separator: ", ")) still say \(StatementSkeleton.placeholder)",
        hint: "Replace each \(StatementSkeleton.placeholder) with what was searched, and delete the lines that do not apply.")
    }
    let map = try YAMLMapping(node, file: path, what: "a sweep")
    try map.allowOnly(fields)
    let id = try map.parsed("id", expected: "a valid id (lower-case letters, digits and '-')") { EventID.exactly($0) }
    let from = try map.optionalParsed("from", expected: "a real date as YYYY-MM-DD") { Day(iso: $0) }
    let through = try map.parsed("through", expected: "a real date as YYYY-MM-DD") { Day(iso: $0) }
    var recommendations: [RecommendationID] = []
    for (text, place) in try map.texts("recommendations") {
      guard let recommendation = RecommendationID(text) else {
        throw InputError(
          file: path, at: place, message: "'\(text)' is not a recommendation id",
          hint: "Ids look like IICSA-13, JAY-5, CASEY25-11.")
      }
      guard !recommendations.contains(recommendation) else {
        throw InputError(file: path, at: place, message: "\(recommendation) is listed twice", hint: "List each recommendation once.")
      }
      recommendations.append(recommendation)
    }
    if recommendations.isEmpty {
      throw map.error(
        "recommendations", "names no recommendation",
        hint: "List the recommendations searched for, e.g. [IICSA-1, IICSA-2] (`iicsa new sweep` lists every one).")
    }
    var found: [EventID] = []
    for (text, place) in try map.texts("found") {
      guard let statement = EventID.exactly(text) else {
        throw InputError(file: path, at: place, message: "'\(text)' is not a statement id", hint: "Give the id of a statement in the record.")
      }
      guard !found.contains(statement) else {
        throw InputError(file: path, at: place, message: "'\(statement)' is listed twice", hint: "List each statement once.")
      }
      found.append(statement)
    }
    let sweep = Sweep(
      id: id, from: from, through: through, checkedBy: try map.text("checked_by"), recommendations: recommendations,
      sources: try SourceLinks.read(map, required: true), found: found, note: try map.optionalText("note"))
    let recordedAt = try map.optionalParsed("recorded_at", expected: Vocabulary.time) { Timestamp(iso: $0) }
    return SweepFile(path: path, sweep: sweep, recordedAt: recordedAt, line: map.value("through")?.line)
  }
}
