public import Foundation
public import IICSADomain

/// Small builders for reports, statements and events, so that a test says only what matters.
public enum Build {
  /// A day from `YYYY-MM-DD`; a typo in a test is a test failure, not a crash.
  public static func day(_ text: String) -> Day {
    Day(iso: text) ?? Day(daysSinceEpoch: 0)
  }

  /// A recommendation id from `PREFIX-N`.
  public static func rec(_ text: String) -> RecommendationID {
    RecommendationID(text) ?? RecommendationID(prefix: "BAD", number: 1)!
  }

  /// A report with `count` recommendations numbered from 1.
  public static func report(
    _ id: String = "test-2022", prefix: String = "TEST", published: String = "2022-10-20",
    count: Int = 3
  ) -> Report {
    Report(
      id: SourceID(id)!, prefix: prefix, title: "Test report \(id)", author: "A test inquiry",
      published: day(published), url: "https://example.org/\(id)",
      recommendations: (1...count).map { number in
        Recommendation(
          id: RecommendationID(prefix: prefix, number: number)!, title: "Recommendation \(number)",
          text: "Do thing \(number).", addressedTo: ["UK government"],
          sources: [SourceLink(url: "https://example.org/\(id)/\(number)", publisher: "Example")])
      })
  }

  /// A statement dated `date` with the given effects.
  public static func statement(
    _ id: String, _ date: String, changes: [StatusChange] = [], reaffirms: [String] = [],
    relatesTo: [String] = [], pledges: [Pledge] = [], outcomes: [PledgeOutcome] = []
  ) -> Statement {
    Statement(
      id: EventID(id)!, date: day(date), speaker: "A Minister", role: "Home Secretary",
      kind: .commonsStatement, title: "Statement \(id)", summary: "Said something.",
      sources: [SourceLink(url: "https://example.org/\(id)", publisher: "Hansard")],
      changes: changes, reaffirms: reaffirms.map(rec), relatesTo: relatesTo.map(rec), pledges: pledges,
      pledgeOutcomes: outcomes)
  }

  /// A pledge id from `STATEMENT#N`.
  public static func pledgeID(_ text: String) -> PledgeID {
    PledgeID(text) ?? PledgeID(statement: EventID("bad")!, ordinal: 1)
  }

  /// A pledge on `id` to reach `stage`, due on `due`, re-making `replaces`.
  public static func pledge(
    _ id: String, _ stage: Stage = .planned, due: String? = nil, replaces: String? = nil
  ) -> Pledge {
    Pledge(
      recommendation: rec(id), text: "Promise on \(id)", target: .stage(stage), due: due.map(day),
      replaces: replaces.map(pledgeID))
  }

  /// A statement's declaration that the pledge `pledge` on `id` was met or withdrawn.
  public static func outcome(_ pledge: String, _ id: String, _ outcome: PledgeOutcomeKind = .met) -> PledgeOutcome {
    PledgeOutcome(pledge: pledgeID(pledge), recommendation: rec(id), outcome: outcome, note: "Done, per the source.")
  }

  /// A change to one recommendation.
  public static func change(
    _ id: String, _ position: Position? = nil, _ stage: Stage? = nil, reason: String? = nil
  ) -> StatusChange {
    StatusChange(recommendation: rec(id), position: position, stage: stage, reason: reason)
  }

  /// `report` and `statements` replayed in that order, one event each.
  public static func replay(_ report: Report, _ statements: [Statement]) throws(RuleViolation) -> Tracker {
    try Tracker.replay(log([.reportPublished(report)] + statements.map { .statementRecorded($0) }))
  }

  /// The rule that replaying `report` and `statements` breaks, if any.
  public static func violation(_ report: Report, _ statements: [Statement]) -> RuleViolation? {
    do {
      _ = try replay(report, statements)
      return nil
    } catch {
      return error
    }
  }

  /// A fixed recording time, late enough for every test date.
  public static let recordedAt = Timestamp(iso: "2026-11-24T10:00:00Z")!

  /// Events in log order from payloads, recorded one second apart from `recordedAt`.
  public static func log(_ payloads: [EventPayload], from start: Timestamp = recordedAt) -> [Event] {
    payloads.enumerated().map { index, payload in
      let id: EventID
      switch payload {
      case .reportPublished(let report): id = EventID(report.id)
      case .statementRecorded(let statement): id = statement.id
      case .eventCorrected(let correction):
        id = Correction.eventID(correcting: correction.target, ordinal: index + 1)!
      case .sweepRecorded(let sweep): id = sweep.id
      }
      return Event(
        sequence: index + 1, id: id,
        recordedAt: Timestamp(secondsSinceEpoch: start.secondsSinceEpoch + Int64(index)),
        payload: payload)
    }
  }

  /// The same events ready to append.
  public static func newEvents(_ events: [Event]) -> [NewEvent] {
    events.map { NewEvent(id: $0.id, recordedAt: $0.recordedAt, payload: $0.payload) }
  }
}

/// A temporary folder removed when the value goes away.
public final class TemporaryFolder: Sendable {
  /// The folder's path.
  public let path: String

  /// Creates a new, empty folder.
  public init() throws {
    path = NSTemporaryDirectory() + "iicsa-test-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }

  /// A path inside the folder.
  public func file(_ name: String) -> String { path + "/" + name }

  deinit { try? FileManager.default.removeItem(atPath: path) }
}
