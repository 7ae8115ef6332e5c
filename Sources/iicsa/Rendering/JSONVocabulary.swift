import IICSADomain
import IICSAReports

// The JSON shape of each concept that more than one command prints: one encoder each, so that a
// status, or what a statement did, reads the same in every output (docs/json.md).

/// A status: `{"position", "stage", "headline"}`, everywhere one is printed as an object.
struct StatusJSONValue: Encodable {
  var status: Status
  /// What the headline is worded for.
  var kind: Recommendation.Kind
  init(_ status: Status, of kind: Recommendation.Kind) {
    self.status = status
    self.kind = kind
  }

  enum CodingKeys: String, CodingKey { case position, stage, headline }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(status.position, forKey: .position)
    try c.encode(status.stage, forKey: .stage)
    try c.encode(status.headline(for: kind), forKey: .headline)
  }
}

/// What a statement did to one recommendation: `{"recommendation", "event"}`, with `from`, `to`
/// (statuses), `note` and `reason` for a change, and `pledge` (the pledge's full id,
/// `STATEMENT#N`) for a pledge made or ended. Shared by `show` and `timeline`.
struct EffectJSON: Encodable {
  var what: HistoryEntry.What
  var recommendation: RecommendationID
  /// A recommendation or a finding: what the statuses' headlines are worded for.
  var kind: Recommendation.Kind
  /// The statement the effect belongs to: a pledge it made is named `STATEMENT#N`.
  var statement: EventID

  enum CodingKeys: String, CodingKey {
    case recommendation, event, from, to, note, reason, pledge
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(recommendation, forKey: .recommendation)
    try c.encode(ChangeText.event(what), forKey: .event)
    switch what {
    case .changed(let from, let to, let note, let reason):
      try c.encode(StatusJSONValue(from, of: kind), forKey: .from)
      try c.encode(StatusJSONValue(to, of: kind), forKey: .to)
      try c.encode(note, forKey: .note)
      try c.encode(reason, forKey: .reason)
    case .pledged(let ordinal):
      try c.encode(PledgeID(statement: statement, ordinal: ordinal).description, forKey: .pledge)
    case .pledgeEnded(let id, _, let note):
      try c.encode(id.description, forKey: .pledge)
      try c.encode(note, forKey: .note)
    case .reaffirmed, .related: break
    }
  }
}
