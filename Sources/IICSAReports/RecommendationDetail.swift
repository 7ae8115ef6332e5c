public import IICSADomain

/// What `show` prints about one recommendation: its text, status, history with sources,
/// pledges, alerts, first call and withdrawn statements. The site's recommendation pages show the
/// same.
public struct RecommendationDetail: Sendable {
  /// One statement's entries in the history, together.
  public struct Step: Sendable {
    public var date: Day
    public var statement: RecordedStatement
    public var whats: [HistoryEntry.What]
    /// The corrections that replaced this statement's first version, oldest first.
    public var corrections: [CorrectionRecord]
  }

  public var day: Day
  /// The log the detail was drawn from, and the moment it answers for (nil: now).
  public var log: LogHead = .empty
  public var knownAt: KnownAt?
  public var state: RecommendationState
  public var report: Report
  /// Every report the tracker holds, for naming the recommendations a first call points to.
  public var reports: [Report]
  /// Statements about it that a correction withdrew, with the retraction.
  public var retracted: [CorrectionEntry] = []
  public var steps: [Step]
  public var pledges: [PledgeRecord]
  /// What weakened in its history, newest first.
  public private(set) var alerts: [Alert]
  /// The alerts each statement of the history raised (a pledge falling overdue is raised by no
  /// statement), found once: a long history looked them up per step, in time squared.
  private var raisedBy: [EventID: [Alert]] = [:]
  /// The earliest call for it before its report, and words naming who made it.
  public var firstCall: (call: FirstCall, by: String)?
  /// How far each place was last searched for it, through the day at the latest, newest first:
  /// the first is its "checked through" (`RecordedSweep.coverage`). Empty when nobody looked.
  public var checked: [RecordedSweep.Coverage] = []

  /// `iicsa show ID`: the detail of `id` on `day`, from one snapshot. Only the statements that
  /// name it are read.
  public init(from snapshot: any RecordSnapshot, id: RecommendationID, on day: Day) throws {
    let corrections = try snapshot.corrections()
    guard let tracker = try snapshot.tracker(for: id, asOf: day),
      var detail = RecommendationDetail(id, in: tracker, on: day, corrections: corrections.map(\.record))
    else {
      let prefixes = try snapshot.status(asOf: day).sources.map(\.prefix)
      throw ReportError.noSuchRecommendation(id, on: day, prefixes: prefixes)
    }
    detail.log = try snapshot.head()
    detail.knownAt = snapshot.knownAt
    detail.retracted = Self.withdrawn(corrections, of: id, on: day)
    detail.checked = RecordedSweep.coverage(of: try snapshot.sweeps(through: day))[id] ?? []
    if let call = try snapshot.firstCalls()[id] {
      detail.firstCall = (call, try Self.describe(call.by, in: snapshot, reports: detail.reports))
    }
    self = detail
  }

  /// Who made a first call, in words: `JAY-5 Joint CSE team`, or a statement's title and speaker.
  static func describe(_ by: FirstCall.By, in snapshot: any RecordSnapshot, reports: [Report]) throws -> String {
    switch by {
    case .recommendation(let id):
      let title = reports.lazy.flatMap(\.recommendations).first { $0.id == id }?.title
      return [id.description, title].compactMap { $0 }.joined(separator: " ")
    case .statement(let id):
      guard let statement = try snapshot.statements([id])[id]?.statement else { return id.rawValue }
      return "\(statement.title) — \(statement.speaker)"
    }
  }

  /// The detail of `id` from a tracker, with the corrections to name (default: the tracker's) and
  /// the tracker's alerts, when the caller has them already (newest first, as `Tracker.alerts`).
  public init?(
    _ id: RecommendationID, in tracker: Tracker, on day: Day, corrections: [CorrectionRecord]? = nil,
    alerts known: [Alert]? = nil
  ) {
    guard let state = tracker.states[id], let report = tracker.reports[state.source] else { return nil }
    let corrections = corrections ?? tracker.corrections
    self.day = day
    self.state = state
    self.report = report
    reports = tracker.orderedReports
    var steps: [Step] = []
    for entry in state.history {
      guard let statement = tracker.statements[entry.statement] else { continue }
      if let last = steps.last, last.statement.statement.id == entry.statement {
        steps[steps.count - 1].whats.append(entry.what)
      } else {
        steps.append(
          Step(
            date: entry.date, statement: statement, whats: [entry.what],
            corrections: corrections.filter { $0.target == entry.statement }))
      }
    }
    self.steps = steps
    pledges = tracker.pledges.filter { $0.pledge.recommendation == id }
    checked = RecordedSweep.coverage(of: tracker.sweeps)[id] ?? []
    alerts = (known ?? tracker.alerts(from: report.published, through: day))
      .filter { $0.recommendation == id && $0.date >= report.published }
    for alert in alerts where alert.kind != .pledgeOverdue { raisedBy[alert.statement, default: []].append(alert) }
  }

  /// The statements about `id` dated by `day` that a correction withdrew, with the retraction:
  /// they stay visible (`show`, the site).
  public static func withdrawn(_ corrections: [CorrectionEntry], of id: RecommendationID, on day: Day) -> [CorrectionEntry] {
    corrections.filter { entry in
      guard let statement = entry.retracted else { return false }
      return statement.recommendations.contains(id) && statement.date <= day
    }
  }

  /// The alerts a step of the history raised.
  public func alerts(of step: Step) -> [Alert] {
    (raisedBy[step.statement.statement.id] ?? []).filter { $0.date == step.date }
  }
}
