import ArgumentParser
import IICSADomain
import IICSAReports

extension IICSA {
  /// Statements in date order, with what each changed.
  struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List statements in date order with what each changed, pledged or reaffirmed.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var format: FormatOptions

    @Option(
      parsing: .unconditional, help: ArgumentHelp("Only statements dated on or after this day.", valueName: "YYYY-MM-DD"))
    var from: Day?

    @Option(
      parsing: .unconditional, help: ArgumentHelp(
        "Only statements dated on or before this day (default: today).", valueName: "YYYY-MM-DD"))
    var to: Day?

    @OptionGroup var known: KnownAtOptions


    func validate() throws {
      try DateRange.check(from: from, to: to)
    }

    func run() throws {
      print(try output(), terminator: "")
    }

    /// The exact bytes `run()` prints; in-process tests call this.
    func output() throws -> String {
      let end = to ?? Clock.now().day
      let report = try store.report(knownAt: known) { try TimelineReport(from: $0, from: from, to: end) }
      return TimelineRendering.render(report, as: format.format)
    }
  }
}
