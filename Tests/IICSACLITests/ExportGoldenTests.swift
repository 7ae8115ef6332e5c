import Foundation
import Testing

/// The monthly export of the bundled record, pinned file by file: the export is the contract
/// with everyone who publishes it.
@Suite struct ExportGoldenTests {
  static let files = ["MANIFEST", "alerts.csv", "changes.csv", "feed.atom", "index.html", "pledges.ics", "status.csv", "status.json", "status.md"]

  @Test func juneTwentyTwentyFiveIsPinned() throws {
    let store = try BundledStore()
    let out = store.folder + "/export"
    let result = try store.run(["export", "--month", "2025-06", "--out", out, "--known-at", "2026-11-24T10:00:00Z"])
    #expect(result.status == 0, "\(result.stderr)")
    let written = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(written == Self.files)
    for name in Self.files {
      let text = try String(contentsOfFile: out + "/" + name, encoding: .utf8)
      try CLI.assertGolden(text, "export-2025-06/" + name)
    }
    #expect(try store.run(["verify", "--manifest", out + "/MANIFEST"]).status == 0)
  }
}
