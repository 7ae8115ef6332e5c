public import ArgumentParser
import IICSADomain

/// `--as-of` and `--known-at`: which day's status, by what was known when.
struct TimeOptions: ParsableArguments {
  @Option(
    help: ArgumentHelp("Status on this day, by everything known now (default: today, UTC).", valueName: "YYYY-MM-DD"))
  var asOf: Day?

  @Option(
    help: ArgumentHelp(
      "Answer as the tracker stood at this moment, ignoring later entries and corrections. "
        + "A bare date means the end of that day (UTC).", valueName: "timestamp"))
  var knownAt: Timestamp?

  func validate() throws {
    let now = Clock.now()
    if let asOf, asOf > now.day { throw ValidationError("--as-of \(asOf) is in the future: the record cannot know it yet.") }
    if let knownAt, knownAt > now { throw ValidationError("--known-at \(knownAt) is in the future.") }
  }

  /// The day asked about.
  var day: Day { asOf ?? Clock.now().day }
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
