/// What kind of weakening an alert reports.
public enum AlertKind: String, CaseIterable, Codable, Sendable {
  /// The position fell in the order of commitment (`Position.commitment`).
  case positionWeakened = "position_weakened"
  /// The stage moved back.
  case stageBackwards = "stage_backwards"
  /// A pledge was re-made with a later due date.
  case pledgeSlipped = "pledge_slipped"
  /// A pledge was declared withdrawn.
  case pledgeWithdrawn = "pledge_withdrawn"
  /// A pledge passed its due date without ending.
  case pledgeOverdue = "pledge_overdue"
}

/// One thing that weakened on one day, and the statement behind it.
public struct Alert: Hashable, Sendable {
  /// When it happened: the statement's date, or the first day a pledge was overdue.
  public var date: Day
  /// What happened.
  public var kind: AlertKind
  /// The recommendation concerned.
  public var recommendation: RecommendationID
  /// The position, stage or due date before.
  public var from: String?
  /// The position, stage or due date after; nil for a pledge withdrawn or fallen overdue.
  public var to: String?
  /// The statement that caused it; for `pledge_overdue`, the one that made the pledge.
  public var statement: EventID
  /// The pledge concerned, for the pledge kinds.
  public var pledge: PledgeID?

  /// Creates an alert.
  public init(
    date: Day, kind: AlertKind, recommendation: RecommendationID, from: String?, to: String?,
    statement: EventID, pledge: PledgeID? = nil
  ) {
    self.date = date
    self.kind = kind
    self.recommendation = recommendation
    self.from = from
    self.to = to
    self.statement = statement
    self.pledge = pledge
  }
}

extension Position {
  /// The position's place in the order of commitment, accepted (5) > accepted_in_part >
  /// accepted_in_principle > considering > rejected (1); nil for `no_response`, which is outside
  /// it: saying nothing yet is not a step back from anything.
  public var commitment: Int? {
    switch self {
    case .noResponse: return nil
    case .rejected: return 1
    case .considering: return 2
    case .acceptedInPrinciple: return 3
    case .acceptedInPart: return 4
    case .accepted: return 5
    }
  }

  /// Whether moving from this position to `other` weakens the commitment.
  public func weakens(to other: Position) -> Bool {
    guard let from = commitment, let to = other.commitment else { return false }
    return to < from
  }
}

extension Tracker {
  /// What weakened from `start` through `end`, newest first, read from the histories and pledges
  /// this tracker holds: call on a tracker that applied every statement of the period (a full
  /// replay, or one resumed the day before `start`).
  ///
  /// Same-day alerts follow the log (latest statement first, pledges fallen overdue last), then
  /// the recommendation's order in its report, then the order of `AlertKind`, then the pledge id;
  /// so the order never depends on how the tracker was read.
  public func alerts(from start: Day, through end: Day) -> [Alert] {
    var found: [(alert: Alert, sequence: Int, place: Int)] = []
    let places = Dictionary(
      orderedStates.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { first, _ in first })
    // An overdue pledge has no statement of the day: it sorts after those that have one. (The
    // statement that made it may lie before the period, where a resumed tracker cannot see it.)
    func add(_ alert: Alert) {
      let sequence = alert.kind == .pledgeOverdue ? 0 : statements[alert.statement]?.sequence ?? 0
      found.append((alert, sequence, places[alert.recommendation] ?? .max))
    }
    for state in orderedStates {
      for entry in state.history where entry.date >= start && entry.date <= end {
        switch entry.what {
        case .changed(let from, let to, _, _):
          if from.position.weakens(to: to.position) {
            add(
              Alert(
                date: entry.date, kind: .positionWeakened, recommendation: state.id,
                from: from.position.rawValue, to: to.position.rawValue, statement: entry.statement))
          }
          if to.stage < from.stage {
            add(
              Alert(
                date: entry.date, kind: .stageBackwards, recommendation: state.id,
                from: from.stage.rawValue, to: to.stage.rawValue, statement: entry.statement))
          }
        case .pledged(let ordinal):
          let made = PledgeID(statement: entry.statement, ordinal: ordinal)
          guard let record = pledge(made), let replaced = record.pledge.replaces.flatMap(pledge),
            let before = replaced.pledge.due, let after = record.pledge.due, after > before
          else { continue }
          add(
            Alert(
              date: entry.date, kind: .pledgeSlipped, recommendation: state.id, from: before.description,
              to: after.description, statement: entry.statement, pledge: replaced.pledgeID))
        case .pledgeEnded(let id, .withdrawn, _):
          add(
            Alert(
              date: entry.date, kind: .pledgeWithdrawn, recommendation: state.id,
              from: pledge(id)?.pledge.due?.description, to: nil, statement: entry.statement, pledge: id))
        case .pledgeEnded, .reaffirmed, .related:
          continue
        }
      }
    }
    for record in pledges {
      guard let due = record.pledge.due else { continue }
      let fell = due.adding(days: 1)
      guard fell >= start, fell <= end, case .overdue = record.status(on: fell) else { continue }
      add(
        Alert(
          date: fell, kind: .pledgeOverdue, recommendation: record.pledge.recommendation, from: due.description,
          to: nil, statement: record.statement, pledge: record.pledgeID))
    }
    let kinds = Dictionary(uniqueKeysWithValues: AlertKind.allCases.enumerated().map { ($0.element, $0.offset) })
    return found.sorted { a, b in
      if a.alert.date != b.alert.date { return a.alert.date > b.alert.date }
      if a.sequence != b.sequence { return a.sequence > b.sequence }
      if a.place != b.place { return a.place < b.place }
      if a.alert.kind != b.alert.kind { return kinds[a.alert.kind, default: 0] < kinds[b.alert.kind, default: 0] }
      return (a.alert.pledge?.description ?? "") < (b.alert.pledge?.description ?? "")
    }.map(\.alert)
  }
}
