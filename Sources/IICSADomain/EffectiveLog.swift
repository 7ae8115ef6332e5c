/// The log with corrections resolved: which reports and statements stand, and as what.
struct EffectiveLog: Sendable {
  struct ReportEntry: Sendable {
    var report: Report
    var sequence: Int
  }

  private(set) var reports: [EventID: ReportEntry] = [:]
  private(set) var statements: [EventID: RecordedStatement] = [:]
  private(set) var corrections: [CorrectionRecord] = []
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
    }
  }

  private mutating func apply(_ correction: Correction, from event: Event) throws(RuleViolation) {
    let target = correction.target
    if correctionIDs.contains(target) { throw .correctsCorrection(target) }
    if retracted.contains(target) { throw .alreadyRetracted(target) }
    guard reports[target] != nil || statements[target] != nil else { throw .unknownEvent(target) }
    corrections.append(
      CorrectionRecord(
        id: event.id, target: target, reason: correction.reason, recordedAt: event.recordedAt,
        retracted: correction.replacement == nil, sources: correction.sources))
    switch correction.replacement {
    case nil:
      retracted.insert(target)
      reports[target] = nil
      statements[target] = nil
    case .report(let report)?:
      if statements[target] != nil { throw .replacementKindMismatch(target: target, targetIsReport: false) }
      guard let old = reports[target], EventID(report.id) == target else {
        throw .replacementMismatch(target: target, replacement: EventID(report.id))
      }
      reports[target] = ReportEntry(report: report, sequence: old.sequence)
    case .statement(let statement)?:
      if reports[target] != nil { throw .replacementKindMismatch(target: target, targetIsReport: true) }
      guard let old = statements[target], statement.id == target else {
        throw .replacementMismatch(target: target, replacement: statement.id)
      }
      // The replacement keeps its place among same-day statements, but it was known only
      // from the correction's time, so the future-date rule is checked against that.
      statements[target] = RecordedStatement(
        statement: statement, recordedAt: event.recordedAt, sequence: old.sequence, corrected: true,
        contentSequence: event.sequence)
    }
  }
}
