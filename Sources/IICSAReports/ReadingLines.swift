public import IICSADomain

/// One line of a listing meant for reading (a status table, the site, the export): one
/// recommendation, or several of one report gathered into one line.
public enum ReadingLine<Item: Sendable>: Sendable {
  case one(Item)
  /// Two or more recommendations of one report that the record has not confirmed from the
  /// report's text (`Confidence.unconfirmed`) and that stand alike: twelve identical rows saying
  /// "Recommendation N (subject not confirmed)" tell a reader less than one line saying how many
  /// there are and why.
  case unconfirmed([Item])
}

/// The rule that gathers them, in one place for every surface (docs/status.md, "Recommendations
/// the record has not confirmed"). Machine formats (JSON, CSV) keep one row per recommendation.
public enum ReadingLines {
  /// `items` (one report's, in order) as lines: the unconfirmed items that share `alike` are
  /// gathered into one line, at the place of the first of them, when there are two or more;
  /// every other item is a line of its own, in its place.
  public static func lines<Item: Sendable, Key: Hashable>(
    _ items: [Item], unconfirmed: (Item) -> Bool, alike: (Item) -> Key
  ) -> [ReadingLine<Item>] {
    var groups: [Key: [Item]] = [:]
    for item in items where unconfirmed(item) { groups[alike(item), default: []].append(item) }
    var placed: Set<Key> = []
    var lines: [ReadingLine<Item>] = []
    for item in items {
      guard unconfirmed(item), let group = groups[alike(item)], group.count > 1 else {
        lines.append(.one(item))
        continue
      }
      let key = alike(item)
      if placed.insert(key).inserted { lines.append(.unconfirmed(group)) }
    }
    return lines
  }

  /// The ids of one report's recommendations, in order, with runs as ranges: `JAY-1–4, 7, 9–15`.
  public static func ids(_ ids: [RecommendationID]) -> String {
    var parts: [String] = []
    var index = 0
    while index < ids.count {
      var end = index
      while end + 1 < ids.count, ids[end + 1].prefix == ids[index].prefix, ids[end + 1].number == ids[end].number + 1 {
        end += 1
      }
      let first = parts.isEmpty || ids[index].prefix != ids[max(0, index - 1)].prefix ? ids[index].description : String(ids[index].number)
      parts.append(end > index ? "\(first)–\(ids[end].number)" : first)
      index = end + 1
    }
    return parts.joined(separator: ", ")
  }

  /// What a gathered line says in place of a title.
  public static func title(count: Int) -> String {
    "\(count) recommendations not confirmed from the report's own text (each one's page says what is missing)"
  }

  /// The same, short enough for a terminal table's title column.
  public static func shortTitle(count: Int) -> String { "\(count), wording not confirmed" }
}

extension StatusReport {
  /// The rows of `source` for reading (`ReadingLines`): its unconfirmed recommendations that
  /// stand alike (status, last change, pledges, first call) in one line.
  public func readingLines(of source: SourceID) -> [ReadingLine<StatusRow>] {
    ReadingLines.lines(
      rows.filter { $0.source == source }, unconfirmed: { $0.confidence == .unconfirmed },
      alike: { Alike(status: $0.status, lastChange: $0.lastChange, open: $0.openPledges, overdue: $0.overduePledges, call: $0.firstCall) })
  }

  private struct Alike: Hashable {
    var status: Status
    var lastChange: ChangeReference?
    var open: Int
    var overdue: Int
    var call: FirstCall?
  }
}
