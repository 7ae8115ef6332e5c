/// What the addressee of a recommendation says it will do: the first axis of a status.
public enum Position: String, CaseIterable, Codable, Sendable {
  /// It has not said what it will do.
  case noResponse = "no_response"
  /// It says it is considering or consulting on whether to act.
  case considering
  /// It declines to act.
  case rejected
  /// It agrees with the aim but commits to no specific delivery.
  case acceptedInPrinciple = "accepted_in_principle"
  /// It commits to part of it.
  case acceptedInPart = "accepted_in_part"
  /// It commits to it in full.
  case accepted

  /// Whether the addressee has committed to the aim in some form.
  public var isAcceptance: Bool {
    self == .accepted || self == .acceptedInPart || self == .acceptedInPrinciple
  }
}

/// How far a recommendation has been delivered: the second axis of a status.
///
/// Cases are declared in delivery order, so `<` means "earlier in delivery".
public enum Stage: String, CaseIterable, Codable, Sendable, Comparable {
  /// No concrete step taken.
  case notStarted = "not_started"
  /// A concrete plan or timetable announced.
  case planned
  /// A consultation on how to implement it is open or done.
  case consulting
  /// A bill or statutory instrument carrying it is before Parliament (or the Senedd).
  case legislating
  /// The law is passed or the body set up, but it is not yet in force or operating.
  case enacted
  /// Part of it is in force or operating.
  case partiallyDelivered = "partially_delivered"
  /// In force or operating in full.
  case delivered

  /// The position of the stage in delivery order, from 0.
  public var rank: Int { Stage.allCases.firstIndex(of: self) ?? 0 }

  public static func < (lhs: Stage, rhs: Stage) -> Bool { lhs.rank < rhs.rank }
}

/// The one-word answer a campaigner wants, derived from position and stage and never stored.
public enum Headline: String, CaseIterable, Codable, Sendable {
  /// Delivered in full.
  case done
  /// Planned, consulted on, legislated for or partly delivered.
  case inProgress = "in_progress"
  /// Accepted in some form, but no step taken.
  case promised
  /// No response, considering, or rejected, and no step taken; for a finding, only rejected
  /// (its addressee disputed it).
  case notAccepted = "not_accepted"
  /// A finding with no response yet, or still being considered, and no step taken: a finding is
  /// not "not accepted" unless its addressee disputed it. Findings only.
  case awaitingAnswer = "awaiting_answer"
  /// A finding its addressee accepted, with no step of a response yet taken: a finding is a
  /// conclusion, so accepting it promises nothing in itself. Findings only (a recommendation
  /// accepted with no step taken is `promised`).
  case accepted

  /// Everything but `done` is outstanding.
  public var isOutstanding: Bool { self != .done }
}

/// A recommendation's status: what the government says and what has been delivered.
public struct Status: Hashable, Sendable, Codable {
  /// What the addressee says.
  public var position: Position
  /// What has been delivered.
  public var stage: Stage

  /// Creates a status.
  public init(position: Position, stage: Stage) {
    self.position = position
    self.stage = stage
  }

  /// Where every recommendation starts on its report's publication date.
  public static let initial = Status(position: .noResponse, stage: .notStarted)

  /// The derived headline of a recommendation or finding with this status (docs/status.md).
  public func headline(for kind: Recommendation.Kind) -> Headline {
    switch stage {
    case .delivered: return .done
    case .planned, .consulting, .legislating, .enacted, .partiallyDelivered: return .inProgress
    case .notStarted:
      if position.isAcceptance { return kind == .finding ? .accepted : .promised }
      if kind == .finding && position != .rejected { return .awaitingAnswer }
      return .notAccepted
    }
  }
}
