import IICSADomain
import IICSAReports

/// `show`'s JSON: one recommendation's detail.
struct ShowJSON: Encodable {
  var detail: RecommendationDetail

  enum CodingKeys: String, CodingKey {
    case id, source, number, title, text, kind, addressedTo = "addressed_to", lead, confidence, note
    case sources, position, stage, headline, status, lastChange = "last_change", history, pledges, asOf = "as_of"
    case firstCalledFor = "first_called_for", alerts, retracted, log, knownAt = "known_at", checked
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let detail = self.detail
    let state = detail.state, report = detail.report, day = detail.day, steps = detail.steps
    let pledges = detail.pledges, firstCall = detail.firstCall, alerts = detail.alerts, retracted = detail.retracted
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
    try c.encode(state.headline, forKey: .headline)
    try c.encode(StatusJSONValue(state.status, of: rec.kind), forKey: .status)
    try c.encode(detail.log, forKey: .log)
    try c.encode(detail.knownAt, forKey: .knownAt)
    try c.encode(state.lastChange, forKey: .lastChange)
    try c.encode(steps.map { StepJSON($0, of: rec, alerts: detail.alerts(of: $0)) }, forKey: .history)
    try c.encode(pledges.map { PledgeJSON($0, on: day) }, forKey: .pledges)
    try c.encode(firstCall.map { FirstCallJSON(call: $0.call) }, forKey: .firstCalledFor)
    try c.encode(alerts.map(AlertJSON.init), forKey: .alerts)
    try c.encode(retracted.map(TimelineJSON.RetractedJSON.init), forKey: .retracted)
    try c.encode(detail.checked.map { SweepJSON(entry: $0.entry, latestFor: $0.sources.map(\.url)) }, forKey: .checked)
  }
}

/// A sweep, as `show`, the export and the site's data give it.
struct SweepJSON: Encodable {
  var entry: RecordedSweep
  /// In `show`: the places this sweep is the latest search of, for the recommendation shown.
  var latestFor: [String]? = nil

  enum CodingKeys: String, CodingKey {
    case id, from, through, recommendations, sources, found, note
    case checkedBy = "checked_by", recordedAt = "recorded_at", latestFor = "latest_for"
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    let sweep = entry.sweep
    try c.encode(sweep.id, forKey: .id)
    try c.encode(sweep.from, forKey: .from)
    try c.encode(sweep.through, forKey: .through)
    try c.encode(sweep.checkedBy, forKey: .checkedBy)
    try c.encode(sweep.recommendations, forKey: .recommendations)
    try c.encode(sweep.sources, forKey: .sources)
    try c.encode(sweep.found, forKey: .found)
    try c.encode(sweep.note, forKey: .note)
    try c.encode(entry.recordedAt, forKey: .recordedAt)
    try c.encodeIfPresent(latestFor, forKey: .latestFor)
  }
}

struct StepJSON: Encodable {
  var step: RecommendationDetail.Step
  var alerts: [Alert]
  var recommendation: RecommendationID
  var kind: Recommendation.Kind
  init(_ step: RecommendationDetail.Step, of recommendation: Recommendation, alerts: [Alert] = []) {
    self.recommendation = recommendation.id
    self.kind = recommendation.kind
    self.step = step
    self.alerts = alerts
  }

  enum CodingKeys: String, CodingKey {
    case effects, corrections, alerts
  }

  struct CorrectionJSON: Encodable {
    var record: CorrectionRecord

    enum CodingKeys: String, CodingKey {
      case id, reason, sources, retracted
      case recordedAt = "recorded_at"
    }

    func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode(record.id, forKey: .id)
      try c.encode(record.reason, forKey: .reason)
      try c.encode(record.recordedAt, forKey: .recordedAt)
      try c.encode(record.retracted, forKey: .retracted)
      try c.encode(record.sources, forKey: .sources)
    }
  }

  func encode(to encoder: any Encoder) throws {
    try StatementFieldsJSON(step.statement).encode(to: encoder)
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(
      step.whats.map { EffectJSON(what: $0, recommendation: recommendation, kind: kind, statement: step.statement.statement.id) },
      forKey: .effects)
    try c.encode(step.corrections.map(CorrectionJSON.init), forKey: .corrections)
    if !alerts.isEmpty { try c.encode(alerts.map(\.kind), forKey: .alerts) }
  }
}

/// `{"date", "by"}`: the earliest call for a recommendation.
struct FirstCallJSON: Encodable {
  var call: FirstCall
  enum CodingKeys: String, CodingKey { case date, by }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(call.date, forKey: .date)
    try c.encode(call.by.id, forKey: .by)
  }
}

/// One alert: `{"date", "kind", "recommendation", "from", "to", "statement"}`, and `pledge` for
/// the pledge kinds.
struct AlertJSON: Encodable {
  var alert: Alert
  enum CodingKeys: String, CodingKey { case date, kind, recommendation, from, to, statement, pledge }
  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(alert.date, forKey: .date)
    try c.encode(alert.kind, forKey: .kind)
    try c.encode(alert.recommendation, forKey: .recommendation)
    try c.encode(alert.from, forKey: .from)
    try c.encode(alert.to, forKey: .to)
    try c.encode(alert.statement, forKey: .statement)
    if let pledge = alert.pledge { try c.encode(pledge.description, forKey: .pledge) }
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
    case endedBy = "ended_by", note, replaces, replacedBy = "replaced_by", baselineDue = "baseline_due"
    case slippedDays = "slipped_days"
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
    let state = record.status(on: day)
    try c.encode(state.name, forKey: .state)
    switch state {
    case .open:
      try c.encodeNil(forKey: .fulfilledBy)
    case .overdue(let days):
      try c.encode(days, forKey: .daysOverdue)
      try c.encodeNil(forKey: .fulfilledBy)
    case .ended(let end, let late):
      // `fulfilled_by` keeps its meaning (the status change that reached the target); every end
      // is in `ended_by`.
      if end.ending == .fulfilled { try c.encode(end.by, forKey: .fulfilledBy) } else { try c.encodeNil(forKey: .fulfilledBy) }
      try c.encode(end.by, forKey: .endedBy)
      if end.ending == .fulfilled || end.ending == .met { try c.encode(late, forKey: .daysLate) }
      try c.encodeIfPresent(end.note, forKey: .note)
      try c.encodeIfPresent(end.replacement?.description, forKey: .replacedBy)
    }
    // The chain of re-made promises: only where it applies, so a pledge that re-makes nothing
    // keeps the keys it always had.
    if let replaces = record.pledge.replaces {
      try c.encode(replaces.description, forKey: .replaces)
      try c.encode(record.baselineDue, forKey: .baselineDue)
      try c.encode(record.slippedDays, forKey: .slippedDays)
    }
  }
}
