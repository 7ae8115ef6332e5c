import Foundation
import IICSABenchSupport
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import IICSATestSupport
import Testing

/// The bench's generator builds stores that obey the rules, and the store's projections agree
/// with a replay on them. Correctness only: timings are `iicsa-bench run`'s business.
@Suite struct GeneratorTests {
  let config = GeneratorConfig(events: 20_000, recommendations: 60, seed: 7, corrections: 3)

  @Test func aGeneratedStoreVerifiesAndItsProjectionsEqualAReplay() throws {
    let folder = try TemporaryFolder()
    let path = folder.file("generated.sqlite")
    let result = try StoreGenerator.generate(config, at: path, batch: 7_000)
    #expect(result.events == 20_000 && result.transactions == 3)
    let store = try EventStore.open(at: path, access: .readOnly)
    defer { try? store.close() }
    let report = try store.verify()
    #expect(report.problems.isEmpty)
    #expect(report.head == result.head)
    let events = try store.events()
    let days = ["2014-08-26", "2014-12-31", "2017-06-30", "2022-10-20", "2024-02-29", "2025-12-31"]
    for day in days.map(Build.day) {
      let replayed = try Tracker.replay(events, asOf: day).statusRows(on: day)
      #expect(try store.status(asOf: day).rows == replayed, "as of \(day)")
    }
    // Known at moments before and between the corrections at the end of the log, whose rows
    // the corrections superseded.
    for index in [events.count / 3, events.count - 4, events.count - 2] {
      let time = events[index].recordedAt
      for day in days.map(Build.day) {
        let replayed = try Tracker.replay(events, asOf: day, knownAt: KnownAt(time))
        #expect(try store.status(asOf: day, knownAt: KnownAt(time)).rows == replayed.statusRows(on: day), "as of \(day) known at \(time)")
      }
      let day = Build.day("2025-12-31")
      let replayed = try Tracker.replay(events, asOf: day, knownAt: KnownAt(time))
      #expect(Set(try store.pledges(asOf: day, knownAt: KnownAt(time))) == Set(replayed.pledges), "pledges known at \(time)")
    }
  }

  @Test func theLogHoldsEveryKindOfEventInOrder() throws {
    let events = Array(SyntheticLog(config))
    #expect(events.count == 20_000)
    let statements = events.compactMap { event -> Statement? in
      if case .statementRecorded(let statement) = event.payload { return statement }
      return nil
    }
    #expect(statements.count == config.statementCount)
    #expect(zip(statements, statements.dropFirst()).allSatisfy { $0.date <= $1.date })
    #expect(statements.contains { !$0.changes.isEmpty })
    #expect(statements.contains { !$0.reaffirms.isEmpty })
    #expect(statements.contains { !$0.pledges.isEmpty })
    #expect(statements.contains { $0.changes.contains { $0.reason != nil } })
    let corrections = events.suffix(3).filter { $0.payload.type == .eventCorrected }
    #expect(corrections.count == 3)
    let times = events.compactMap(\.recordedAt)
    #expect(times.count == events.count && zip(times, times.dropFirst()).allSatisfy { $0 <= $1 })
  }

  @Test func theSameSeedGivesTheSameLog() throws {
    let small = GeneratorConfig(events: 300, recommendations: 12, seed: 99)
    #expect(Array(SyntheticLog(small)) == Array(SyntheticLog(small)))
    var other = small
    other.seed = 100
    #expect(Array(SyntheticLog(small)) != Array(SyntheticLog(other)))
  }
}

/// The bench removes only a folder it made: a --keep folder, and whatever the user put in it, stay.
@Suite struct ScratchFolderTests {
  @Test func aKeptFolderIsNeverRemoved() throws {
    let folder = try TemporaryFolder()
    try Data("the user's own\n".utf8).write(to: URL(fileURLWithPath: folder.file("notes.txt")))
    let scratch = try ScratchFolder(keep: folder.path, prefix: "iicsa-bench-test")
    #expect(!scratch.owned && scratch.path == folder.path)
    scratch.removeIfOwned()
    #expect(try String(contentsOfFile: folder.file("notes.txt"), encoding: .utf8) == "the user's own\n")
  }

  @Test func aFolderMadeForTheRunIsNewAndRemoved() throws {
    let first = try ScratchFolder(keep: nil, prefix: "iicsa-bench-test")
    let second = try ScratchFolder(keep: nil, prefix: "iicsa-bench-test")
    #expect(first.owned && first.path != second.path)
    #expect(try FileManager.default.contentsOfDirectory(atPath: first.path).isEmpty)
    for scratch in [first, second] {
      scratch.removeIfOwned()
      #expect(!FileManager.default.fileExists(atPath: scratch.path))
    }
  }
}
