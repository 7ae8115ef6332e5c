import ArgumentParser
import IICSADomain
import IICSAStore

extension IICSA {
  /// Lists pledges with their due dates, overdue ones first.
  struct Pledges: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List pledges with their due dates: overdue first, then open, then fulfilled.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var format: FormatOptions

    @Flag(help: "Only pledges that are past their due date and not fulfilled.")
    var overdue = false

    func run() throws {
      print(try output(), terminator: "")
    }

    /// The exact bytes `run()` prints; in-process tests call this.
    func output() throws -> String {
      let log = try store.open(.readOnly)
      let knownAt = try time.known.resolve(in: log)
      let day = time.day
      let (records, titles) = try log.pledges(asOf: day, overdueOnly: overdue, knownAt: knownAt)
      let head = try log.head(knownAt: knownAt)
      let report = PledgeReport(
        records, titles: titles, on: day, knownAt: knownAt, log: head, overdueOnly: overdue)
      return PledgeRendering.render(report, as: format.format)
    }
  }
}
