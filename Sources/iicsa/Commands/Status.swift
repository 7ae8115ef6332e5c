import ArgumentParser
import IICSADomain
import IICSAReports

extension IICSA {
  /// Lists every recommendation with its position, stage and headline.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show which recommendations are done and which are outstanding.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var format: FormatOptions

    @OptionGroup var only: SourceOptions

    @Flag(help: "Only recommendations that are not done.")
    var outstanding = false

    @Flag(help: "Only recommendations that are done.")
    var done = false

    @Flag(help: "Add a column with the date each recommendation was first called for (table format).")
    var firstCalled = false

    func validate() throws {
      if outstanding && done { throw ValidationError("--outstanding and --done exclude each other.") }
    }

    func run() throws {
      print(try output(colour: Terminal.wantsColour), terminator: "")
    }

    /// The exact bytes `run()` prints (without colour); in-process tests call this.
    func output(colour: Bool = false) throws -> String {
      let day = time.day(today: Clock.now().day)
      var report = try store.report(knownAt: time.known) { try $0.status(asOf: day) }
      if let source = only.source { report = try report.only(source: source) }
      if outstanding { report = report.filtered { $0.headline.isOutstanding } }
      if done { report = report.filtered { !$0.headline.isOutstanding } }
      return StatusRendering.render(
        report, as: format.format, colour: colour && format.format == .table, firstCalled: firstCalled)
    }
  }
}

/// A user-facing failure with a complete message; ArgumentParser prints it after `Error: `.
struct CommandError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
