import Foundation

/// The machine a run was measured on, printed above the tables.
struct Machine {
  var cores: Int
  var cpu: String
  var memory: String
  var kernel: String
  var sqlite: String
  var date: String

  /// Reads `/proc` and the `sqlite3` shell; unknown fields read "unknown".
  static func describe(sqlite3: String?) -> Machine {
    let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    let meminfo = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8)) ?? ""
    let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8)) ?? ""
    let kib = field("MemTotal", in: meminfo).flatMap { Int($0.split(separator: " ").first ?? "") }
    let formatter = ISO8601DateFormatter()
    return Machine(
      cores: ProcessInfo.processInfo.activeProcessorCount,
      cpu: field("model name", in: cpuinfo) ?? "unknown",
      memory: kib.map { String(format: "%.1f GiB", Double($0) / 1_048_576) } ?? "unknown",
      kernel: kernel.trimmingCharacters(in: .whitespacesAndNewlines),
      sqlite: sqlite3.flatMap(version) ?? "not installed",
      date: formatter.string(from: Date()))
  }

  var summary: String {
    "\(date); \(cores) cores (nproc), CPU \(cpu), \(memory) RAM, Linux \(kernel), "
      + "sqlite3 shell \(sqlite)"
  }

  private static func field(_ name: String, in text: String) -> String? {
    for line in text.split(separator: "\n") where line.hasPrefix(name) {
      guard let colon = line.firstIndex(of: ":") else { continue }
      return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }
    return nil
  }

  private static func version(_ sqlite3: String) -> String? {
    let scratch =
      NSTemporaryDirectory() + "iicsa-bench-version-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    guard (try? Subprocess.run(sqlite3, ["--version"], scratch: scratch)) != nil,
      let text = try? String(contentsOfFile: scratch + "/stdout", encoding: .utf8)
    else { return nil }
    return text.split(separator: " ").first.map(String.init)
  }
}
