import ArgumentParser
import IICSADomain
import IICSAStore

extension IICSA {
  /// Everything about one recommendation.
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one recommendation: its text, status, full history with sources, and pledges.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var format: FormatOptions

    @Argument(help: ArgumentHelp("A recommendation id, such as IICSA-13 (any case).", valueName: "id"))
    var id: RecommendationID

    func validate() throws {
      if format.format == .csv { throw ValidationError("show prints table, json or md; csv is for status.") }
    }

    func run() throws {
      print(try output(), terminator: "")
    }

    /// The exact bytes `run()` prints; in-process tests call this.
    func output() throws -> String {
      let log = try store.open(.readOnly)
      let knownAt = try time.known.resolve(in: log)
      let day = time.day
      // Only the statements that name this recommendation are read.
      guard let read = try log.tracker(for: id, asOf: day, knownAt: knownAt),
        var detail = RecommendationDetail(id, in: read.tracker, on: day, corrections: read.corrections.map(\.record))
      else {
        let known = try log.status(asOf: day).sources.map(\.prefix).joined(separator: ", ")
        throw CommandError("There is no recommendation \(id) as of \(day). Prefixes in the record: \(known).")
      }
      detail.retracted = RecommendationDetail.withdrawn(read.corrections, of: id, on: day)
      if let call = try log.firstCalls(knownAt: knownAt)[id] {
        detail.firstCall = (call, try Self.describe(call.by, log: log, knownAt: knownAt, reports: detail.reports))
      }
      switch format.format {
      case .json: return JSONOutput.string(detail)
      case .md: return ShowRendering.markdown(detail)
      case .table, .csv: return ShowRendering.text(detail)
      }
    }

    /// Who made a first call, in words: `JAY-5 Joint CSE team` or a statement's title and speaker.
    static func describe(_ by: FirstCall.By, log: EventStore, knownAt: KnownAt?, reports: [Report]) throws -> String {
      switch by {
      case .recommendation(let id):
        let title = reports.lazy.flatMap(\.recommendations).first { $0.id == id }?.title
        return [id.description, title].compactMap { $0 }.joined(separator: " ")
      case .statement(let id):
        guard let statement = try log.statements([id], knownAt: knownAt)[id]?.statement else { return id.rawValue }
        return "\(statement.title) — \(statement.speaker)"
      }
    }
  }
}
