import ArgumentParser
import IICSADomain
import IICSAReports

extension IICSA {
  /// Everything about one recommendation.
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show one recommendation: its text, status, full history with sources, and pledges.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var time: TimeOptions
    @OptionGroup var format: DocumentFormatOptions

    @Argument(help: ArgumentHelp("A recommendation id, such as IICSA-13 (any case).", valueName: "id"))
    var id: RecommendationID

    func run() throws {
      print(try output(), terminator: "")
    }

    /// The exact bytes `run()` prints; in-process tests call this.
    func output() throws -> String {
      let day = time.day(today: Clock.now().day)
      let detail = try store.report(knownAt: time.known) { try RecommendationDetail(from: $0, id: id, on: day) }
      switch format.format {
      case .json: return JSONOutput.string(ShowJSON(detail: detail))
      case .md: return ShowRendering.markdown(detail)
      case .table: return ShowRendering.text(detail)
      }
    }
  }
}
