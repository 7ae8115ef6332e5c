import Foundation
import Testing

/// Rounds of writers recording different statements into one store at once, with readers asking
/// for the status while they write: every statement lands exactly once, nobody sees "database is
/// locked", and every reader sees a whole state (JSON that parses, a log that never shrinks).
@Suite struct ConcurrencyRoundsTests {
  static let rounds = 5
  static let writers = 4

  @Test func roundsOfWritersLoseNothingAndReadersSeeWholeStates() throws {
    let store = try ScratchStore()
    var expected = try ScratchStore.eventIDs(store.path)
    var lastSeen = expected.count
    var reads = 0
    for round in 0..<Self.rounds {
      var children: [(id: String, child: Child)] = []
      for writer in 0..<Self.writers {
        let id = "round-\(round)-writer-\(writer)"
        let path = store.folder + "/\(id).yaml"
        // Round r moves recommendation w on by one stage, so writers never contradict each other.
        let day = String(format: "2023-%02d-%02d", round + 1, writer + 1)
        let text = ScratchStore.statement(
          id: id, date: day, recommendation: writer + 1, step: round)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        children.append(
          (id, try Child(["record", "--db", store.path, path], folder: store.folder)))
        expected.append(id)
      }
      // Read while they write, until every writer is done (bounded).
      for _ in 0..<200 where children.contains(where: { $0.child.process.isRunning }) {
        let read = try Child.run(
          ["status", "--format", "json", "--db", store.path], folder: store.folder)
        reads += 1
        #expect(read.status == 0 && !read.signalled, "reader: \(read.stderr)")
        #expect(!read.stderr.contains("locked"), "reader: \(read.stderr)")
        let length = try Self.logLength(json: read.stdout)
        #expect(length >= lastSeen, "the log shrank from \(lastSeen) to \(length)")
        lastSeen = max(lastSeen, length)
      }
      for (id, child) in children {
        let outcome = child.wait()
        #expect(outcome.status == 0 && !outcome.signalled, "\(id): \(outcome.stderr)")
        #expect(!outcome.stderr.contains("locked"), "\(id): \(outcome.stderr)")
      }
    }
    let ids = try ScratchStore.eventIDs(store.path)
    #expect(Set(ids) == Set(expected), "lost or extra: \(Set(ids).symmetricDifference(expected))")
    #expect(
      ids.count == expected.count, "duplicated: \(ids.count) events for \(expected.count) ids")
    let verify = try Child.run(["verify", "--db", store.path], folder: store.folder)
    #expect(verify.status == 0, "\(verify.stderr)")
    print(
      "ConcurrencyRoundsTests: \(Self.rounds * Self.writers) concurrent writes in \(Self.rounds) "
        + "rounds of \(Self.writers), \(reads) reads during writes, none lost or duplicated")
  }

  /// The same statement recorded by several processes at once lands once; the others are no-ops.
  @Test func racingToRecordTheSameStatementRecordsItOnce() throws {
    let store = try ScratchStore()
    let before = try ScratchStore.eventIDs(store.path).count
    let path = store.folder + "/same.yaml"
    let text = ScratchStore.statement(
      id: "same-statement", date: "2023-03-01", recommendation: 1, step: 0)
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    let children = try (0..<Self.writers).map { _ in
      try Child(["record", "--db", store.path, path], folder: store.folder)
    }
    for child in children {
      let outcome = child.wait()
      #expect(outcome.status == 0, "\(outcome.stderr)")
    }
    #expect(try ScratchStore.eventIDs(store.path).count == before + 1)
  }

  /// `log.length` from `status --format json`; fails when the JSON does not parse.
  static func logLength(json: String) throws -> Int {
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    let log = try #require(object?["log"] as? [String: Any], "no log in \(json.prefix(200))")
    let recommendations = try #require(object?["recommendations"] as? [Any])
    #expect(recommendations.count == ScratchStore.recommendations)
    return try #require(log["length"] as? Int)
  }
}
