import ArgumentParser
import Foundation
import IICSABenchSupport
import IICSADomain

extension Bench {
  /// Builds one synthetic store and prints how fast it was appended.
  struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build a valid synthetic store through the store's own append path.",
      discussion: """
        The log holds the synthetic reports, then statements dated in non-decreasing order from \
        2014 to 2025 (about 60% status changes, 33% reaffirmations, 7% pledges), then the \
        corrections, each rewording an earlier statement's summary. Event i is recorded at \
        2026-01-01T00:00:00Z plus i seconds. Prints the append rate in events per second.
        """)

    @Option(help: "Events in the log, reports and corrections included.")
    var events: Int

    @Option(help: "Recommendations, shared among four synthetic reports.")
    var recommendations: Int = 100

    @Option(help: ArgumentHelp("The store file to create; it must not exist.", valueName: "path"))
    var db: String

    @Option(help: "The seed of the generator: the same seed gives the same log.")
    var seed: UInt64 = 42

    @Option(help: "Events per append call (one transaction each); 0 appends all in one call.")
    var batch: Int = 0

    @Option(
      help: ArgumentHelp(
        "Corrections at the end of the log (default: 0.1% of the events, at most "
          + "\(GeneratorConfig.defaultCorrectionCap)).", valueName: "count"))
    var corrections: Int?

    func validate() throws {
      guard events >= 2 else { throw ValidationError("--events must be at least 2.") }
      guard recommendations >= 1 else {
        throw ValidationError("--recommendations must be at least 1.")
      }
      guard batch >= 0 else { throw ValidationError("--batch must not be negative.") }
    }

    func run() throws {
      let config = GeneratorConfig(
        events: events, recommendations: recommendations, seed: seed, corrections: corrections)
      let result = try StoreGenerator.generate(config, at: db, batch: batch) { done, seconds in
        if done < config.events {
          Log.progress("appended \(done) of \(config.events) events in \(Format.seconds(seconds))")
        }
      }
      print(
        "Generated \(db): \(result.events) events (\(config.reportCount) reports, "
          + "\(config.statementCount) statements, \(config.correctionCount) corrections) in "
          + "\(Format.seconds(result.totalSeconds)), of which \(Format.seconds(result.seconds)) in the store "
          + "over \(result.transactions) transaction(s): \(Format.rate(result.rate)); head \(result.head.head).")
    }
  }
}

/// Progress and notes on standard error, so that standard output holds only the results.
enum Log {
  static func progress(_ line: String) {
    FileHandle.standardError.write(Data("iicsa-bench: \(line)\n".utf8))
  }
}
