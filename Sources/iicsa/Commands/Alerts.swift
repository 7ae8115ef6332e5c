import ArgumentParser
import IICSADomain
import IICSAStore

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
      help: ArgumentHelp("Only what happened on or after this day (default: the whole record).", valueName: "YYYY-MM-DD"))
    var since: Day?

    @Option(help: ArgumentHelp("Only recommendations from this source, e.g. iicsa-2022.", valueName: "source"))
    var source: SourceID?

    func validate() throws {
      if let since, since > time.day {
        throw ValidationError("--since \(since) is after --as-of \(time.day).")
      }
    }

    func run() throws {
      print(try output(), terminator: "")
    }

    /// The exact bytes `run()` prints; in-process tests call this.
    func output() throws -> String {
      let log = try store.open(.readOnly)
      let knownAt = try time.known.resolve(in: log)
      let day = time.day
      let head = try log.head(knownAt: knownAt)
      // Resumed the day before the period: only the period's statements are applied.
      let tracker = try log.tracker(from: since ?? DateRange.beginning, through: day, knownAt: knownAt)
      if let source, !tracker.orderedReports.contains(where: { $0.id == source }) {
        throw CommandError(
          "There is no source '\(source)' as of \(day). Sources: "
            + tracker.orderedReports.map(\.id.rawValue).joined(separator: ", ") + ".")
      }
      let sourceOf = Dictionary(tracker.orderedStates.map { ($0.id, $0.source) }, uniquingKeysWith: { first, _ in first })
      let include = { (alert: Alert) in source.map { sourceOf[alert.recommendation] == $0 } ?? true }
      let report = try AlertReport(
        tracker, since: since, asOf: day, knownAt: knownAt, log: head, include: include,
        read: { try log.statements($0, knownAt: knownAt) })
      return AlertRendering.render(report, as: format.format)
    }
  }
}
