public import ArgumentParser
import IICSADomain
import IICSAStore

/// `--as-of` and `--known-at`: which day's status, by what was known when.
struct TimeOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp("Status on this day, by everything known now (default: today, UTC).", valueName: "YYYY-MM-DD"))
  var asOf: Day?

  @OptionGroup var known: KnownAtOptions

  func validate() throws {
    if let asOf, asOf > Clock.now().day {
      throw ValidationError("--as-of \(asOf) is in the future: the record cannot know it yet.")
    }
  }

  /// The day asked about.
  var day: Day { asOf ?? Clock.now().day }

  /// The moment asked about; nil for now.
  var knownAt: Timestamp? { known.knownAt }
}

/// `--known-at`: answer as the tracker stood at a moment.
struct KnownAtOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp(
      "Answer as the tracker stood at this moment, ignoring later entries and corrections. "
        + "A bare date means the end of that day (UTC).", valueName: "timestamp"))
  var knownAt: Timestamp?

  func validate() throws {
    if let knownAt, knownAt > Clock.now() { throw ValidationError("--known-at \(knownAt) is in the future.") }
  }
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
