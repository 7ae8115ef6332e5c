import Foundation
import GRDB
import Testing

/// A child `iicsa` process that may be killed, and how it ended.
struct Child {
  struct Outcome {
    var status: Int32
    /// True when a signal ended it (a SIGKILL we sent, or a trap we must never see).
    var signalled: Bool
    var stdout: String
    var stderr: String
  }

  let process = Process()
  let out: URL
  let err: URL

  /// Starts `iicsa arguments` (or `executable`); output goes to files, so a killed child can
  /// never block a pipe.
  init(_ arguments: [String], folder: String, executable: URL = CLI.binary, environment: [String: String] = [:]) throws {
    let tag = UUID().uuidString
    out = URL(fileURLWithPath: folder + "/child-\(tag).out")
    err = URL(fileURLWithPath: folder + "/child-\(tag).err")
    FileManager.default.createFile(atPath: out.path, contents: nil)
    FileManager.default.createFile(atPath: err.path, contents: nil)
    process.executableURL = executable
    process.arguments = arguments
    process.environment = [
      "PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": NSTemporaryDirectory() + "iicsa-no-home",
    ].merging(environment) { $1 }
    process.standardOutput = try FileHandle(forWritingTo: out)
    process.standardError = try FileHandle(forWritingTo: err)
    try process.run()
  }

  func kill() { Foundation.kill(process.processIdentifier, SIGKILL) }

  func wait() -> Outcome {
    process.waitUntilExit()
    defer {
      try? FileManager.default.removeItem(at: out)
      try? FileManager.default.removeItem(at: err)
    }
    return Outcome(
      status: process.terminationStatus, signalled: process.terminationReason == .uncaughtSignal,
      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
  }

  /// Starts a shell script, with `$IICSA` naming the built binary.
  static func shell(_ script: String, environment: [String: String], folder: String) throws -> Child {
    try Child([script], folder: folder, executable: URL(fileURLWithPath: "/bin/bash"), environment: environment.merging(["IICSA": CLI.binary.path]) { $1 })
  }

  /// Runs `command` in a shell with this process's environment; its exit status. Through
  /// `system`, not `Process`: a server the command starts in the background keeps the child's
  /// descriptors, and `Process.waitUntilExit` was seen waiting on them for ever.
  static func runShell(_ command: String) -> Int32 {
    system(command + " >/dev/null 2>&1 </dev/null")
  }

  /// Runs `iicsa arguments` to the end.
  static func run(_ arguments: [String], folder: String) throws -> Outcome {
    try Child(arguments, folder: folder).wait()
  }
}

/// An empty store holding one small hand-made catalogue (TEST-1 … TEST-10), and statements that
/// advance and reaffirm its recommendations.
final class ScratchStore: Sendable {
  let folder: String
  let path: String
  static let recommendations = 10

  init() throws {
    folder = NSTemporaryDirectory() + "iicsa-scratch-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    path = folder + "/store.sqlite"
    let created = try Child.run(["init", "--empty", "--db", path], folder: folder)
    #expect(created.status == 0, "init failed: \(created.stderr)")
    try Data(Self.catalogue.utf8).write(to: URL(fileURLWithPath: folder + "/catalogue.yaml"))
    let recorded = try Child.run(
      ["record", "--db", path, folder + "/catalogue.yaml"], folder: folder)
    #expect(recorded.status == 0, "record catalogue failed: \(recorded.stderr)")
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }

  static var catalogue: String {
    var text = """
      id: test-2022
      prefix: TEST
      title: A test report
      author: A test inquiry
      published: 2022-10-20
      url: https://example.org/test-2022
      recommendations:

      """
    for number in 1...recommendations {
      text += """
        - number: \(number)
          title: Recommendation \(number)
          text: Do thing \(number).
          addressed_to: [UK government]
          sources: [{url: "https://example.org/test-2022/\(number)", publisher: Example}]

        """
    }
    return text
  }

  /// A statement file: the `step`-th statement about `recommendation` (0: accepted and planned,
  /// 1…5: the next stage, later: a reaffirmation).
  static func statement(id: String, date: String, recommendation: Int, step: Int) -> String {
    let stages = [
      "planned", "consulting", "legislating", "enacted", "partially_delivered", "delivered",
    ]
    var text = """
      id: \(id)
      date: \(date)
      speaker: A Minister
      role: Minister
      kind: written_answer
      title: Statement \(id)
      summary: Said something about recommendation \(recommendation).
      sources: [{url: "https://example.org/\(id)", publisher: Hansard}]

      """
    switch step {
    case 0:
      text +=
        "changes: [{recommendation: TEST-\(recommendation), position: accepted, stage: planned}]\n"
    case 1..<stages.count:
      text += "changes: [{recommendation: TEST-\(recommendation), stage: \(stages[step])}]\n"
    default: text += "reaffirms: [TEST-\(recommendation)]\n"
    }
    return text
  }

  /// Writes `count` statement files into a new folder `name`, dated a day apart from 2023-01-01.
  func writeStatements(_ count: Int, into name: String) throws -> String {
    let dir = folder + "/" + name
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let start = DateComponents(
      calendar: Calendar(identifier: .gregorian), year: 2023, month: 1, day: 1)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let formatter = DateFormatter()
    formatter.calendar = calendar
    formatter.timeZone = calendar.timeZone
    formatter.dateFormat = "yyyy-MM-dd"
    let first = calendar.date(from: start)!
    for index in 0..<count {
      let date = formatter.string(from: calendar.date(byAdding: .day, value: index, to: first)!)
      let id = String(format: "%@-%04d", name, index)
      let text = Self.statement(
        id: id, date: date, recommendation: index % Self.recommendations + 1,
        step: index / Self.recommendations)
      try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/\(id).yaml"))
    }
    return dir
  }

  /// A read-only connection to the store at `path`, for checking it with SQL (not with iicsa).
  static func readOnly(_ path: String) throws -> DatabaseQueue {
    var config = Configuration()
    config.readonly = true
    return try DatabaseQueue(path: path, configuration: config)
  }

  /// The number of events, read with SQL (not with iicsa), or -1 when it cannot be read.
  static func logLength(_ path: String) -> Int {
    guard let queue = try? readOnly(path) else { return -1 }
    defer { try? queue.close() }
    return (try? queue.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM event") ?? -1 }) ?? -1
  }

  /// Every event id in log order, read with SQL.
  static func eventIDs(_ path: String) throws -> [String] {
    let queue = try readOnly(path)
    defer { try? queue.close() }
    return try queue.read { try String.fetchAll($0, sql: "SELECT id FROM event ORDER BY sequence") }
  }

  /// Copies the store (with its -wal and -shm, when present) to `target`.
  static func copy(_ path: String, to target: String) throws {
    for suffix in ["", "-wal", "-shm"] {
      try? FileManager.default.removeItem(atPath: target + suffix)
      if FileManager.default.fileExists(atPath: path + suffix) {
        try FileManager.default.copyItem(atPath: path + suffix, toPath: target + suffix)
      }
    }
  }
}

/// `OK: N events, head H.` → N.
func verifiedLength(_ outcome: Child.Outcome) -> Int? {
  guard outcome.status == 0, !outcome.signalled else { return nil }
  let words = outcome.stdout.split(separator: " ")
  return words.count > 1 ? Int(words[1]) : nil
}
