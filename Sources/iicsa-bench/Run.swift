import ArgumentParser
import Foundation
import IICSABenchSupport

extension Bench {
  /// Times every report command on the real record and on generated stores, in one process run.
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Time each report command on the real record and on generated stores.",
      discussion: """
        Each command runs as a cold `iicsa` process, once to warm the page cache and then \
        --repeat times; the tables give medians (fewer runs, marked *, when one run takes over \
        2 s). The ratio compares the largest store with the real record, both measured in this \
        run. Writes (import, one durable append, verify, rebuild) are measured on copies, so a \
        --keep folder is never changed.
        """)

    @Option(help: "Generated store sizes, in events, comma-separated.")
    var sizes: String = "10000,100000,1000000"

    @Option(name: .customLong("repeat"), help: "Timed runs per command and store.")
    var repeats: Int = 7

    @Option(
      help: ArgumentHelp(
        "Keep the stores in this folder and reuse any already there (delete it after a schema "
          + "change).", valueName: "dir"))
    var keep: String?

    @Option(help: "Recommendations in each generated store.")
    var recommendations: Int = 100

    @Option(help: "The generator's seed.")
    var seed: UInt64 = 42

    @Option(help: "Events per append call when generating; 0 appends all in one call.")
    var batch: Int = 0

    @Option(help: "Statements imported in one transaction to measure the import rate; 0 skips.")
    var importStatements: Int = 100_000

    @Option(help: "Single durable appends timed on a copy of the largest store; 0 skips.")
    var appends: Int = 20

    @Flag(help: "Skip the report commands: measure only the writes, on the largest size.")
    var writesOnly = false

    @Option(
      help: ArgumentHelp(
        "The iicsa binary (default: the one beside iicsa-bench).", valueName: "path"))
    var iicsa: String?

    func validate() throws {
      guard repeats >= 1 else { throw ValidationError("--repeat must be at least 1.") }
      guard !parsedSizes.isEmpty, parsedSizes.allSatisfy({ $0 >= 10 }) else {
        throw ValidationError("--sizes takes event counts of at least 10, such as 10000,100000.")
      }
    }

    var parsedSizes: [Int] {
      sizes.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        .sorted()
    }

    func run() throws {
      let binary = try locateIICSA()
      let sqlite3 = Subprocess.which("sqlite3")
      let scratch = try ScratchFolder(keep: keep, prefix: "iicsa-bench")
      defer { scratch.removeIfOwned() }
      let folder = scratch.path
      let session = Session(
        binary: binary, sqlite3: sqlite3, folder: folder, repeats: repeats,
        machine: Machine.describe(sqlite3: sqlite3))
      var report = BenchReport(machine: session.machine, binary: binary, repeats: repeats)
      report.stores.append(try session.realRecord())
      for size in parsedSizes {
        let config = GeneratorConfig(events: size, recommendations: recommendations, seed: seed)
        let (store, generation) = try session.generated(config, batch: batch)
        report.stores.append(store)
        if let generation { report.generations.append((store.label, generation)) }
      }
      for store in report.stores where !writesOnly {
        report.timings[store.label] = try session.time(CommandSpec.all, on: store)
      }
      report.writes = try session.writes(
        largest: report.stores.last, importStatements: importStatements, appends: appends,
        recommendations: recommendations, seed: seed)
      print(report.render(), terminator: "")
    }

    private func locateIICSA() throws -> String {
      if let iicsa { return iicsa }
      let me = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
      let beside = me.deletingLastPathComponent().appendingPathComponent("iicsa").path
      guard FileManager.default.isExecutableFile(atPath: beside) else {
        throw ValidationError(
          "No iicsa binary beside iicsa-bench (\(beside)). Build it first: "
            + "`swift build -c release`, or pass --iicsa PATH.")
      }
      return beside
    }
  }
}
