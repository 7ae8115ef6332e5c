import ArgumentParser
import IICSADomain
import IICSAReports

extension IICSA {
  /// Lists pledges with their due dates, overdue ones first.
  struct Pledges: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List pledges with their due dates: overdue first, then open, then fulfilled.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var format: PledgeFormatOptions

    @Flag(help: "Only pledges that are past their due date and not fulfilled.")
    var overdue = false

    func run() throws {
      print(try output(), terminator: "")
    }

    /// The exact bytes `run()` prints; in-process tests call this.
    func output() throws -> String {
      let day = time.day(today: Clock.now().day)
      guard let format = format.format.report else {
        let calendar = try store.report(knownAt: time.known) {
          try PledgeCalendar(from: $0, asOf: day, overdueOnly: overdue)
        }
        return PledgeCalendarRendering.render(calendar)
      }
      let report = try store.report(knownAt: time.known) { try PledgeReport(from: $0, asOf: day, overdueOnly: overdue) }
      return PledgeRendering.render(report, as: format)
    }
  }
}
