import Foundation
import Testing

/// Several volunteers recording at once: every statement lands once, none is lost, and nobody
/// sees "database is locked".
@Suite struct ConcurrencyTests {
  @Test func concurrentWritersLoseNothing() throws {
    let store = try BundledStore()
    let before = try store.logLength()
    let writers = 6
    var processes: [(Process, Pipe)] = []
    for index in 1...writers {
      let path = store.folder + "/w\(index).yaml"
      try Data(
        """
        id: 2026-02-0\(index)-concurrent-\(index)
        date: 2026-02-0\(index)
        speaker: Volunteer \(index)
        role: Recorder
        kind: other
        title: Concurrent \(index)
        summary: Recorded at the same time as the others.
        sources: [{url: "https://example.org/\(index)", publisher: Example}]
        reaffirms: [IICSA-\(index)]
        """.utf8
      ).write(to: URL(fileURLWithPath: path))
      let process = Process()
      process.executableURL = CLI.binary
      process.arguments = ["record", "--db", store.path, path]
      process.environment = ["NO_COLOR": "1", "HOME": NSTemporaryDirectory()]
      let err = Pipe()
      process.standardError = err
      process.standardOutput = Pipe()
      processes.append((process, err))
    }
    for (process, _) in processes { try process.run() }
    for (process, err) in processes {
      let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "\(message)")
      #expect(!message.contains("locked"))
    }
    #expect(try store.run(["verify"]).status == 0)
    #expect(try store.logLength() == before + writers)
  }
}
