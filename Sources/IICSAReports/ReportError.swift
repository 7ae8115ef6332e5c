public import IICSADomain

/// A report asked about something the record does not hold, with what it does hold.
public enum ReportError: Error, Hashable, Sendable, CustomStringConvertible {
  /// No report with this id was published by the day.
  case noSuchSource(SourceID, on: Day, sources: [SourceID])
  /// No recommendation with this id is in a report published by the day.
  case noSuchRecommendation(RecommendationID, on: Day, prefixes: [String])

  public var description: String {
    switch self {
    case .noSuchSource(let id, let day, let sources):
      return "There is no source '\(id)' as of \(day). Sources: " + sources.map(\.rawValue).joined(separator: ", ") + "."
    case .noSuchRecommendation(let id, let day, let prefixes):
      return "There is no recommendation \(id) as of \(day). Prefixes in the record: "
        + prefixes.joined(separator: ", ") + "."
    }
  }
}
