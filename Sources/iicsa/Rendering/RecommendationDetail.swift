import IICSADomain

/// What `show` prints about one recommendation, gathered from a tracker. Encodes as `show`'s JSON.
struct RecommendationDetail: Encodable {
  /// One statement's entries in the history, together.
  struct Step {
    var date: Day
    var statement: RecordedStatement
    var whats: [HistoryEntry.What]
    /// The corrections that replaced this statement's first version, oldest first.
    var corrections: [CorrectionRecord]
  }

  var day: Day
  var state: RecommendationState
  var report: Report
  var steps: [Step]
  var pledges: [PledgeRecord]

  /// The detail of `id` from a tracker, with the corrections to name (default: the tracker's).
  init?(_ id: RecommendationID, in tracker: Tracker, on day: Day, corrections: [CorrectionRecord]? = nil) {
    guard let state = tracker.states[id], let report = tracker.reports[state.source] else { return nil }
    let corrections = corrections ?? tracker.corrections
    self.day = day
    self.state = state
    self.report = report
    var steps: [Step] = []
    for entry in state.history {
      guard let statement = tracker.statements[entry.statement] else { continue }
      if let last = steps.last, last.statement.statement.id == entry.statement {
        steps[steps.count - 1].whats.append(entry.what)
      } else {
        steps.append(
          Step(
            date: entry.date, statement: statement, whats: [entry.what],
            corrections: corrections.filter { $0.target == entry.statement }))
      }
    }
    self.steps = steps
    pledges = tracker.pledges.filter { $0.pledge.recommendation == id }
  }

  enum CodingKeys: String, CodingKey {
    case id, source, number, title, text, kind, addressedTo = "addressed_to", lead, confidence, note
    case sources, position, stage, headline, lastChange = "last_change", history, pledges, asOf = "as_of"
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let rec = state.recommendation
    try c.encode(day, forKey: .asOf)
    try c.encode(rec.id, forKey: .id)
    try c.encode(report.id, forKey: .source)
    try c.encode(rec.id.number, forKey: .number)
    try c.encode(rec.title, forKey: .title)
    try c.encode(rec.text, forKey: .text)
    try c.encode(rec.kind, forKey: .kind)
    try c.encode(rec.addressedTo, forKey: .addressedTo)
    try c.encode(rec.lead, forKey: .lead)
    try c.encode(rec.confidence, forKey: .confidence)
    try c.encode(rec.note, forKey: .note)
    try c.encode(rec.sources, forKey: .sources)
    try c.encode(state.status.position, forKey: .position)
    try c.encode(state.status.stage, forKey: .stage)
    try c.encode(state.status.headline, forKey: .headline)
    try c.encode(state.lastChange, forKey: .lastChange)
    try c.encode(steps.map(StepJSON.init), forKey: .history)
    try c.encode(pledges.map { PledgeJSON($0, on: day) }, forKey: .pledges)
  }
}

struct StepJSON: Encodable {
  var step: RecommendationDetail.Step
  init(_ step: RecommendationDetail.Step) { self.step = step }

  enum CodingKeys: String, CodingKey {
    case effects, corrections
  }

  struct CorrectionJSON: Encodable {
    var record: CorrectionRecord

    enum CodingKeys: String, CodingKey {
      case id, reason
      case recordedAt = "recorded_at"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(record.id, forKey: .id)
      try c.encode(record.reason, forKey: .reason)
      try c.encode(record.recordedAt, forKey: .recordedAt)
    }
  }

  struct Effect: Encodable {
    var what: HistoryEntry.What

    enum CodingKeys: String, CodingKey {
      case event, from, to, note, reason, pledge
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      switch what {
      case .changed(let from, let to, let note, let reason):
        try c.encode("changed", forKey: .event)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(note, forKey: .note)
        try c.encode(reason, forKey: .reason)
      case .reaffirmed: try c.encode("reaffirmed", forKey: .event)
      case .related: try c.encode("related", forKey: .event)
      case .pledged(let ordinal):
        try c.encode("pledged", forKey: .event)
        try c.encode(ordinal, forKey: .pledge)
      }
    }
  }

  func encode(to encoder: any Encoder) throws {
    try StatementFieldsJSON(step.statement).encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(step.whats.map(Effect.init), forKey: .effects)
    try c.encode(step.corrections.map(CorrectionJSON.init), forKey: .corrections)
  }
}

struct PledgeJSON: Encodable {
  var record: PledgeRecord
  var day: Day
  init(_ record: PledgeRecord, on day: Day) {
    self.record = record
    self.day = day
  }

  enum CodingKeys: String, CodingKey {
    case id, recommendation, statement, madeOn = "made_on", text, target, due, dueText = "due_text"
    case state, daysOverdue = "days_overdue", daysLate = "days_late", fulfilledBy = "fulfilled_by"
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(record.id, forKey: .id)
    try c.encode(record.pledge.recommendation, forKey: .recommendation)
    try c.encode(record.statement, forKey: .statement)
    try c.encode(record.madeOn, forKey: .madeOn)
    try c.encode(record.pledge.text, forKey: .text)
    try c.encode(record.pledge.target.description, forKey: .target)
    try c.encode(record.pledge.due, forKey: .due)
    try c.encode(record.pledge.dueText, forKey: .dueText)
    switch record.status(on: day) {
    case .open:
      try c.encode("open", forKey: .state)
      try c.encodeNil(forKey: .fulfilledBy)
    case .overdue(let days):
      try c.encode("overdue", forKey: .state)
      try c.encode(days, forKey: .daysOverdue)
      try c.encodeNil(forKey: .fulfilledBy)
    case .fulfilled(let reference, let late):
      try c.encode("fulfilled", forKey: .state)
      try c.encode(reference, forKey: .fulfilledBy)
      try c.encode(late, forKey: .daysLate)
    }
  }
}
