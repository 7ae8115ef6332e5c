import ArgumentParser
import IICSADomain
import IICSAReports

extension IICSA {
  /// What changed between two dates.
  struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show each recommendation whose status differs between two dates, and why.",
      discussion: """
        Replays the record as of each date and lists every recommendation whose status differs, \
        with the statements dated after --from and on or before --to that changed it.
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var format: FormatOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("The earlier day.", valueName: "YYYY-MM-DD"))
    var from: Day

    @Option(parsing: .unconditional, help: ArgumentHelp("The later day.", valueName: "YYYY-MM-DD"))
    var to: Day

    @OptionGroup var known: KnownAtOptions


    func validate() throws {
      try DateRange.check(from: from, to: to)
    }

    func run() throws {
      print(try output(), terminator: "")
    }

    /// The exact bytes `run()` prints; in-process tests call this.
    func output() throws -> String {
      let report = try store.report(knownAt: known) { try DiffReport(from: $0, from: from, to: to) }
      return DiffRendering.render(report, as: format.format)
    }
  }
}
