import IICSADomain

/// The generator's model of every recommendation's status, mirroring what `Tracker` will hold,
/// so that each generated change and pledge is valid when it is applied.
struct StatusModel {
  /// Recommendation ids, ordered by their report's publication.
  let ids: [RecommendationID]
  /// Their statuses, by the same index.
  private(set) var statuses: [Status]
  /// For each report, oldest first: its publication day and the number of recommendations
  /// published by then.
  private let published: [(day: Day, available: Int)]

  init(reports: [Report]) {
    let ordered = reports.sorted { ($0.published, $0.id) < ($1.published, $1.id) }
    ids = ordered.flatMap { $0.recommendations.map(\.id) }
    statuses = Array(repeating: .initial, count: ids.count)
    var running = 0
    published = ordered.map { report in
      running += report.recommendations.count
      return (report.published, running)
    }
  }

  /// How many recommendations (the first ones) a statement dated `day` may name.
  func eligibleCount(on day: Day) -> Int {
    published.last { $0.day <= day }?.available ?? 0
  }

  /// `count` distinct indices below `bound` (fewer if `bound` is smaller).
  func distinct(count: Int, below bound: Int, rng: inout SplitMix64) -> [Int] {
    var chosen: [Int] = []
    while chosen.count < min(count, bound) {
      let next = rng.below(bound)
      if !chosen.contains(next) { chosen.append(next) }
    }
    return chosen
  }

  /// A change to recommendation `slot` that the rules accept, applied to the model.
  mutating func change(_ slot: Int, rng: inout SplitMix64) -> StatusChange {
    let old = statuses[slot]
    var change = StatusChange(recommendation: ids[slot])
    if old.position.isAcceptance {
      delivery(from: old, into: &change, rng: &rng)
    } else {
      respond(from: old, into: &change, rng: &rng)
    }
    statuses[slot] = Status(
      position: change.position ?? old.position, stage: change.stage ?? old.stage)
    return change
  }

  /// A first answer, or a change of mind, from a position that is not an acceptance.
  private func respond(from old: Status, into change: inout StatusChange, rng: inout SplitMix64) {
    let roll = rng.below(100)
    if roll < 20, old.position != .considering {
      change.position = .considering
    } else if roll < 30, old.position != .rejected, old.stage == .notStarted {
      change.position = .rejected
      change.note = "The government declined to act."
    } else {
      change.position = rng.pick([.accepted, .accepted, .acceptedInPart, .acceptedInPrinciple])
      if rng.chance(30) { change.stage = .planned }
      change.note = "Accepted in the government's response."
    }
  }

  /// A step in delivery (forwards, or backwards with a reason), or a change of acceptance.
  private func delivery(from old: Status, into change: inout StatusChange, rng: inout SplitMix64) {
    let roll = rng.below(100)
    let stages = Stage.allCases
    if roll < 10 {
      let others = [Position.accepted, .acceptedInPart, .acceptedInPrinciple].filter {
        $0 != old.position
      }
      change.position = rng.pick(others)
    } else if (roll < 35 && old.stage > .notStarted) || old.stage == .delivered {
      change.stage = stages[old.stage.rank - 1]
      change.reason = "The bill fell at the end of the session; it must be introduced again."
    } else {
      change.stage = stages[old.stage.rank + 1]
      change.note = "Moved to \(stages[old.stage.rank + 1].rawValue)."
    }
  }

  /// A pledge on recommendation `slot` that its current status does not meet, or nil.
  func pledge(_ slot: Int, date: Day, rng: inout SplitMix64) -> Pledge? {
    let status = statuses[slot]
    let target: PledgeTarget
    if status.position == .noResponse {
      target = .anyResponse
    } else if !status.position.isAcceptance {
      target = .position(.accepted)
    } else if status.stage < .delivered {
      target = .stage(Stage.allCases[status.stage.rank + 1 + rng.below(6 - status.stage.rank)])
    } else {
      return nil
    }
    let months = 1 + rng.below(18)
    return Pledge(
      recommendation: ids[slot],
      text: "Synthetic pledge: \(target.description) within \(months) months",
      target: target, due: date.adding(days: months * 30),
      dueText: rng.chance(50) ? "within \(months) months" : nil)
  }
}
