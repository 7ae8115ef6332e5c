/// A statement, report or correction that breaks one of the record's rules.
///
/// Each message names the statement and the recommendation, says what was wrong and what to do.
/// The rules are those of design.md ("Rules the domain enforces").
public indirect enum RuleViolation: Error, Hashable, Sendable, CustomStringConvertible {
  case noSources(statement: EventID)
  case invalidSourceURL(statement: EventID, url: String)
  case emptyStatement(statement: EventID)
  case unknownRecommendation(statement: EventID, RecommendationID)
  case emptyChange(statement: EventID, RecommendationID)
  case duplicateChange(statement: EventID, RecommendationID)
  case unchanged(statement: EventID, RecommendationID, Status)
  case contradiction(statement: EventID, RecommendationID, Stage)
  case backwardsWithoutReason(statement: EventID, RecommendationID, from: Stage, to: Stage)
  case beforeSource(statement: EventID, RecommendationID, date: Day, published: Day)
  case futureDate(statement: EventID, date: Day, recordedOn: Day)
  /// A file gave a recording time after the moment it was recorded.
  case recordedInFuture(EventID, recordedAt: Timestamp, now: Timestamp)
  /// A report said to be published after the day it was recorded.
  case publishedInFuture(source: SourceID, published: Day, recordedOn: Day)
  case pledgeDueBeforeStatement(statement: EventID, RecommendationID, due: Day, date: Day)
  case pledgeAlreadyMet(statement: EventID, RecommendationID, PledgeTarget, Status)
  case unknownPledge(statement: EventID, PledgeID, RecommendationID?)
  case pledgeNamedBeforeMade(statement: EventID, PledgeID, RecommendationID, made: Day, date: Day)
  case pledgeOfOtherRecommendation(statement: EventID, PledgeID, named: RecommendationID, actual: RecommendationID)
  case pledgeAlreadyEnded(statement: EventID, PledgeID, RecommendationID, PledgeEnding, by: ChangeReference)
  case pledgeNamedTwice(statement: EventID, PledgeID)
  case breaksLaterStatement(cause: EventID, later: EventID, RuleViolation)
  case emptyReport(source: SourceID)
  case duplicateNumber(source: SourceID, number: Int)
  case prefixMismatch(source: SourceID, prefix: String, RecommendationID)
  case prefixInUse(source: SourceID, prefix: String, usedBy: SourceID)
  case invalidReportURL(source: SourceID, url: String)
  case unknownRepeat(source: SourceID, RecommendationID, repeats: RecommendationID)
  case unknownEvent(EventID)
  case correctsCorrection(EventID)
  case alreadyRetracted(EventID)
  case replacementMismatch(target: EventID, replacement: EventID)
  case replacementKindMismatch(target: EventID, targetIsReport: Bool)
  /// A resumed tracker was asked to take an event that needs the whole history.
  case needsHistory(EventID)
  /// A sweep that breaks one of its rules.
  case sweep(EventID, SweepProblem)

  /// The statement (or other event) the violation is about.
  public var event: EventID {
    switch self {
    case .noSources(let id), .invalidSourceURL(let id, _), .emptyStatement(let id),
      .unknownRecommendation(let id, _), .emptyChange(let id, _), .duplicateChange(let id, _),
      .unchanged(let id, _, _), .contradiction(let id, _, _),
      .backwardsWithoutReason(let id, _, _, _), .beforeSource(let id, _, _, _),
      .futureDate(let id, _, _), .pledgeDueBeforeStatement(let id, _, _, _),
      .pledgeAlreadyMet(let id, _, _, _), .breaksLaterStatement(let id, _, _),
      .unknownPledge(let id, _, _), .pledgeNamedBeforeMade(let id, _, _, _, _),
      .pledgeOfOtherRecommendation(let id, _, _, _), .pledgeAlreadyEnded(let id, _, _, _, _),
      .pledgeNamedTwice(let id, _),
      .unknownEvent(let id), .correctsCorrection(let id), .alreadyRetracted(let id),
      .replacementMismatch(let id, _), .needsHistory(let id), .replacementKindMismatch(let id, _),
      .recordedInFuture(let id, _, _), .sweep(let id, _):
      return id
    case .emptyReport(let source), .duplicateNumber(let source, _),
      .prefixMismatch(let source, _, _), .prefixInUse(let source, _, _),
      .invalidReportURL(let source, _), .unknownRepeat(let source, _, _), .publishedInFuture(let source, _, _):
      return EventID(source)
    }
  }

  /// The recommendation the violation is about, if it is about one.
  public var recommendation: RecommendationID? {
    switch self {
    case .unknownRecommendation(_, let id), .emptyChange(_, let id), .duplicateChange(_, let id),
      .unchanged(_, let id, _), .contradiction(_, let id, _), .backwardsWithoutReason(_, let id, _, _),
      .beforeSource(_, let id, _, _), .pledgeDueBeforeStatement(_, let id, _, _),
      .pledgeAlreadyMet(_, let id, _, _), .prefixMismatch(_, _, let id),
      .pledgeOfOtherRecommendation(_, _, let id, _), .pledgeNamedBeforeMade(_, _, let id, _, _),
      .pledgeAlreadyEnded(_, _, let id, _, _):
      return id
    case .unknownPledge(_, _, let id):
      return id
    case .breaksLaterStatement(_, _, let violation):
      return violation.recommendation
    default:
      return nil
    }
  }

  public var description: String {
    switch self {
    case .noSources(let id):
      return "Statement '\(id)' has no source. Add at least one public URL under 'sources:'."
    case .invalidSourceURL(let id, let url):
      return "Statement '\(id)': source '\(url)' is not an http(s) URL. Give the public web address."
    case .emptyStatement(let id):
      return "Statement '\(id)' changes, reaffirms, pledges and relates to nothing. "
        + "Add 'changes', 'reaffirms', 'pledges' or 'relates_to'."
    case .unknownRecommendation(let id, let rec):
      return "Statement '\(id)' names \(rec), which no recorded report contains. "
        + "Check the id, or record the report's catalogue first."
    case .emptyChange(let id, let rec):
      return "Statement '\(id)': the change to \(rec) gives neither a position nor a stage."
    case .duplicateChange(let id, let rec):
      return "Statement '\(id)' changes \(rec) twice. Merge the two changes into one."
    case .unchanged(let id, let rec, let status):
      return "Statement '\(id)' changes nothing for \(rec): it is already "
        + "\(status.position.rawValue) / \(status.stage.rawValue). "
        + "Record it under 'reaffirms:' instead of 'changes:'."
    case .contradiction(let id, let rec, let stage):
      return "Statement '\(id)' puts \(rec) at stage \(stage.rawValue) while its position is "
        + "rejected. Record the change of position in the same or an earlier statement."
    case .backwardsWithoutReason(let id, let rec, let from, let to):
      return "Statement '\(id)' moves \(rec) back from \(from.rawValue) to \(to.rawValue) "
        + "without a reason. Add 'reason:' to the change (a bill fell, a law was repealed…)."
    case .beforeSource(let id, let rec, let date, let published):
      return "Statement '\(id)' is dated \(date), before \(rec)'s report was published on "
        + "\(published). Check the date, or name it under 'relates_to:' as background."
    case .futureDate(let id, let date, let recordedOn):
      return "Statement '\(id)' is dated \(date), after it was recorded on \(recordedOn). "
        + "A statement cannot be recorded before it is made: check the date."
    case .recordedInFuture(let id, let recordedAt, _):
      return "'\(id)' says recorded_at \(recordedAt), after the moment it is recorded. The log is "
        + "append-only, so a time to come could never be taken back: remove 'recorded_at' to stamp it now."
    case .publishedInFuture(let source, let published, let recordedOn):
      return "Report '\(source)' says it was published on \(published), after it is recorded on \(recordedOn). "
        + "A report cannot be recorded before it is published: check the date."
    case .pledgeDueBeforeStatement(let id, let rec, let due, let date):
      return "Statement '\(id)': the pledge on \(rec) is due \(due), before the statement's "
        + "date \(date). Check the due date."
    case .pledgeAlreadyMet(let id, let rec, let target, let status):
      return "Statement '\(id)': the pledge on \(rec) targets \(target.description), which is "
        + "already met (\(status.position.rawValue) / \(status.stage.rawValue)). "
        + "Record it under 'reaffirms:', or give a later target."
    case .unknownPledge(let id, let pledge, let rec):
      if pledge.statement == id {
        return "Statement '\(id)' ends its own pledge \(pledge). A statement can only end pledges made "
          + "by earlier statements."
      }
      return "Statement '\(id)' names pledge \(pledge)\(rec.map { " on \($0)" } ?? ""), which no recorded "
        + "statement made. Pledge ids are STATEMENT-ID#N, N counting that statement's pledges from 1: "
        + "run `iicsa pledges` to find it."
    case .pledgeNamedBeforeMade(let id, let pledge, _, let made, let date):
      return "Statement '\(id)' is dated \(date), but names pledge \(pledge), made on \(made). "
        + "A pledge can only be ended after it was made: check both dates."
    case .pledgeOfOtherRecommendation(let id, let pledge, let named, let actual):
      return "Statement '\(id)' names pledge \(pledge) as one on \(named), but it is a pledge on "
        + "\(actual). Give 'recommendation: \(actual)', or check the pledge id."
    case .pledgeAlreadyEnded(let id, let pledge, _, let ending, let by):
      return "Statement '\(id)' names pledge \(pledge), which already ended (\(ending.rawValue) on "
        + "\(by.date) by '\(by.statement)'). Name the pledge that replaced it, if any, or correct '\(by.statement)'."
    case .pledgeNamedTwice(let id, let pledge):
      return "Statement '\(id)' names pledge \(pledge) twice (under 'pledge_outcomes' or 'replaces'). "
        + "A statement ends a pledge once."
    case .breaksLaterStatement(let cause, let later, let violation):
      return "Recording '\(cause)' would break '\(later)', which is dated after it: "
        + "\(violation.description) Nothing was recorded; correct '\(later)' first with "
        + "`iicsa correct`, or check the new statement."
    case .emptyReport(let source):
      return "Report '\(source)' has no recommendations. List them under 'recommendations:'."
    case .duplicateNumber(let source, let number):
      return "Report '\(source)' numbers two recommendations \(number). Numbers must be unique."
    case .prefixMismatch(let source, let prefix, let rec):
      return "Report '\(source)' has prefix \(prefix), but lists \(rec). Use \(prefix)-N."
    case .prefixInUse(let source, let prefix, let other):
      return "Report '\(source)' uses prefix \(prefix), which report '\(other)' already uses. "
        + "Choose another prefix."
    case .invalidReportURL(let source, let url):
      return "Report '\(source)': '\(url)' is not an http(s) URL. Give the public web address."
    case .unknownRepeat(let source, let rec, let earlier):
      return "Report '\(source)': \(rec) repeats \(earlier), which is not in another recorded report "
        + "published on or before it. Record that report's catalogue first, or check the id."
    case .unknownEvent(let id):
      return "There is no event '\(id)' in the log. Run `iicsa timeline` to find its id."
    case .correctsCorrection(let id):
      return "'\(id)' is itself a correction; correct the original event instead."
    case .alreadyRetracted(let id):
      return "'\(id)' has already been retracted. Record a new statement instead."
    case .sweep(let id, let problem):
      return "Sweep '\(id)': \(problem.description)"
    case .needsHistory(let id):
      return "'\(id)' must be checked against the whole history, which this tracker does not hold."
    case .replacementKindMismatch(let target, let targetIsReport):
      let (was, given) = targetIsReport ? ("a catalogue", "a statement") : ("a statement", "a catalogue")
      return "'\(target)' is \(was), but its replacement is \(given). A replacement is of the same kind as "
        + "the event it replaces: give the whole corrected \(targetIsReport ? "catalogue" : "statement")."
    case .replacementMismatch(let target, let replacement):
      return "The replacement has id '\(replacement)', but it replaces '\(target)'. "
        + "A replacement keeps the id of the event it replaces."
    }
  }
}
