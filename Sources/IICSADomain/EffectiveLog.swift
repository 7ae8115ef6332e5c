/// The log with corrections resolved: which reports and statements stand, and as what.
struct EffectiveLog: Sendable {
  struct ReportEntry: Sendable {
    var report: Report
    var sequence: Int
  }

  private(set) var reports: [EventID: ReportEntry] = [:]
  private(set) var statements: [EventID: RecordedStatement] = [:]
  private(set) var corrections: [CorrectionRecord] = []
  private(set) var sweeps: [EventID: RecordedSweep] = [:]
  private var retracted: Set<EventID> = []
  private var correctionIDs: Set<EventID> = []

  mutating func add(_ event: Event) throws(RuleViolation) {
    switch event.payload {
    case .reportPublished(let report):
      reports[event.id] = ReportEntry(report: report, sequence: event.sequence)
    case .statementRecorded(let statement):
      statements[event.id] = RecordedStatement(
        statement: statement, recordedAt: event.recordedAt, sequence: event.sequence)
    case .eventCorrected(let correction):
      try apply(correction, from: event)
      correctionIDs.insert(event.id)
    case .sweepRecorded(let sweep):
      try check(sweep, recordedOn: event.recordedAt.day)
      sweeps[event.id] = RecordedSweep(sweep: sweep, recordedAt: event.recordedAt, sequence: event.sequence)
    }
  }

  /// A sweep is held to the record as it stood when it was recorded, in log order: a statement
  /// it found, or a report it searched for, that is corrected later leaves it standing.
  private func check(_ sweep: Sweep, recordedOn day: Day) throws(RuleViolation) {
    var known: Set<RecommendationID> = []
    for entry in reports.values { known.formUnion(entry.report.recommendations.map(\.id)) }
    try sweep.check(
      recordedOn: day, isKnown: { known.contains($0) }, statementDate: { statements[$0]?.statement.date })
  }

  private mutating func apply(_ correction: Correction, from event: Event) throws(RuleViolation) {
    let target = correction.target
    let found: CorrectionTarget
    if correctionIDs.contains(target) {
      found = .correction
    } else if retracted.contains(target) {
      found = .retracted
    } else if let entry = reports[target] {
      found = .report(entry.report)
    } else if let statement = statements[target] {
      found = .statement(statement)
    } else if sweeps[target] != nil {
      found = .sweep
    } else {
      found = .absent
    }
    let outcome = try correction.resolve(against: found, by: event)
    corrections.append(
      CorrectionRecord(
        id: event.id, target: target, reason: correction.reason, recordedAt: event.recordedAt,
        retracted: correction.replacement == nil, sources: correction.sources))
    switch outcome {
    case .retracted:
      retracted.insert(target)
      reports[target] = nil
      statements[target] = nil
      sweeps[target] = nil
    case .report(let report): reports[target]?.report = report
    case .statement(let statement): statements[target] = statement
    }
  }
}
