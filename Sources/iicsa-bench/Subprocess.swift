import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One finished child process: how it ended, how long it took, and its peak memory.
struct ChildRun {
  /// The exit status (128 + signal when killed by a signal).
  var status: Int32
  /// Wall-clock seconds from spawn to reaped.
  var seconds: Double
  /// Peak resident set size in KiB, from `/usr/bin/time` when the run was measured through it,
  /// else 0. (`wait4` alone is not enough: a child started by `posix_spawn` inherits the
  /// bench's own high-water mark across `exec` on Linux.)
  var maxRSSKiB: Int
  /// Bytes it wrote to standard output.
  var outputBytes: Int
  /// The first line it wrote to standard error, if any.
  var firstErrorLine: String?

  /// Why it failed (its first line of standard error, else its exit status); nil when it exited 0.
  var failure: String? { status == 0 ? nil : firstErrorLine ?? "exit status \(status)" }
}

/// Why a child could not be started.
struct SpawnError: Error, CustomStringConvertible {
  var description: String
}

/// Runs programs as a user would, one cold process at a time, with `posix_spawn`; peak memory
/// through GNU `time`, whose own small process forks the command.
enum Subprocess {
  /// Runs `executable` with `arguments`; its output goes to files in `scratch`.
  static func run(
    _ executable: String, _ arguments: [String], scratch: String, measureMemory: Bool = false
  ) throws -> ChildRun {
    let time = "/usr/bin/time"
    if measureMemory, FileManager.default.isExecutableFile(atPath: time) {
      let report = scratch + "/time"
      var run = try run(time, ["-f", "%M", "-o", report, executable] + arguments, scratch: scratch)
      let text = (try? String(contentsOfFile: report, encoding: .utf8)) ?? ""
      run.maxRSSKiB = Int(text.split(separator: "\n").last ?? "") ?? 0
      return run
    }
    return try spawn(executable, arguments, scratch: scratch)
  }

  private static func spawn(_ executable: String, _ arguments: [String], scratch: String) throws
    -> ChildRun
  {
    let out = scratch + "/stdout"
    let err = scratch + "/stderr"
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, err, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    let clock = ContinuousClock()
    let start = clock.now
    var pid: pid_t = 0
    let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
    guard spawned == 0 else {
      throw SpawnError(
        description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
    }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) == -1 {
      guard errno == EINTR else { throw SpawnError(description: "wait4 failed for \(executable)") }
    }
    let seconds = Self.seconds(clock.now - start)
    return ChildRun(
      status: exitStatus(status), seconds: seconds, maxRSSKiB: 0,
      outputBytes: fileSize(out), firstErrorLine: firstLine(err))
  }

  /// The first executable named `name` on `PATH`.
  static func which(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }
      .first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }

  private static func exitStatus(_ status: Int32) -> Int32 {
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
  }

  private static func fileSize(_ path: String) -> Int {
    let attributes = try? FileManager.default.attributesOfItem(atPath: path)
    return (attributes?[.size] as? NSNumber)?.intValue ?? 0
  }

  private static func firstLine(_ path: String) -> String? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
    return text.split(separator: "\n").first.map(String.init)
  }
}
