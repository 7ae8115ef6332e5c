import IICSADomain

/// Reads event payloads into the domain types with the same outcome as their `Decodable`
/// initialisers: the same keys required, `null` read as absent only where the property is
/// optional, and every id, day and enum checked by the domain's own failable initialisers.
enum PayloadReader {
  static func decode(_ type: EventType, from text: String) throws(PayloadError) -> EventPayload {
    var text = text
    let result = text.withUTF8 { bytes -> Result<EventPayload, PayloadError> in
      var reader = JSONReader(bytes)
      do throws(PayloadError) {
        return .success(try reader.document { (reader) throws(PayloadError) in try reader.payload(type) })
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }
}

extension JSONReader {
  mutating func payload(_ type: EventType) throws(PayloadError) -> EventPayload {
    switch type {
    case .reportPublished: return .reportPublished(try named("report") { (r) throws(PayloadError) in try r.report() })
    case .statementRecorded:
      return .statementRecorded(try named("statement") { (r) throws(PayloadError) in try r.statement() })
    case .eventCorrected:
      return .eventCorrected(try named("correction") { (r) throws(PayloadError) in try r.correction() })
    case .sweepRecorded:
      return .sweepRecorded(try named("sweep") { (r) throws(PayloadError) in try r.sweep() })
    }
  }

  private mutating func named<T>(
    _ name: String, _ read: (inout JSONReader) throws(PayloadError) -> T
  ) throws(PayloadError) -> T {
    do {
      return try read(&self)
    } catch {
      throw error.inside(name)
    }
  }

  // MARK: The payload types.

  mutating func report() throws(PayloadError) -> Report {
    var id: SourceID?
    var prefix: String?
    var title: String?
    var author: String?
    var published: Day?
    var url: String?
    var note: String?
    var recommendations: [Recommendation]?
    try members(ReportKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .author: author = try r.string()
      case .id: id = try r.sourceID()
      case .note: note = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .prefix: prefix = try r.string()
      case .published: published = try r.day()
      case .recommendations: recommendations = try r.array { (r) throws(PayloadError) in try r.recommendation() }
      case .title: title = try r.string()
      case .url: url = try r.string()
      }
    }
    guard let id else { throw .missing("id") }
    guard let prefix else { throw .missing("prefix") }
    guard let title else { throw .missing("title") }
    guard let author else { throw .missing("author") }
    guard let published else { throw .missing("published") }
    guard let url else { throw .missing("url") }
    guard let recommendations else { throw .missing("recommendations") }
    return Report(
      id: id, prefix: prefix, title: title, author: author, published: published, url: url, note: note,
      recommendations: recommendations)
  }

  mutating func recommendation() throws(PayloadError) -> Recommendation {
    var id: RecommendationID?
    var title: String?
    var text: String?
    var kind: Recommendation.Kind?
    var addressedTo: [String]?
    var lead: String?
    var confidence: Confidence?
    var note: String?
    var sources: [SourceLink]?
    var repeats: [RecommendationID] = []
    try members(RecommendationKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .addressedTo: addressedTo = try r.array { (r) throws(PayloadError) in try r.string() }
      case .confidence: confidence = try r.enumeration()
      case .id: id = try r.recommendationID()
      case .kind: kind = try r.enumeration()
      case .lead: lead = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .note: note = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .repeats:
        repeats = try r.optional { (r) throws(PayloadError) in try r.array { (r) throws(PayloadError) in try r.recommendationID() } } ?? []
      case .sources: sources = try r.array { (r) throws(PayloadError) in try r.sourceLink() }
      case .text: text = try r.string()
      case .title: title = try r.string()
      }
    }
    guard let id else { throw .missing("id") }
    guard let title else { throw .missing("title") }
    guard let text else { throw .missing("text") }
    guard let kind else { throw .missing("kind") }
    guard let addressedTo else { throw .missing("addressed_to") }
    guard let confidence else { throw .missing("confidence") }
    guard let sources else { throw .missing("sources") }
    return Recommendation(
      id: id, title: title, text: text, kind: kind, addressedTo: addressedTo, lead: lead,
      confidence: confidence, note: note, sources: sources, repeats: repeats)
  }

  mutating func sourceLink() throws(PayloadError) -> SourceLink {
    var url: String?
    var publisher: String?
    var title: String?
    try members(SourceLinkKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .publisher: publisher = try r.string()
      case .title: title = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .url: url = try r.string()
      }
    }
    guard let url else { throw .missing("url") }
    guard let publisher else { throw .missing("publisher") }
    return SourceLink(url: url, publisher: publisher, title: title)
  }

  mutating func statement() throws(PayloadError) -> Statement {
    var id: EventID?
    var date: Day?
    var datePrecision: DatePrecision?
    var speaker: String?
    var role: String?
    var kind: StatementKind?
    var title: String?
    var summary: String?
    var sources: [SourceLink]?
    var confidence: Confidence?
    var note: String?
    var changes: [StatusChange]?
    var reaffirms: [RecommendationID]?
    var relatesTo: [RecommendationID]?
    var pledges: [Pledge]?
    var outcomes: [PledgeOutcome] = []
    try members(StatementKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .changes: changes = try r.array { (r) throws(PayloadError) in try r.statusChange() }
      case .confidence: confidence = try r.enumeration()
      case .date: date = try r.day()
      case .datePrecision: datePrecision = try r.enumeration()
      case .id: id = try r.eventID()
      case .kind: kind = try r.enumeration()
      case .note: note = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .pledgeOutcomes:
        outcomes = try r.optional { (r) throws(PayloadError) in try r.array { (r) throws(PayloadError) in try r.pledgeOutcome() } } ?? []
      case .pledges: pledges = try r.array { (r) throws(PayloadError) in try r.pledge() }
      case .reaffirms: reaffirms = try r.array { (r) throws(PayloadError) in try r.recommendationID() }
      case .relatesTo: relatesTo = try r.array { (r) throws(PayloadError) in try r.recommendationID() }
      case .role: role = try r.string()
      case .sources: sources = try r.array { (r) throws(PayloadError) in try r.sourceLink() }
      case .speaker: speaker = try r.string()
      case .summary: summary = try r.string()
      case .title: title = try r.string()
      }
    }
    guard let id else { throw .missing("id") }
    guard let date else { throw .missing("date") }
    guard let datePrecision else { throw .missing("date_precision") }
    guard let speaker else { throw .missing("speaker") }
    guard let role else { throw .missing("role") }
    guard let kind else { throw .missing("kind") }
    guard let title else { throw .missing("title") }
    guard let summary else { throw .missing("summary") }
    guard let sources else { throw .missing("sources") }
    guard let confidence else { throw .missing("confidence") }
    guard let changes else { throw .missing("changes") }
    guard let reaffirms else { throw .missing("reaffirms") }
    guard let relatesTo else { throw .missing("relates_to") }
    guard let pledges else { throw .missing("pledges") }
    return Statement(
      id: id, date: date, datePrecision: datePrecision, speaker: speaker, role: role, kind: kind,
      title: title, summary: summary, sources: sources, confidence: confidence, note: note,
      changes: changes, reaffirms: reaffirms, relatesTo: relatesTo, pledges: pledges, pledgeOutcomes: outcomes)
  }

  mutating func pledgeOutcome() throws(PayloadError) -> PledgeOutcome {
    var pledge: PledgeID?
    var recommendation: RecommendationID?
    var outcome: PledgeOutcomeKind?
    var note: String?
    try members(PledgeOutcomeKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .note: note = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .outcome: outcome = try r.enumeration()
      case .pledge: pledge = try r.pledgeID()
      case .recommendation: recommendation = try r.recommendationID()
      }
    }
    guard let pledge else { throw .missing("pledge") }
    guard let recommendation else { throw .missing("recommendation") }
    guard let outcome else { throw .missing("outcome") }
    return PledgeOutcome(pledge: pledge, recommendation: recommendation, outcome: outcome, note: note)
  }

  mutating func pledgeID() throws(PayloadError) -> PledgeID {
    let text = try string()
    guard let id = PledgeID(text) else { throw .invalid(text, "is not a pledge id") }
    return id
  }

  mutating func statusChange() throws(PayloadError) -> StatusChange {
    var recommendation: RecommendationID?
    var position: Position?
    var stage: Stage?
    var note: String?
    var reason: String?
    try members(StatusChangeKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .note: note = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .position: position = try r.optional { (r) throws(PayloadError) in try r.enumeration() }
      case .reason: reason = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .recommendation: recommendation = try r.recommendationID()
      case .stage: stage = try r.optional { (r) throws(PayloadError) in try r.enumeration() }
      }
    }
    guard let recommendation else { throw .missing("recommendation") }
    return StatusChange(recommendation: recommendation, position: position, stage: stage, note: note, reason: reason)
  }

  /// Mirrors `Pledge.init(from:)`: `target_position` is read only when there is no
  /// `target_stage`, so it is kept as a place in the text until the object has been read.
  mutating func pledge() throws(PayloadError) -> Pledge {
    var recommendation: RecommendationID?
    var text: String?
    var due: Day?
    var dueText: String?
    var stage: Stage?
    var replaces: PledgeID?
    var positionOffset: Int?
    try members(PledgeKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .due: due = try r.optional { (r) throws(PayloadError) in try r.day() }
      case .dueText: dueText = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .recommendation: recommendation = try r.recommendationID()
      case .replaces: replaces = try r.optional { (r) throws(PayloadError) in try r.pledgeID() }
      case .targetPosition:
        positionOffset = r.offset
        try r.skipValue()
      case .targetStage: stage = try r.optional { (r) throws(PayloadError) in try r.enumeration() }
      case .text: text = try r.string()
      }
    }
    guard let recommendation else { throw .missing("recommendation") }
    guard let text else { throw .missing("text") }
    let target: PledgeTarget
    if let stage {
      target = .stage(stage)
    } else {
      if let positionOffset { target = try pledgePosition(at: positionOffset) } else { target = .act }
    }
    return Pledge(
      recommendation: recommendation, text: text, target: target, due: due, dueText: dueText, replaces: replaces)
  }

  private func pledgePosition(at offset: Int) throws(PayloadError) -> PledgeTarget {
    var reader = rewound(toMemberAt: offset)
    do throws(PayloadError) {
      let text = try reader.string()
      if text == "any" { return .anyResponse }
      guard let position = Position(rawValue: text) else { throw .invalid(text, "is not a position or 'any'") }
      return .position(position)
    } catch {
      throw error.inside(".target_position")
    }
  }

  mutating func correction() throws(PayloadError) -> Correction {
    var target: EventID?
    var reason: String?
    var replacement: Replacement?
    var sources: [SourceLink] = []
    try members(CorrectionKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .reason: reason = try r.string()
      case .replacement: replacement = try r.optional { (r) throws(PayloadError) in try r.replacement() }
      case .sources:
        sources = try r.optional { (r) throws(PayloadError) in try r.array { (r) throws(PayloadError) in try r.sourceLink() } } ?? []
      case .target: target = try r.eventID()
      }
    }
    guard let target else { throw .missing("target") }
    guard let reason else { throw .missing("reason") }
    return Correction(target: target, reason: reason, replacement: replacement, sources: sources)
  }

  mutating func sweep() throws(PayloadError) -> Sweep {
    var checkedBy: String?
    var found: [EventID]?
    var from: Day?
    var id: EventID?
    var note: String?
    var recommendations: [RecommendationID]?
    var sources: [SourceLink]?
    var through: Day?
    try members(SweepKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .checkedBy: checkedBy = try r.string()
      case .found: found = try r.array { (r) throws(PayloadError) in try r.eventID() }
      case .from: from = try r.optional { (r) throws(PayloadError) in try r.day() }
      case .id: id = try r.eventID()
      case .note: note = try r.optional { (r) throws(PayloadError) in try r.string() }
      case .recommendations: recommendations = try r.array { (r) throws(PayloadError) in try r.recommendationID() }
      case .sources: sources = try r.array { (r) throws(PayloadError) in try r.sourceLink() }
      case .through: through = try r.day()
      }
    }
    guard let checkedBy else { throw .missing("checked_by") }
    guard let found else { throw .missing("found") }
    guard let id else { throw .missing("id") }
    guard let recommendations else { throw .missing("recommendations") }
    guard let sources else { throw .missing("sources") }
    guard let through else { throw .missing("through") }
    return Sweep(
      id: id, from: from, through: through, checkedBy: checkedBy, recommendations: recommendations,
      sources: sources, found: found, note: note)
  }

  /// Mirrors `Replacement.init(from:)`: a report wins, and the statement is read only without one.
  mutating func replacement() throws(PayloadError) -> Replacement {
    var report: Report?
    var statementOffset: Int?
    try members(ReplacementKey.self) { (r, key) throws(PayloadError) in
      switch key {
      case .report: report = try r.optional { (r) throws(PayloadError) in try r.report() }
      case .statement:
        statementOffset = r.offset
        try r.skipValue()
      }
    }
    if let report { return .report(report) }
    guard let statementOffset else { throw .missing("statement") }
    var reader = rewound(toMemberAt: statementOffset)
    do {
      return .statement(try reader.statement())
    } catch {
      throw error.inside(".statement")
    }
  }

  // MARK: Values checked by the domain.

  mutating func day() throws(PayloadError) -> Day {
    try withString { (text) throws(PayloadError) in
      guard let day = ByteParse.parse(text) else {
        throw .invalid(String(decoding: text, as: UTF8.self), "is not a YYYY-MM-DD date")
      }
      return day
    }
  }

  mutating func eventID() throws(PayloadError) -> EventID {
    let text = try string()
    guard let id = EventID(text) else { throw .invalid(text, "is not a valid event id") }
    return id
  }

  mutating func sourceID() throws(PayloadError) -> SourceID {
    let text = try string()
    guard let id = SourceID(text) else { throw .invalid(text, "is not a valid source id") }
    return id
  }

  mutating func recommendationID() throws(PayloadError) -> RecommendationID {
    try withString { (text) throws(PayloadError) in
      guard let id = ByteParse.recommendationID(text) else {
        throw .invalid(String(decoding: text, as: UTF8.self), "is not a recommendation id")
      }
      return id
    }
  }

  mutating func enumeration<Value: RawRepresentable<String>>() throws(PayloadError) -> Value {
    let text = try string()
    guard let value = Value(rawValue: text) else { throw .invalid(text, "is not a known value") }
    return value
  }
}

/// Byte-level equivalents of `Day(iso:)` and `RecommendationID(_:)` for the common case, which
/// hand the checking of ranges to the same failable initialisers.
enum ByteParse {
  /// `Day(iso:)` accepts exactly ten bytes `DDDD-DD-DD` of ASCII digits (any other character,
  /// combining marks included, makes a part fail its digit check), then defers to
  /// `Day(year:month:day:)` as this does.
  static func parse(_ text: UnsafeBufferPointer<UInt8>) -> Day? {
    guard text.count == 10, text[4] == UInt8(ascii: "-"), text[7] == UInt8(ascii: "-"),
      let year = number(text, 0..<4), let month = number(text, 5..<7), let day = number(text, 8..<10)
    else { return nil }
    return Day(year: year, month: month, day: day)
  }

  private static func number(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
    var value = 0
    for index in range {
      let digit = text[index] &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      value = value * 10 + Int(digit)
    }
    return value
  }

  /// When every byte is an ASCII letter, digit or `-`, characters are bytes, so splitting at the
  /// last `-` here is what `RecommendationID(_:)` does; `init?(prefix:number:)` then checks the
  /// prefix and range. Anything else goes to `RecommendationID(_:)` itself.
  static func recommendationID(_ text: UnsafeBufferPointer<UInt8>) -> RecommendationID? {
    var dash = -1
    for (index, byte) in text.enumerated() {
      if byte == UInt8(ascii: "-") {
        dash = index
      } else if !isASCIIAlphanumeric(byte) {
        return RecommendationID(String(decoding: text, as: UTF8.self))
      }
    }
    guard dash >= 0, dash + 1 < text.count else { return nil }
    var number = 0
    for byte in text[(dash + 1)...] {
      let digit = byte &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      let (times10, overflow) = number.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(Int(digit))
      guard !overflow, !overflow2 else { return nil }
      number = sum
    }
    let prefix = String(decoding: UnsafeBufferPointer(rebasing: text[..<dash]), as: UTF8.self)
    return RecommendationID(prefix: prefix, number: number)
  }

  private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
      UInt8(ascii: "A")...UInt8(ascii: "Z"):
      return true
    default: return false
    }
  }
}

// MARK: Keys, as the types' `CodingKeys` name them.

enum ReportKey: Int, PayloadKey {
  case author, id, note, prefix, published, recommendations, title, url
  static let names: [StaticString] = ["author", "id", "note", "prefix", "published", "recommendations", "title", "url"]
}

enum RecommendationKey: Int, PayloadKey {
  case addressedTo, confidence, id, kind, lead, note, repeats, sources, text, title
  static let names: [StaticString] = [
    "addressed_to", "confidence", "id", "kind", "lead", "note", "repeats", "sources", "text", "title",
  ]
}

enum SourceLinkKey: Int, PayloadKey {
  case publisher, title, url
  static let names: [StaticString] = ["publisher", "title", "url"]
}

enum StatementKey: Int, PayloadKey {
  case changes, confidence, date, datePrecision, id, kind, note, pledgeOutcomes, pledges, reaffirms, relatesTo
  case role, sources, speaker, summary, title
  static let names: [StaticString] = [
    "changes", "confidence", "date", "date_precision", "id", "kind", "note", "pledge_outcomes", "pledges",
    "reaffirms", "relates_to", "role", "sources", "speaker", "summary", "title",
  ]
}

enum PledgeOutcomeKey: Int, PayloadKey {
  case note, outcome, pledge, recommendation
  static let names: [StaticString] = ["note", "outcome", "pledge", "recommendation"]
}

enum StatusChangeKey: Int, PayloadKey {
  case note, position, reason, recommendation, stage
  static let names: [StaticString] = ["note", "position", "reason", "recommendation", "stage"]
}

enum PledgeKey: Int, PayloadKey {
  case due, dueText, recommendation, replaces, targetPosition, targetStage, text
  static let names: [StaticString] = [
    "due", "due_text", "recommendation", "replaces", "target_position", "target_stage", "text",
  ]
}

enum CorrectionKey: Int, PayloadKey {
  case reason, replacement, sources, target
  static let names: [StaticString] = ["reason", "replacement", "sources", "target"]
}

enum SweepKey: Int, PayloadKey {
  case checkedBy, found, from, id, note, recommendations, sources, through
  static let names: [StaticString] = [
    "checked_by", "found", "from", "id", "note", "recommendations", "sources", "through",
  ]
}

enum ReplacementKey: Int, PayloadKey {
  case report, statement
  static let names: [StaticString] = ["report", "statement"]
}
