import ArgumentParser
import Foundation
import IICSADomain
import IICSAFixtures

extension IICSA {
  /// Prints an example statement in the layout `record` reads.
  struct Template: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print an example statement file: YAML, or with --csv the spreadsheet layout.",
      discussion: """
        The example is a real statement of the bundled record (a change, a pledge and two sources), so \
        recording it unchanged into a store that holds the bundled record adds nothing. With --csv it \
        prints the header row, naming every column, then the statement's rows. For a blank statement \
        to fill in, see `iicsa new statement`. The layouts: docs/data-format.md.
        """)

    @Flag(help: "Print the CSV layout (a header row, then one row per entry) instead of YAML.")
    var csv = false

    /// The bundled statement shown: small, and holding each kind of entry a volunteer records most.
    static let example = "2025-02-05-lord-chancellor-limitation-removal"

    func run() throws {
      guard let folder = FixtureFiles.statements else {
        throw CommandError("The bundled record is missing from this build. Rebuild iicsa with `swift build`.")
      }
      let path = folder.appendingPathComponent(Self.example + ".yaml").path
      if csv {
        let file = try StatementFile.read(path)
        print(StatementCSV.render(StatementCSV.rows(file.statement)), terminator: "")
      } else {
        // Without its recording time, which a new statement leaves to the store.
        let text = try String(contentsOfFile: path, encoding: .utf8)
        print(
          text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("recorded_at:") }
            .joined(separator: "\n"), terminator: "")
      }
    }
  }
}
