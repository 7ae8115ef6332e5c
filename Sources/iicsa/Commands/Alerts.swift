import ArgumentParser
import IICSADomain
import IICSAReports

extension IICSA {
  /// What weakened in a period: positions and stages that went back, pledges that slipped, were
  /// withdrawn or fell overdue.
  struct Alerts: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List what weakened in a period, newest first: positions and stages that went back, "
        + "pledges that slipped, were withdrawn or fell overdue.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var format: FormatOptions

    @Option(
      parsing: .unconditional, help: ArgumentHelp("Only what happened on or after this day (default: the whole record).", valueName: "YYYY-MM-DD"))
    var since: Day?

    @OptionGroup var only: SourceOptions

    func validate() throws {
      let now = Clock.now()
      try FutureDates.check("--since", since, now: now)
      let day = time.day(today: now.day)
      if let since, since > day {
        throw ValidationError("--since \(since) is after --as-of \(day).")
      }
    }

    func run() throws {
      print(try output(), terminator: "")
    }

    /// The exact bytes `run()` prints; in-process tests call this.
    func output() throws -> String {
      let day = time.day(today: Clock.now().day)
      let report = try store.report(knownAt: time.known) {
        try AlertReport(from: $0, since: since, asOf: day, source: only.source)
      }
      return AlertRendering.render(report, as: format.format)
    }
  }
}
