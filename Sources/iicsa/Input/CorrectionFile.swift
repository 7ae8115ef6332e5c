import IICSADomain
import Yams

/// A correction of the record read from a YAML file: which event it corrects, why, where the
/// right fact was read, and the corrected content (none retracts the event).
///
/// The bundled record ships its corrections as such files (`Fixtures/corrections/`), so that every
/// store can take them and every correction stays visible.
struct CorrectionFile {
  /// The file, as the user named it.
  var path: String
  /// The correction's own event id.
  var id: EventID
  /// The correction.
  var correction: Correction
  /// When it entered the record, if the file says.
  var recordedAt: Timestamp?
  /// The line of the `corrects` field, where rule violations point.
  var line: Int?

  static let fields = ["id", "corrects", "recorded_at", "reason", "sources", "replacement"]

  static func parse(_ node: Node, path: String) throws(InputError) -> CorrectionFile {
    let map = try YAMLMapping(node, file: path, what: "a correction")
    try map.allowOnly(fields)
    let id = try map.parsed("id", expected: "a valid id (lower-case letters, digits and '-')") { EventID.exactly($0) }
    let target = try map.parsed("corrects", expected: "the id of the event it corrects (a statement's or a catalogue's id)") {
      EventID.exactly($0)
    }
    if target == id {
      throw map.error("corrects", "a correction cannot correct itself", hint: "Give the id of the event it corrects.")
    }
    let reason = try map.text("reason")
    let sources = try SourceLinks.read(map, required: true)
    var replacement: Replacement?
    if let node = map.value("replacement") {
      let content = try YAMLMapping(node, file: path, what: "the replacement (a whole statement or catalogue)")
      if content.value("recorded_at") != nil {
        throw content.error(
          "recorded_at", "a replacement has no 'recorded_at' of its own",
          hint: "It enters the record with the correction: give 'recorded_at' once, at the top.")
      }
      if content.value("prefix") != nil || content.value("recommendations") != nil {
        replacement = .report(try CatalogueFile.parse(node, path: path).report)
      } else {
        replacement = .statement(try StatementFile.parse(node, path: path).statement)
      }
      if let replacement, replacement.eventID != target {
        throw content.error(
          "id", "the replacement has id '\(replacement.eventID)', but the correction corrects '\(target)'",
          hint: "A replacement keeps the id of the event it replaces, even when that id holds a wrong date.")
      }
    }
    let recordedAt = try map.optionalParsed("recorded_at", expected: Vocabulary.time) { Timestamp(iso: $0) }
    return CorrectionFile(
      path: path, id: id,
      correction: Correction(target: target, reason: reason, replacement: replacement, sources: sources),
      recordedAt: recordedAt, line: map.value("corrects")?.line)
  }
}
