import ArgumentParser
import Foundation
import IICSADomain
import IICSAStore
import IICSALog

extension IICSA {
  /// Retracts or replaces an earlier event by appending a correction.
  struct Correct: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Retract or replace an earlier statement or catalogue, or retract a sweep. The original stays in the log.")

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("The id of the event to correct.", valueName: "event-id"))
    var event: EventID

    @Option(help: "Why the correction is made (shown in the history).")
    var reason: String

    @Option(help: ArgumentHelp("A corrected version of the file, with the same id. Without it, the event is retracted.", valueName: "file"))
    var replacement: String?

    func validate() throws {
      if reason.allSatisfy(\.isWhitespace) { throw ValidationError("--reason must say why.") }
      // The same rules as a file's 'reason': it is recorded for good, and shown in terminals and pages.
      if let (message, hint) = TextRules.problem(reasonText, key: "reason", name: "--reason") {
        throw ValidationError("\(Escape.terminal(message)). \(hint)")
      }
    }

    /// The reason as recorded: trimmed, as a file's texts are.
    var reasonText: String { reason.trimmingCharacters(in: .whitespacesAndNewlines) }

    func run() throws {
      var replaced: Replacement?
      if let replacement {
        do {
          switch try RecordFiles.read([replacement]).items.first {
          case .catalogue(let file)?: replaced = .report(file.report)
          case .statement(let file)?: replaced = .statement(file.statement)
          case .correction(let file)?:
            throw CommandError(
              "\(file.path) is itself a correction: record it with `iicsa record \(file.path)`. Nothing was recorded.")
          case .sweep(let file)?:
            throw CommandError(
              "\(file.path) is a sweep, and a sweep cannot be replaced: retract the old one with "
                + "`iicsa correct \(event) --reason ...` and record this one under a new id. Nothing was recorded.")
          case nil: break
          }
        } catch let error as InputErrors {
          throw CommandError(error.description + "\nNothing was recorded.")
        }
      }
      let log = try store.open(.readWrite)
      let ordinal = try log.correctionCount(of: event) + 1
      guard let id = Correction.eventID(correcting: event, ordinal: ordinal) else {
        throw CommandError("The id '\(event)' is too long to correct. Nothing was recorded.")
      }
      let correction = Correction(target: event, reason: reasonText, replacement: replaced)
      let result: AppendResult
      do {
        result = try log.append([NewEvent(id: id, recordedAt: nil, payload: .eventCorrected(correction))], expecting: nil, now: Clock.now())
      } catch {
        throw CommandError("\(error)\nNothing was recorded.")
      }
      let verb = replaced == nil ? "Retracted" : "Replaced"
      print("\(verb) '\(event)' as '\(id)'. Log: \(result.head.length) events, head \(result.head.head).")
    }
  }
}
