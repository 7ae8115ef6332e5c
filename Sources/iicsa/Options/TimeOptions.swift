public import ArgumentParser
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

/// The one rule every date option follows: the record is asked nothing after now (UTC). Every
/// command words a future date alike and exits 64, as for any other misuse of the command line,
/// before the store is opened.
enum FutureDates {
  /// `--as-of 2030-01-01 is in the future: the record cannot know it yet.`
  static func refusal(_ option: String, _ value: String, upTo limit: String = "today (UTC)") -> ValidationError {
    ValidationError("\(option) \(value) is in the future: the record cannot know it yet. Give one up to \(limit).")
  }

  static func check(_ option: String, _ day: Day?, now: Timestamp) throws {
    if let day, day > now.day { throw refusal(option, day.description) }
  }

  /// A month is in the future when it has not begun.
  static func check(_ option: String, _ month: Month?, now: Timestamp) throws {
    if let month, month > Month(now.day) { throw refusal(option, month.description) }
  }

  static func check(_ option: String, _ time: Timestamp?, now: Timestamp) throws {
    if let time, time > now { throw refusal(option, time.description, upTo: "now (\(now))") }
  }
}

/// `--from` and `--to` of `timeline` and `diff`: both up to today, in order.
enum DateRange {
  static func check(from: Day?, to: Day?) throws {
    let now = Clock.now()
    try FutureDates.check("--from", from, now: now)
    try FutureDates.check("--to", to, now: now)
    if let from, let to, from > to { throw ValidationError("--from \(from) is after --to \(to).") }
  }
}

/// `--as-of` and `--known-at`: which day's status, by what was known when.
struct TimeOptions: ParsableArguments {
  @Option(
    parsing: .unconditional, help: ArgumentHelp("Status on this day, by everything known now (default: today, UTC).", valueName: "YYYY-MM-DD"))
  var asOf: Day?

  @OptionGroup var known: KnownAtOptions

  func validate() throws {
    try FutureDates.check("--as-of", asOf, now: Clock.now())
  }

  /// The day asked about, given today's date (read once per command).
  func day(today: Day) -> Day { asOf ?? today }
}

/// `--known-at`: answer as the tracker stood at a moment, or after one event of the log.
struct KnownAtOptions: ParsableArguments {
  @Option(
    parsing: .unconditional, help: ArgumentHelp(
      "Answer as the tracker stood at this moment, ignoring later entries and corrections. "
        + "A bare date means the end of that day (UTC); a whole number N means just after event N "
        + "of the log, which tells apart events recorded in the same second.", valueName: "time-or-event"))
  var knownAt: KnownAtArgument?

  func validate() throws {
    if case .time(let time) = knownAt { try FutureDates.check("--known-at", time, now: Clock.now()) }
  }

  /// The moment asked about, resolved against `log` (an event's recording time); nil for now.
  func resolve(in log: any EventLog) throws -> KnownAt? {
    try knownAt?.resolve(in: log)
  }
}

/// What `--known-at` was given: a time, or an event's place in the log.
enum KnownAtArgument: ExpressibleByArgument, Hashable {
  case time(Timestamp)
  case event(Int)

  init?(argument: String) {
    if argument.allSatisfy(\.isASCII), argument.allSatisfy(\.isNumber) {
      guard let event = Int(argument), event >= 1 else { return nil }
      self = .event(event)
    } else if let time = Timestamp(argument: argument) {
      self = .time(time)
    } else {
      return nil
    }
  }

  /// The answer's cut of the log: the time, or the event with its recording time.
  func resolve(in log: any EventLog) throws -> KnownAt {
    switch self {
    case .time(let time): return KnownAt(time)
    case .event(let event):
      guard let known = try log.knownAt(event: event) else {
        throw ValidationError("--known-at \(event): the log has \(try log.head().length) events (`iicsa verify` prints the count).")
      }
      return known
    }
  }
}

extension Month: ExpressibleByArgument {
  init?(argument: String) { self.init(iso: argument) }
}

extension Day: ExpressibleByArgument {
  init?(argument: String) { self.init(iso: argument) }
}

extension Timestamp: ExpressibleByArgument {
  init?(argument: String) { self.init(iso: argument) }
}

extension SourceID: ExpressibleByArgument {
  init?(argument: String) { self.init(argument) }
}

extension RecommendationID: ExpressibleByArgument {
  init?(argument: String) { self.init(argument) }
}

extension EventID: ExpressibleByArgument {
  init?(argument: String) { self.init(argument) }
}
