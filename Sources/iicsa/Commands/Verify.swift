import ArgumentParser
import Foundation
import IICSADomain
import IICSAStore

extension IICSA {
  /// Checks the hash chain, the rules and the projections.
  struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check the log's hash chain, replay it, and compare the projections.",
      discussion: "Exits 0 when the store is sound, 3 when the log is damaged or tampered with (or an export does not match its --manifest), 4 when only the projections differ (run `iicsa rebuild`).")

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("Also check that the log contains this head hash (from an export).", valueName: "hash"))
    var head: String?

    @Option(
      help: ArgumentHelp(
        "Also check an export: every file's SHA-256 and that this log holds its head.",
        valueName: "path/MANIFEST"))
    var manifest: String?

    func run() throws {
      let log = try store.open(.readOnly)
      let report = try log.verify()
      for problem in report.problems { printError("iicsa verify: \(problem)") }
      let repairable = report.problems.allSatisfy {
        if case .projectionDiffers = $0 { return true }
        return false
      }
      if !report.chainIntact || !repairable { throw ExitCode(3) }
      if !report.problems.isEmpty { throw ExitCode(4) }
      if let head {
        guard let sequence = try log.sequence(ofHead: head) else {
          printError("iicsa verify: no event in this log has the head hash \(head): the export was not drawn from this log, or the log was rewritten.")
          throw ExitCode(3)
        }
        print("Head \(head) is event \(sequence) of \(report.head.length).")
      }
      if let manifest {
        let problems = try ExportBundle.check(manifestPath: manifest, against: log)
        for problem in problems { printError("iicsa verify: \(problem)") }
        if !problems.isEmpty { throw ExitCode(3) }
        print("Export \(manifest) matches: every file's SHA-256, and its head is in this log.")
      }
      print("OK: \(report.head.length) events, head \(report.head.head).")
    }
  }

  /// Recreates the projections from the log.
  struct Rebuild: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Recreate every projection table from the log alone.")

    @OptionGroup var store: StoreOptions

    func run() throws {
      let head = try store.open(.readWrite).rebuild()
      print("Rebuilt projections from \(head.length) events, head \(head.head).")
    }
  }
}

func printError(_ text: String) {
  var standardError = StandardError()
  print(text, to: &standardError)
}

struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandle.standardError.write(Data(string.utf8))
  }
}

