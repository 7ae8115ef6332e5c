/// What a correction is aimed at, as the log stood just before it.
public enum CorrectionTarget: Sendable {
  /// No earlier event has its id.
  case absent
  /// An earlier correction: corrections are never corrected.
  case correction
  /// An event an earlier correction retracted.
  case retracted
  /// A report, as it stands.
  case report(Report)
  /// A statement, as it stands.
  case statement(RecordedStatement)
  /// A sweep, as it stands.
  case sweep
}

/// What a correction makes of its target.
public enum CorrectionOutcome: Sendable {
  /// Withdrawn from the record.
  case retracted
  /// Replaced by this report.
  case report(Report)
  /// Replaced by this statement, as it now stands.
  case statement(RecordedStatement)
}

extension Correction {
  /// The rules of a correction, in one place: what its target becomes, or the rule it breaks.
  /// The replay (`EffectiveLog`) and the store's incremental projections both resolve
  /// corrections here.
  ///
  /// A replacement statement keeps its place among same-day statements (the target's sequence),
  /// but is known from the correction's time, with its content in the correction's event.
  public func resolve(against target: CorrectionTarget, by event: Event) throws(RuleViolation) -> CorrectionOutcome {
    let id = self.target
    switch target {
    case .absent: throw .unknownEvent(id)
    case .correction: throw .correctsCorrection(id)
    case .retracted: throw .alreadyRetracted(id)
    case .report:
      switch replacement {
      case nil: return .retracted
      case .statement?: throw .replacementKindMismatch(target: id, targetIsReport: true)
      case .report(let report)?:
        guard EventID(report.id) == id else {
          throw .replacementMismatch(target: id, replacement: EventID(report.id))
        }
        return .report(report)
      }
    case .sweep:
      guard replacement == nil else { throw .sweep(id, .replaced) }
      return .retracted
    case .statement(let old):
      switch replacement {
      case nil: return .retracted
      case .report?: throw .replacementKindMismatch(target: id, targetIsReport: false)
      case .statement(let statement)?:
        guard statement.id == id else { throw .replacementMismatch(target: id, replacement: statement.id) }
        return .statement(
          RecordedStatement(
            statement: statement, recordedAt: event.recordedAt, sequence: old.sequence, corrected: true,
            contentSequence: event.sequence))
      }
    }
  }
}
