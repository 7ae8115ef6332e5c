import Foundation
import Testing

/// Every date option of every command follows one rule (`FutureDates`): a future date and a
/// malformed one are refused alike, with the same wording and exit 64, before the store is
/// opened and before anything is written.
@Suite struct DateOptionTests {
  /// A command line with `VALUE` where the date goes, and the option that carries it.
  struct Line: CustomStringConvertible, Sendable {
    var option: String
    var arguments: [String]
    /// What the option takes: a day, a month or a moment.
    var takes: String
    var description: String { arguments.joined(separator: " ") }
  }

  static let lines: [Line] = [
    Line(option: "--as-of", arguments: ["status", "--as-of", "VALUE"], takes: "day"),
    Line(option: "--as-of", arguments: ["show", "IICSA-13", "--as-of", "VALUE"], takes: "day"),
    Line(option: "--as-of", arguments: ["pledges", "--as-of", "VALUE"], takes: "day"),
    Line(option: "--as-of", arguments: ["alerts", "--as-of", "VALUE"], takes: "day"),
    Line(option: "--since", arguments: ["alerts", "--since", "VALUE"], takes: "day"),
    Line(option: "--from", arguments: ["timeline", "--from", "VALUE"], takes: "day"),
    Line(option: "--to", arguments: ["timeline", "--to", "VALUE"], takes: "day"),
    Line(option: "--to", arguments: ["diff", "--from", "2025-01-01", "--to", "VALUE"], takes: "day"),
    Line(option: "--month", arguments: ["export", "--month", "VALUE", "--out", "OUT"], takes: "month"),
    Line(option: "--since", arguments: ["discover", "--since", "VALUE", "--draft", "OUT"], takes: "day"),
    Line(option: "--until", arguments: ["discover", "--until", "VALUE", "--draft", "OUT"], takes: "day"),
    Line(option: "--from", arguments: ["new", "sweep", "--from", "VALUE"], takes: "day"),
    Line(option: "--through", arguments: ["new", "sweep", "--through", "VALUE"], takes: "day"),
    Line(option: "--known-at", arguments: ["status", "--known-at", "VALUE"], takes: "moment"),
    Line(option: "--known-at", arguments: ["show", "IICSA-13", "--known-at", "VALUE"], takes: "moment"),
    Line(option: "--known-at", arguments: ["pledges", "--known-at", "VALUE"], takes: "moment"),
    Line(option: "--known-at", arguments: ["alerts", "--known-at", "VALUE"], takes: "moment"),
    Line(option: "--known-at", arguments: ["timeline", "--known-at", "VALUE"], takes: "moment"),
    Line(option: "--known-at", arguments: ["diff", "--from", "2025-01-01", "--to", "2025-02-01", "--known-at", "VALUE"], takes: "moment"),
    Line(option: "--known-at", arguments: ["export", "--month", "2025-06", "--out", "OUT", "--known-at", "VALUE"], takes: "moment"),
    Line(option: "--known-at", arguments: ["site", "--out", "OUT", "--known-at", "VALUE"], takes: "moment"),
  ]

  /// A value in the future, as the option writes it back, and a malformed one.
  static func values(_ takes: String) -> (future: String, shown: String, malformed: String) {
    switch takes {
    case "month": return ("2099-01", "2099-01", "2025-13")
    case "moment": return ("2099-01-01T00:00:00Z", "2099-01-01T00:00:00Z", "2025-02-30T00:00:00Z")
    default: return ("2099-01-01", "2099-01-01", "2025-02-30")
    }
  }

  @Test(arguments: lines)
  func aFutureOrMalformedDateIsRefusedAlikeEverywhere(_ line: Line) throws {
    let store = try BundledStore()
    let out = store.folder + "/out"
    let (future, shown, malformed) = Self.values(line.takes)
    for (value, expected) in [
      (future, "Error: \(line.option) \(shown) is in the future: the record cannot know it yet. Give one up to "
        + (line.takes == "moment" ? "now (" : "today (UTC).")),
      (malformed, "Error: The value '\(malformed)' is invalid for '\(line.option) <"),
    ] {
      let arguments = line.arguments.map { $0 == "VALUE" ? value : $0 == "OUT" ? out : $0 }
      let result = try store.run(arguments)
      #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
      #expect(result.stderr.hasPrefix(expected), "\(arguments): \(result.stderr)")
      // The usage line is the command's own, as for any misuse of its options.
      #expect(result.stderr.contains("Usage: iicsa \(line.arguments[0])"), "\(arguments): \(result.stderr)")
      #expect(result.stdout.isEmpty)
      #expect(!FileManager.default.fileExists(atPath: out), "\(arguments) wrote \(out)")
    }
  }
}
