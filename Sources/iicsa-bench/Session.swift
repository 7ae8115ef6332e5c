import Foundation
import IICSABenchSupport
import IICSADomain
import IICSAStore
import IICSALog

/// A store the bench asks questions of.
struct StoreUnderTest {
  /// Its column label: `record`, `10k`, `1M`.
  var label: String
  /// Its file.
  var path: String
  /// The arguments drawn from its log.
  var probe: StoreProbe
}

/// The median of one command's runs on one store.
struct Timing {
  /// The median wall-clock seconds of the timed runs.
  var median: Double
  /// Timed runs (fewer than --repeat for slow commands).
  var runs: Int
  /// The peak resident set size of the warm-up run (measured through `/usr/bin/time`), in KiB.
  var maxRSSKiB: Int
  /// Bytes printed to standard output.
  var outputBytes: Int
  /// Why the command failed, if it did.
  var failure: String?
}

extension Timing {
  /// The median of `runs` and the first failure among them, with the memory and output of
  /// `warmUp` (none without one).
  init(_ runs: [ChildRun], warmUp: ChildRun?) {
    self.init(
      median: iicsa_bench.median(runs.map(\.seconds)), runs: runs.count, maxRSSKiB: warmUp?.maxRSSKiB ?? 0,
      outputBytes: warmUp?.outputBytes ?? 0, failure: runs.lazy.compactMap(\.failure).first)
  }
}

/// What one `run` does, step by step: stores, timings, writes.
struct Session {
  var binary: String
  var sqlite3: String?
  var folder: String
  var repeats: Int
  var machine: Machine

  /// A run slower than this is repeated fewer times.
  static let slowRun = 2.0
  /// Timed runs of a slow command.
  static let slowRepeats = 3

  /// The real record: `iicsa init` into the folder, once.
  func realRecord() throws -> StoreUnderTest {
    let path = folder + "/record.sqlite"
    if !FileManager.default.fileExists(atPath: path) {
      Log.progress("creating the real record with \(binary) init")
      let run = try Subprocess.run(binary, ["init", "--db", path], scratch: folder)
      guard run.status == 0 else {
        throw SpawnError(
          description: "iicsa init failed: \(run.firstErrorLine ?? "exit \(run.status)")")
      }
    }
    return StoreUnderTest(label: "record", path: path, probe: try StoreProbe(path: path))
  }

  /// A generated store of `config.events` events: reused if the folder has one, else built under
  /// a temporary name and moved into place, so that an interrupted build is never reused.
  func generated(_ config: GeneratorConfig, batch: Int) throws -> (
    StoreUnderTest, GenerationResult?
  ) {
    let name = "generated-\(config.events)-m\(config.recommendations)-s\(config.seed)"
    let path = folder + "/\(name).sqlite"
    var result: GenerationResult?
    if FileManager.default.fileExists(atPath: path) {
      Log.progress("reusing \(path)")
    } else {
      let partial = path + ".partial"
      removeStore(partial)
      Log.progress("generating \(Format.grouped(config.events)) events into \(path)")
      result = try StoreGenerator.generate(config, at: partial, batch: batch) { done, seconds in
        Log.progress("  appended \(Format.grouped(done)) events in \(Format.seconds(seconds))")
      }
      try FileManager.default.moveItem(atPath: partial, toPath: path)
      if let result { Log.progress("  \(Format.rate(result.rate))") }
    }
    let store = StoreUnderTest(
      label: Format.size(config.events), path: path, probe: try StoreProbe(path: path))
    return (store, result)
  }

  /// Times every command on `store`.
  func time(_ commands: [CommandSpec], on store: StoreUnderTest) throws -> [String: Timing] {
    var timings: [String: Timing] = [:]
    for command in commands {
      guard let executable = command.isReference ? sqlite3 : binary else { continue }
      if let most = command.maxEvents, store.probe.events > most {
        Log.progress("\(store.label): \(command.label) skipped (over \(Format.grouped(most)) events)")
        continue
      }
      let arguments = command.arguments(store.probe, store.path, folder)
      Log.progress("\(store.label): \(command.label)")
      var timing = try time(executable, arguments)
      if let written = command.writesInto?(folder) { timing.outputBytes += Self.bytes(under: written) }
      timings[command.label] = timing
    }
    return timings
  }

  /// The bytes of the regular files under `path`.
  static func bytes(under path: String) -> Int {
    let files = FileManager.default.enumerator(atPath: path)
    var total = 0
    while let name = files?.nextObject() as? String {
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: path + "/" + name),
        attributes[.type] as? FileAttributeType == .typeRegular
      else { continue }
      total += (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
    return total
  }

  /// One warm-up run (through `/usr/bin/time`, for peak memory), then the timed runs, started
  /// directly; the median of those.
  func time(_ executable: String, _ arguments: [String]) throws -> Timing {
    let warmUp = try Subprocess.run(executable, arguments, scratch: folder, measureMemory: true)
    if warmUp.failure != nil { return Timing([warmUp], warmUp: warmUp) }
    let count = warmUp.seconds > Self.slowRun ? min(repeats, Self.slowRepeats) : repeats
    var runs: [ChildRun] = []
    for _ in 0..<count { runs.append(try Subprocess.run(executable, arguments, scratch: folder)) }
    return Timing(runs, warmUp: warmUp)
  }

  func removeStore(_ path: String) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
      try? FileManager.default.removeItem(atPath: path + suffix)
    }
  }
}

/// The median of a non-empty list (0 for an empty one).
func median(_ values: [Double]) -> Double {
  let sorted = values.sorted()
  guard !sorted.isEmpty else { return 0 }
  let middle = sorted.count / 2
  return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
