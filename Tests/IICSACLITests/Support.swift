import Foundation
import Testing

/// Runs the built `iicsa` binary and compares output with golden files.
enum CLI {
  /// The package root, found from this file's path (Tests/IICSACLITests/Support.swift).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The built executable, beside the test bundle.
  static var binary: URL {
    let beside = Bundle.main.bundleURL.appendingPathComponent("iicsa")
    if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
    return root.appendingPathComponent(".build/debug/iicsa")
  }

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs `iicsa` with `arguments` from `directory` (default: a folder outside the package), with
  /// a clean environment: no colour, and a private data folder unless `environment` says.
  static func run(
    _ arguments: [String], environment: [String: String] = [:], directory: String = NSTemporaryDirectory(),
    input: Data? = nil
  ) throws -> Result {
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "NO_COLOR": "1"]
    env["HOME"] = NSTemporaryDirectory() + "iicsa-no-home"
    env.merge(environment) { $1 }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes before waiting, so a large output cannot block the child.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  /// Compares `actual` with `Golden/name`. With IICSA_RECORD_GOLDEN=1 it rewrites the file and
  /// fails, so that every change of a baseline is a reviewed diff.
  static func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let url = root.appendingPathComponent("Tests/IICSACLITests/Golden/\(name)")
    if ProcessInfo.processInfo.environment["IICSA_RECORD_GOLDEN"] == "1" {
      try Data(actual.utf8).write(to: url)
      Issue.record("Recorded Golden/\(name); review the diff and run the tests again.", sourceLocation: sourceLocation)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    #expect(actual == expected, "output differs from Golden/\(name)", sourceLocation: sourceLocation)
  }
}

/// A store built from the bundled record in a temporary folder.
final class BundledStore: Sendable {
  let folder: String
  let path: String

  /// With `empty`, the store holds no event (`init --empty`).
  init(empty: Bool = false) throws {
    folder = NSTemporaryDirectory() + "iicsa-cli-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    path = folder + "/tracker.sqlite"
    let result = try CLI.run(["init", "--db", path] + (empty ? ["--empty"] : []))
    #expect(result.status == 0, "init failed: \(result.stderr)")
  }

  func run(_ arguments: [String]) throws -> CLI.Result {
    try CLI.run(arguments + ["--db", path])
  }

  /// The number of events in the log, from `verify`.
  func logLength() throws -> Int {
    let words = try run(["verify"]).stdout.split(separator: " ")
    return words.count > 1 ? Int(words[1]) ?? -1 : -1
  }

  deinit { try? FileManager.default.removeItem(atPath: folder) }
}
