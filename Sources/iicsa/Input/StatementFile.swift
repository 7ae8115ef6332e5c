import Foundation
import IICSADomain
import Yams

/// A statement read from a YAML file, with where each recommendation is named in it.
struct StatementFile {
  /// The file, as the user named it.
  var path: String
  /// The statement.
  var statement: Statement
  /// When it entered the record, if the file says.
  var recordedAt: Timestamp?
  /// Where each recommendation is first named, so rule violations can point at it.
  var places: [RecommendationID: InputLocation]

  static let fields = [
    "id", "date", "date_precision", "recorded_at", "speaker", "role", "kind", "title", "sources",
    "summary", "confidence", "note", "changes", "reaffirms", "relates_to", "pledges", "pledge_outcomes",
  ]

  /// Reads and checks the file's shape; the record's rules are checked when it is recorded.
  static func read(_ path: String) throws(InputError) -> StatementFile {
    try parse(InputFile.yaml(at: path), path: path)
  }

  static func parse(_ node: Node, path: String) throws(InputError) -> StatementFile {
    let todo = placeholders(in: node)
    if let first = todo.first {
      throw InputError(
        file: path, at: first.node.location,
        message: "is a new statement still to fill in: \(todo.map(\.field).joined(separator: ", ")) still say \(StatementSkeleton.placeholder)",
        hint: "Replace each \(StatementSkeleton.placeholder) with what the source says, and delete the lines that do not apply.")
    }
    return try parse(YAMLMapping(node, file: path, what: "a statement"))
  }

  /// The fields of a skeleton (`iicsa new statement`) that still hold the placeholder, named as
  /// a reader finds them: `speaker`, `sources 1 url`, `changes 2 stage`.
  ///
  /// Looks only as deep as a skeleton goes (a list of mappings of texts), and at a bounded number
  /// of nodes: YAML aliases can make a tiny file a tree of billions of nodes.
  static func placeholders(in node: Node) -> [(field: String, node: Node)] {
    var found: [(field: String, node: Node)] = []
    var budget = 10_000
    func visit(_ node: Node, _ path: String, depth: Int) {
      budget -= 1
      guard budget > 0, depth <= 3 else { return }
      switch node {
      case .scalar(let scalar):
        if scalar.string == StatementSkeleton.placeholder && scalar.style == .plain { found.append((path, node)) }
      case .mapping(let mapping):
        for pair in mapping {
          let key = pair.key.string ?? ""
          visit(pair.value, path.isEmpty ? key : "\(path) \(key)", depth: depth + 1)
        }
      case .sequence(let sequence):
        for (index, item) in sequence.enumerated() { visit(item, "\(path) \(index + 1)", depth: depth + 1) }
      case .alias:
        return
      }
    }
    visit(node, "", depth: 0)
    return found
  }

  /// The one reading of a statement's fields, whatever the file's layout (YAML or CSV rows).
  static func parse<Fields: FieldReader>(_ map: Fields) throws(InputError) -> StatementFile {
    let path = map.file
    try map.allowOnly(fields)
    var places: [RecommendationID: InputLocation] = [:]
    func recommendation(_ text: String, _ place: InputLocation?) throws(InputError) -> RecommendationID {
      guard let id = RecommendationID(text) else {
        throw InputError(
          file: path, at: place, message: "'\(text)' is not a recommendation id",
          hint: "Ids look like IICSA-13, JAY-5, CASEY25-11.")
      }
      if places[id] == nil { places[id] = place }
      return id
    }
    let id = try map.parsed("id", expected: "a valid id (lower-case letters, digits and '-')") { EventID.exactly($0) }
    let date = try map.parsed("date", expected: "a real date as YYYY-MM-DD") { Day(iso: $0) }
    var changes: [StatusChange] = []
    // Each list names a recommendation once: a repeat is a slip that would count twice.
    var named: [String: Set<RecommendationID>] = [:]
    func once(_ id: RecommendationID, _ place: InputLocation?, _ list: String) throws(InputError) {
      if !named[list, default: []].insert(id).inserted {
        throw InputError(
          file: path, at: place, message: "\(id) is listed twice under '\(list)'",
          hint: list == "changes" ? "Merge the two changes into one." : "List it once.")
      }
    }
    for change in try map.mappings("changes", what: "change") {
      try change.allowOnly(["recommendation", "position", "stage", "note", "reason"])
      guard let idPlace = change.location(of: "recommendation") else {
        throw change.error("recommendation", "a change needs 'recommendation'")
      }
      let rec = try recommendation(try change.text("recommendation"), idPlace)
      try once(rec, idPlace, "changes")
      let position = try change.optionalParsed("position", expected: Vocabulary.positions, Position.init(rawValue:))
      let stage = try change.optionalParsed("stage", expected: Vocabulary.stages, Stage.init(rawValue:))
      if position == nil && stage == nil {
        throw InputError(
          file: path, at: idPlace, message: "the change to \(rec) gives neither 'position' nor 'stage'",
          hint: "Give one or both; to repeat a commitment, list it under 'reaffirms:'.")
      }
      changes.append(
        StatusChange(
          recommendation: rec, position: position, stage: stage,
          note: try change.optionalText("note"), reason: try change.optionalText("reason")))
    }
    var reaffirms: [RecommendationID] = []
    for (text, place) in try map.texts("reaffirms") {
      let id = try recommendation(text, place)
      try once(id, place, "reaffirms")
      reaffirms.append(id)
    }
    var relatesTo: [RecommendationID] = []
    for (text, place) in try map.texts("relates_to") {
      let id = try recommendation(text, place)
      try once(id, place, "relates_to")
      relatesTo.append(id)
    }
    var pledges: [Pledge] = []
    for pledge in try map.mappings("pledges", what: "pledge") {
      try pledge.allowOnly(["recommendation", "text", "target_stage", "target_position", "due", "due_text", "replaces"])
      guard let idPlace = pledge.location(of: "recommendation") else {
        throw pledge.error("recommendation", "a pledge needs 'recommendation'")
      }
      let rec = try recommendation(try pledge.text("recommendation"), idPlace)
      let stage = try pledge.optionalParsed("target_stage", expected: Vocabulary.stages, Stage.init(rawValue:))
      let position = try pledge.optionalParsed("target_position", expected: Vocabulary.positions + " or any") {
        $0 == "any" ? PledgeTarget.anyResponse : Position(rawValue: $0).map(PledgeTarget.position)
      }
      let target: PledgeTarget
      switch (stage, position) {
      case (let stage?, nil): target = .stage(stage)
      case (nil, let position?): target = position
      // A promise of an act that is no status change: only an outcome can say it was kept.
      case (nil, nil): target = .act
      default:
        throw InputError(
          file: path, at: idPlace, message: "the pledge on \(rec) gives both 'target_stage' and 'target_position'",
          hint: "Give one: the stage or the position that would keep it. Give neither for the promise of an act that no status change shows (publishing a response, setting out a timetable); a later statement then declares it met under 'pledge_outcomes'.")
      }
      pledges.append(
        Pledge(
          recommendation: rec, text: try pledge.text("text"), target: target,
          due: try pledge.optionalParsed("due", expected: "a real date as YYYY-MM-DD") { Day(iso: $0) },
          dueText: try pledge.optionalText("due_text"),
          replaces: try pledge.optionalParsed("replaces", expected: Vocabulary.pledgeID, PledgeID.init)))
    }
    var outcomes: [PledgeOutcome] = []
    for outcome in try map.mappings("pledge_outcomes", what: "pledge outcome") {
      try outcome.allowOnly(["pledge", "recommendation", "outcome", "note"])
      guard let idPlace = outcome.location(of: "recommendation") else {
        throw outcome.error(
          "recommendation", "a pledge outcome needs 'recommendation'",
          hint: "Give the recommendation the pledge is about, as `iicsa pledges` lists it.")
      }
      let rec = try recommendation(try outcome.text("recommendation"), idPlace)
      outcomes.append(
        PledgeOutcome(
          pledge: try outcome.parsed("pledge", expected: Vocabulary.pledgeID, PledgeID.init), recommendation: rec,
          outcome: try outcome.parsed("outcome", expected: "met or withdrawn", PledgeOutcomeKind.init(rawValue:)),
          note: try outcome.optionalText("note")))
    }
    let statement = Statement(
      id: id, date: date,
      datePrecision: try map.optionalParsed("date_precision", expected: "day, month or year", DatePrecision.init(rawValue:)) ?? .day,
      speaker: try map.text("speaker"), role: try map.text("role"),
      kind: try map.parsed("kind", expected: "a kind (\(StatementKind.allCases.map(\.rawValue).joined(separator: ", ")))", StatementKind.init(rawValue:)),
      title: try map.text("title"), summary: try map.text("summary"),
      sources: try SourceLinks.read(map, required: true),
      confidence: try map.optionalParsed("confidence", expected: "confirmed, single_source or unconfirmed", Confidence.init(rawValue:)) ?? .confirmed,
      note: try map.optionalText("note"), changes: changes, reaffirms: reaffirms, relatesTo: relatesTo,
      pledges: pledges, pledgeOutcomes: outcomes)
    let recordedAt = try map.optionalParsed("recorded_at", expected: Vocabulary.time) { Timestamp(iso: $0) }
    if !changes.isEmpty, statement.sources.allSatisfy({ SourceQuality($0.url) == .aiAssistedTracker }) {
      throw map.error(
        "sources", "the status change rests only on an AI-assisted tracker (\(statement.sources.map(\.url).joined(separator: ", ")))",
        hint: "Such a tracker may corroborate, never be the only source of a status change: link the page that carries the words.")
    }
    do throws(RuleViolation) {
      try statement.check()
    } catch {
      let field: String
      switch error {
      case .noSources: field = "sources"
      case .pledgeNamedTwice, .unknownPledge: field = outcomes.isEmpty ? "pledges" : "pledge_outcomes"
      default: field = "id"
      }
      throw map.error(field, error.description)
    }
    return StatementFile(path: path, statement: statement, recordedAt: recordedAt, places: places)
  }
}

/// The vocabulary, spelt out in error messages so the user sees what is allowed.
enum Vocabulary {
  /// Seconds run 00-59: a leap second (23:59:60) is refused, as is any time that does not exist.
  static let time = "a real UTC time as YYYY-MM-DDTHH:MM:SSZ (seconds 00-59, no leap seconds)"
  static let positions = "a position (" + Position.allCases.map(\.rawValue).joined(separator: ", ") + ")"
  static let stages = "a stage (" + Stage.allCases.map(\.rawValue).joined(separator: ", ") + ")"
  static let pledgeID = "a pledge id, STATEMENT-ID#N (N counts that statement's pledges from 1; `iicsa pledges` lists them)"
}

/// The `sources:` list shared by statements and catalogue items.
enum SourceLinks {
  static func read<Fields: FieldReader>(_ map: Fields, required: Bool) throws(InputError) -> [SourceLink] {
    let items = try map.mappings("sources", what: "source")
    if required && items.isEmpty {
      throw map.error("sources", "there is no source", hint: "Add at least one public URL under 'sources:' with its publisher.")
    }
    var links: [SourceLink] = []
    var urls: Set<String> = []
    for item in items {
      try item.allowOnly(["url", "publisher", "title"])
      let link = SourceLink(
        url: try item.text("url"), publisher: try item.text("publisher"), title: try item.optionalText("title"))
      // The precise rules first, so that a space is named as one, not as "not an http(s) URL".
      if let problem = TextRules.urlProblem(link.url) {
        throw item.error("url", "'\(link.url)' \(problem)", hint: "Give the public web address of the source, as the browser shows it.")
      }
      guard link.hasWebURL else {
        throw item.error("url", "'\(link.url)' is not an http(s) URL", hint: "Give the public web address of the source.")
      }
      if !urls.insert(link.url).inserted {
        throw item.error("url", "the source '\(link.url)' is given twice", hint: "List each source once.")
      }
      links.append(link)
    }
    return links
  }
}
