import Foundation
import Testing

/// Each bad file gets a clear message naming the file, a non-zero exit, and no write at all.
@Suite struct ErrorTests {
  static let inputs = CLI.root.appendingPathComponent("Tests/IICSACLITests/Inputs/errors")

  static let files: [String] = {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: inputs.path)) ?? []
    return names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".csv") }.sorted()
  }()

  @Test(arguments: files)
  func badFileIsRefusedWithAPinnedMessage(_ name: String) throws {
    let store = try BundledStore()
    let before = try store.run(["verify"]).stdout
    let path = Self.inputs.appendingPathComponent(name).path
    let result = try store.run(["record", path])
    #expect(result.status == 1)
    #expect(result.stdout.isEmpty)
    #expect(result.stderr.hasPrefix("Error: "))
    #expect(result.stderr.contains("Nothing was recorded."))
    #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Stack"))
    // A statement dated in the future is refused against the day it is recorded: today.
    let today = ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate])
    let message = result.stderr.replacingOccurrences(of: Self.inputs.path + "/", with: "")
      .replacingOccurrences(of: "recorded on \(today)", with: "recorded on TODAY")
    let golden = (name as NSString).deletingPathExtension + ".txt"
    try CLI.assertGolden(message, "errors/" + golden)
    #expect(try store.run(["verify"]).stdout == before, "the store changed")
  }

  @Test func oneBadFileInABatchRecordsNothing() throws {
    let store = try BundledStore()
    let before = try store.run(["verify"]).stdout
    let good = store.folder + "/good.yaml"
    try Data(
      """
      id: 2026-01-20-good
      date: 2026-01-20
      speaker: A Minister
      role: Minister
      kind: written_answer
      title: Good
      summary: A good statement.
      sources: [{url: "https://example.org/good", publisher: Example}]
      reaffirms: [IICSA-13]
      """.utf8
    ).write(to: URL(fileURLWithPath: good))
    let bad = Self.inputs.appendingPathComponent("contradiction.yaml").path
    let result = try store.run(["record", good, bad])
    #expect(result.status == 1)
    #expect(try store.run(["verify"]).stdout == before)
    #expect(try store.run(["record", good]).status == 0)
  }

  @Test func theLogCannotBeRewrittenAndTamperingIsFound() throws {
    let store = try BundledStore()
    let sqlite = ["/usr/bin/sqlite3", "/bin/sqlite3"].first { FileManager.default.isExecutableFile(atPath: $0) }
    let shell = try #require(sqlite, "the sqlite3 shell is not installed")
    func sql(_ statement: String) throws -> (Int32, String) {
      let process = Process()
      process.executableURL = URL(fileURLWithPath: shell)
      process.arguments = [store.path, statement]
      let err = Pipe()
      process.standardError = err
      try process.run()
      let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      return (process.terminationStatus, message)
    }
    let update = try sql("UPDATE event SET payload = '{}' WHERE sequence = 10")
    #expect(update.0 != 0 && update.1.contains("append-only"))
    let delete = try sql("DELETE FROM event WHERE sequence = 65")
    #expect(delete.0 != 0 && delete.1.contains("append-only"))
    #expect(try store.run(["verify"]).status == 0)
    let edit = try sql(
      "DROP TRIGGER event_no_update; UPDATE event SET payload = replace(payload, '\"summary\":\"', '\"summary\":\"X') WHERE sequence = 20")
    #expect(edit.0 == 0)
    let verify = try store.run(["verify"])
    #expect(verify.status == 3)
    #expect(verify.stderr.contains("event 20 ("))
  }

  @Test func aReplacementShowsWhyItWasMade() throws {
    let store = try BundledStore()
    let original = CLI.root.appendingPathComponent("Fixtures/statements/2024-01-10-cleverly-iicsa-progress-update.yaml").path
    let text = try String(contentsOfFile: original, encoding: .utf8)
    let replacement = store.folder + "/replacement.yaml"
    try Data(text.replacingOccurrences(of: "summary: '", with: "summary: 'CORRECTED. ").utf8)
      .write(to: URL(fileURLWithPath: replacement))
    let result = try store.run([
      "correct", "2024-01-10-cleverly-iicsa-progress-update", "--reason", "Summary misread the statement",
      "--replacement", replacement,
    ])
    #expect(result.status == 0, "\(result.stderr)")
    // Wrapped at 80 columns: compare with the line breaks folded into spaces.
    let show = try store.run(["show", "IICSA-13"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(show.contains("CORRECTED."))
    #expect(show.contains("(correction-1-2024-01-10-cleverly-iicsa-progress-update): Summary misread the statement"))
  }

  @Test func correctionsAreNewEventsAndTheOriginalStays() throws {
    let store = try BundledStore()
    let target = "2025-04-09-cics-review-government-response"
    let length = { () throws -> String in try store.run(["verify"]).stdout }
    let before = try length()
    // Retracting a report would leave later statements naming recommendations that do not exist.
    let breaking = try store.run(["correct", "casey-2025", "--reason", "Test retraction"])
    #expect(breaking.status == 1 && breaking.stderr.contains("would break"), "\(breaking.stderr)")
    #expect(try length() == before)
    // Retracting the May 2023 response would break the later statements that end its pledges.
    let breaksPledges = try store.run(["correct", "2023-05-22-government-response-iicsa-final-report", "--reason", "Test"])
    #expect(breaksPledges.status == 1 && breaksPledges.stderr.contains("would break"), "\(breaksPledges.stderr)")
    let statusBefore = try store.run(["status", "--as-of", "2025-06-01", "--format", "csv"]).stdout
    let retract = try store.run(["correct", target, "--reason", "Test retraction"])
    #expect(retract.status == 0, "\(retract.stderr)")
    // The bundled record corrects it once already (Fixtures/corrections): this is the second.
    #expect(retract.stdout.contains("Retracted '\(target)' as 'correction-2-\(target)'"), "\(retract.stdout)")
    #expect(try store.run(["status", "--as-of", "2025-06-01", "--format", "csv"]).stdout != statusBefore)
    // The original is still in the log, and the record before the correction can be reproduced.
    let asKnown = try store.run(["status", "--as-of", "2025-06-01", "--known-at", "2026-12-07T10:30:00Z", "--format", "csv"])
    #expect(asKnown.stdout.replacingOccurrences(of: "\r\n", with: "\n") == statusBefore.replacingOccurrences(of: "\r\n", with: "\n"))
    #expect(try store.run(["verify"]).status == 0)
    let noReason = try store.run(["correct", target, "--reason", " "])
    #expect(noReason.status == 64)
    let unknown = try store.run(["correct", "no-such-event", "--reason", "x"])
    #expect(unknown.status == 1 && unknown.stderr.contains("no event 'no-such-event'"))
  }
}
