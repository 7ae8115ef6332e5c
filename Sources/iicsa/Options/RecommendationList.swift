import ArgumentParser
import IICSADomain

/// The `--recommendation` values a command was given, read once, in one wording.
enum RecommendationList {
  /// The ids, each once, in the order given; the first that is not an id is refused as misuse.
  static func parse(_ texts: [String]) throws -> [RecommendationID] {
    var ids: [RecommendationID] = []
    for text in texts {
      guard let id = RecommendationID(text) else {
        throw ValidationError("'\(text)' is not a recommendation id. Ids look like IICSA-13, JAY-5, CASEY25-11.")
      }
      if !ids.contains(id) { ids.append(id) }
    }
    return ids
  }
}
