import IICSADomain
import IICSAStore
import IICSALog

/// The arguments the bench passes to each report command on one store, read from its log so
/// that every store is asked comparable questions: the middle of its history, one month of it,
/// and its busiest recommendation.
struct StoreProbe: Sendable {
  /// Events in the log.
  var events: Int
  /// The median statement date: `status --as-of`.
  var midDate: Day
  /// When the middle event was recorded: `status --known-at`.
  var midRecordedAt: Timestamp
  /// When the last event was recorded: `export --known-at`, so the export covers the whole log.
  var lastRecordedAt: Timestamp
  /// The recommendation named by the most statements: `show`.
  var busiest: RecommendationID
  /// The date the last statement carries: appended statements are dated on it.
  var lastDate: Day

  /// The month holding `midDate`, as `YYYY-MM`: `diff`, `timeline` and `export`.
  var month: String { String(midDate.description.prefix(7)) }

  /// Reads the log of the store at `path`.
  init(path: String) throws {
    let store = try EventStore.open(at: path, access: .readOnly)
    defer { try? store.close() }
    let log = try store.events()
    var dates: [Day] = []
    var mentions: [RecommendationID: Int] = [:]
    for event in log {
      guard case .statementRecorded(let statement) = event.payload else { continue }
      dates.append(statement.date)
      for id in statement.recommendations { mentions[id, default: 0] += 1 }
    }
    dates.sort()
    guard let first = log.first, let last = log.last, let latest = dates.last,
      let busiest = mentions.max(by: {
        ($0.value, $1.key.description) < ($1.value, $0.key.description)
      })
    else { throw SpawnError(description: "\(path) holds no statements to ask about") }
    events = log.count
    midDate = dates[dates.count / 2]
    midRecordedAt = log[log.count / 2].recordedAt
    lastRecordedAt = max(last.recordedAt, first.recordedAt)
    self.busiest = busiest.key
    lastDate = latest
  }
}
