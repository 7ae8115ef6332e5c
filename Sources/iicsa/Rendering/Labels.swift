import IICSADomain

/// Short human words for the status vocabulary, for tables read on a terminal. Machine formats
/// (JSON, CSV) print the contract's snake_case values instead.
extension Headline {
  var label: String {
    switch self {
    case .done: return "done"
    case .inProgress: return "in progress"
    case .promised: return "promised"
    case .notAccepted: return "not accepted"
    case .awaitingAnswer: return "awaiting answer"
    case .accepted: return "accepted"
    }
  }

  /// ANSI colour for a terminal.
  var colourCode: String {
    switch self {
    case .done: return "32"
    case .inProgress: return "33"
    case .promised: return "36"
    case .notAccepted: return "31"
    case .awaitingAnswer: return "35"
    case .accepted: return "34"
    }
  }
}

extension Position {
  var label: String {
    switch self {
    case .noResponse: return "no response"
    case .considering: return "considering"
    case .rejected: return "rejected"
    case .acceptedInPrinciple: return "in principle"
    case .acceptedInPart: return "in part"
    case .accepted: return "accepted"
    }
  }
}

extension Stage {
  var label: String {
    switch self {
    case .notStarted: return "not started"
    case .planned: return "planned"
    case .consulting: return "consulting"
    case .legislating: return "legislating"
    case .enacted: return "enacted"
    case .partiallyDelivered: return "partial"
    case .delivered: return "delivered"
    }
  }
}
