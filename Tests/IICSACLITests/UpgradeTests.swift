import Foundation
import Testing

import IICSAFixtures
import IICSAStore
import IICSALog
import IICSADomain
@testable import iicsa

/// A store made by an earlier release takes the newer bundled record with `iicsa import --bundled`:
/// new statements and corrections, in one transaction, with or without the user's own statements
/// after the bundle; the old head stays in the chain, and a second run changes nothing.
@Suite(.serialized) struct UpgradeTests {
  /// A store holding exactly the record release `version` shipped, built from the files its
  /// manifest lists (each still in Fixtures/, never edited).
  final class OldStore: Sendable {
    let folder: String
    let path: String
    let head: String

    init(version: String = "0.1.0") throws {
      folder = NSTemporaryDirectory() + "iicsa-upgrade-" + UUID().uuidString
      path = folder + "/tracker.sqlite"
      let manifest = try #require(try ReleaseManifest.bundled().first { $0.version == version })
      for entry in manifest.entries {
        let source = CLI.root.appendingPathComponent("Fixtures/" + entry.path)
        let target = URL(fileURLWithPath: folder + "/release/" + entry.path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: source, to: target)
      }
      #expect(try CLI.run(["init", "--empty", "--db", path]).status == 0)
      let imported = try CLI.run(["import", folder + "/release", "--db", path])
      #expect(imported.status == 0, "\(imported.stderr)")
      head = try #require(imported.stdout.split(separator: " ").last.map { String($0.dropLast(2)) })
    }

    func run(_ arguments: [String]) throws -> CLI.Result { try CLI.run(arguments + ["--db", path]) }

    deinit { try? FileManager.default.removeItem(atPath: folder) }
  }

  static func fresh() throws -> (length: Int, head: String) {
    let store = try BundledStore()
    let words = try store.run(["verify"]).stdout.split(separator: " ")
    return (Int(words[1]) ?? -1, String(words.last?.dropLast(2) ?? ""))
  }

  @Test func aStoreOfTheFirstReleaseBecomesTheStoreANewUserWouldMake() throws {
    let old = try OldStore()
    #expect(old.head == "fac7ad7c5766c87b5177fb95928a6e92bb2797541a8794e00d388c602b5464e1")
    // Read commands say, on stderr only, that the store is behind; their output is unchanged.
    let behind = try old.run(["status", "--format", "json"])
    #expect(behind.status == 0)
    #expect(behind.stderr.contains("Run `iicsa import --bundled` to add them."), "\(behind.stderr)")
    #expect(behind.stdout.hasPrefix("{"))

    let upgraded = try old.run(["import", "--bundled"])
    #expect(upgraded.status == 0, "\(upgraded.stderr)")
    #expect(upgraded.stdout.contains("65 already recorded with the same content"))
    let fresh = try Self.fresh()
    // Every bundled event keeps its own time, so the upgraded log is a fresh store's, hash for hash.
    #expect(upgraded.stdout.contains("Log: \(fresh.length) events, head \(fresh.head)."), "\(upgraded.stdout)")
    #expect(try old.run(["verify"]).status == 0)
    let oldHead = try old.run(["verify", "--head", old.head])
    #expect(oldHead.status == 0 && oldHead.stdout.contains("is event 65 of \(fresh.length)"), "\(oldHead.stdout)")
    #expect(try old.run(["status"]).stderr.isEmpty)
    let again = try old.run(["import", "--bundled"])
    #expect(again.stdout.hasPrefix("Recorded 0 new event(s)"), "\(again.stdout)")
    // The corrections show, with their reasons.
    let shown = try old.run(["show", "IICSA-7"]).stdout
    #expect(shown.contains("Corrected 2026-12-01 (2026-12-01-fix-may-2023-response-positions)"))
    let timeline = try old.run(["timeline", "--from", "2025-06-01", "--to", "2025-06-30"]).stdout
    #expect(timeline.contains("Corrected 2026-12-01 (2026-12-01-fix-pm-national-inquiry-date)"))
    #expect(timeline.contains("2025-06-14  "))
  }

  /// A store of each later release (0.2.0 to the one before this) takes this one's record too,
  /// to the head a fresh store gets, with its old head still in the chain.
  @Test(arguments: ["0.2.0", "0.3.0", "0.4.0"])
  func aStoreOfAnEarlierReleaseUpgradesToThisOne(_ version: String) throws {
    let old = try OldStore(version: version)
    let shipped = try #require(try ReleaseManifest.bundled().first { $0.version == version }).entries.count
    let upgraded = try old.run(["import", "--bundled"])
    #expect(upgraded.status == 0, "\(upgraded.stderr)")
    #expect(upgraded.stdout.contains("\(shipped) already recorded with the same content"), "\(upgraded.stdout)")
    let fresh = try Self.fresh()
    #expect(upgraded.stdout.contains("Log: \(fresh.length) events, head \(fresh.head)."), "\(upgraded.stdout)")
    let oldHead = try old.run(["verify", "--head", old.head])
    #expect(oldHead.status == 0 && oldHead.stdout.contains("is event \(shipped) of \(fresh.length)"), "\(oldHead.stdout)")
    let freshStore = try BundledStore()
    #expect(try old.run(["status", "--format", "csv"]).stdout == freshStore.run(["status", "--format", "csv"]).stdout)
  }

  @Test func aStoreWithTheUsersOwnStatementAfterTheBundleUpgradesToo() throws {
    let old = try OldStore()
    let note = old.folder + "/note.yaml"
    try Data(
      """
      id: 2026-11-30-user-note
      date: 2026-11-30
      speaker: A campaigner
      role: Survivor advocate
      kind: other
      title: A note recorded by a user
      sources: [{url: "https://example.org/note", publisher: Example}]
      summary: Background.
      relates_to: [IICSA-13]

      """.utf8
    ).write(to: URL(fileURLWithPath: note))
    // Recorded now: later than every bundled time.
    #expect(try old.run(["record", note]).status == 0)
    let upgraded = try old.run(["import", "--bundled"])
    #expect(upgraded.status == 0, "\(upgraded.stderr)")
    let fresh = try Self.fresh()
    #expect(upgraded.stdout.contains("Log: \(fresh.length + 1) events"), "\(upgraded.stdout)")
    #expect(try old.run(["verify"]).status == 0)
    #expect(try old.run(["verify", "--head", old.head]).status == 0)
    #expect(try old.run(["import", "--bundled"]).stdout.hasPrefix("Recorded 0 new event(s)"))
    // What the bundle added entered at the time of the upgrade, after the user's statement, and
    // the record reads as a fresh store's does.
    let timeline = try old.run(["timeline", "--from", "2013-11-04", "--to", "2013-11-04", "--format", "json"]).stdout
    let note2 = try old.run(["timeline", "--from", "2026-11-30", "--to", "2026-11-30", "--format", "json"]).stdout
    let time = { (text: String) -> String in
      let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
      return ((object?["statements"] as? [[String: Any]])?.first?["recorded_at"] as? String) ?? ""
    }
    #expect(time(timeline) >= time(note2) && !time(note2).isEmpty, "\(time(timeline)) \(time(note2))")
    let freshStore = try BundledStore()
    #expect(
      try old.run(["status", "--format", "csv"]).stdout == freshStore.run(["status", "--format", "csv"]).stdout)
  }

  @Test func anUpgradeKilledAtAnyMomentLeavesTheOldStoreOrTheNew() throws {
    let old = try OldStore()
    let pristine = old.folder + "/pristine.sqlite"
    try ScratchStore.copy(old.path, to: pristine)
    let started = Date()
    let full = try Child.run(["import", "--bundled", "--db", old.path], folder: old.folder)
    #expect(full.status == 0, "\(full.stderr)")
    let duration = Date().timeIntervalSince(started)
    let fresh = try Self.fresh()
    var seen = Set<Int>()
    for kill in 0..<8 {
      try ScratchStore.copy(pristine, to: old.path)
      let child = try Child(["import", "--bundled", "--db", old.path], folder: old.folder)
      Thread.sleep(forTimeInterval: duration * 1.2 * Double(kill) / 7)
      child.kill()
      _ = child.wait()
      let verify = try Child.run(["verify", "--db", old.path], folder: old.folder)
      #expect(verify.status == 0, "kill \(kill): \(verify.stderr)")
      let length = verifiedLength(verify) ?? -1
      #expect(length == 65 || length == fresh.length, "kill \(kill): \(verify.stdout)")
      seen.insert(length)
    }
    // Run again, the upgrade completes.
    #expect(try Child.run(["import", "--bundled", "--db", old.path], folder: old.folder).status == 0)
    #expect(ScratchStore.logLength(old.path) == fresh.length)
    print("UpgradeTests: 8 kills over \(String(format: "%.2f", duration))s upgrades left lengths \(seen.sorted())")
  }

  @Test func twoUpgradesAtOnceBothComplete() throws {
    let old = try OldStore()
    let first = try Child(["import", "--bundled", "--db", old.path], folder: old.folder)
    let second = try Child(["import", "--bundled", "--db", old.path], folder: old.folder)
    let (a, b) = (first.wait(), second.wait())
    #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
    // One of them did the work; the other found it done.
    #expect([a.stdout, b.stdout].contains { $0.hasPrefix("Recorded 0 new event(s)") })
    #expect(try old.run(["verify"]).status == 0)
    #expect(ScratchStore.logLength(old.path) == (try Self.fresh()).length)
  }
}

/// Every file a release shipped is still there, byte for byte; the newest release is this
/// version's and lists every bundled file.
@Suite struct ReleaseTests {
  static func files() -> [String] {
    FixtureFiles.recordFolders.flatMap { folder in
      ((try? FileManager.default.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("Fixtures/" + folder).path)) ?? [])
        .filter { $0.hasSuffix(".yaml") }.map { folder + "/" + $0 }
    }.sorted()
  }

  /// The manifests in the source tree (the bundle holds the copy of the last build).
  static func sourceManifests() throws -> [ReleaseManifest] {
    try ReleaseManifest.bundled(in: CLI.root.appendingPathComponent("Fixtures/releases"))
  }

  /// Every event id the manifests list, oldest release first, each once.
  static func sourceIDs() throws -> [String] {
    var ids: [String] = []
    for manifest in try sourceManifests() {
      for entry in manifest.entries where !ids.contains(entry.id.rawValue) { ids.append(entry.id.rawValue) }
    }
    return ids
  }

  @Test func theCompiledInIDsAreTheManifests() throws {
    let manifests = try Self.sourceManifests()
    let ids = try Self.sourceIDs()
    #expect(BundledEvents.ids == ids)
    #expect(BundledEvents.version == manifests.last?.version)
    let source = try String(contentsOf: CLI.root.appendingPathComponent("Fixtures/BundledEvents.swift"), encoding: .utf8)
    #expect(source == BundledEventsSource.text(version: BundledEvents.version, ids: ids))
  }

  @Test func aShippedFileIsNeverEdited() throws {
    let manifests = try ReleaseManifest.bundled()
    #expect(manifests.map(\.version).first == "0.1.0")
    for manifest in manifests {
      for entry in manifest.entries {
        let file = CLI.root.appendingPathComponent("Fixtures/" + entry.path).path
        let bytes = try #require(FileManager.default.contents(atPath: file), "\(entry.path), shipped in \(manifest.version), is missing")
        #expect(
          Digest.sha256Hex(bytes) == entry.sha256,
          "\(entry.path) was shipped in \(manifest.version) and has been edited: restore it and record a correction")
      }
    }
  }

  /// With IICSA_RECORD_RELEASE=1, writes this version's manifest from the files in Fixtures/: how
  /// a release of the record is made (Fixtures/README.md). Never for a version already shipped.
  static func recordRelease() throws {
    guard ProcessInfo.processInfo.environment["IICSA_RECORD_RELEASE"] == "1" else { return }
    let version = IICSA.configuration.version
    let read = try RecordFiles.read(files().map { CLI.root.appendingPathComponent("Fixtures/" + $0).path })
    var text = "# The record shipped with iicsa \(version): the SHA-256 of each file, its path under Fixtures/, and\n"
      + "# the id of the event it records. A shipped file is never edited: see Fixtures/README.md.\n"
    for (path, item) in zip(files(), read.items) {
      let bytes = try #require(FileManager.default.contents(atPath: CLI.root.appendingPathComponent("Fixtures/" + path).path))
      text += "\(Digest.sha256Hex(bytes))  \(path)  \(item.id)\n"
    }
    try Data(text.utf8).write(to: CLI.root.appendingPathComponent("Fixtures/releases/\(version).txt"))
    try Data(BundledEventsSource.text(version: version, ids: try sourceIDs()).utf8)
      .write(to: CLI.root.appendingPathComponent("Fixtures/BundledEvents.swift"))
  }

  @Test func theNewestReleaseIsThisVersionAndListsEveryBundledFile() throws {
    try Self.recordRelease()
    let newest = try #require(try ReleaseManifest.bundled().last)
    #expect(newest.version == IICSA.configuration.version)
    let listed = Set(newest.entries.map(\.path))
    let missing = Self.files().filter { !listed.contains($0) }
    #expect(missing.isEmpty, "not in releases/\(newest.version).txt (make a release: Fixtures/README.md): \(missing)")
    // Each entry names the event its file records.
    let read = try RecordFiles.read(newest.entries.map { CLI.root.appendingPathComponent("Fixtures/" + $0.path).path })
    #expect(read.items.map(\.id) == newest.entries.map(\.id))
  }

  @Test func checkRefusesAShippedFileThatWasEditedAndTwoCorrectionsThatDisagree() throws {
    let store = try BundledStore()
    let folder = store.folder + "/statements"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let name = "2023-04-20-braverman-response-delayed.yaml"
    var text = try String(contentsOf: CLI.root.appendingPathComponent("Fixtures/statements/" + name), encoding: .utf8)
    text = text.replacingOccurrences(of: "published in May 2023", with: "published in June 2023")
    try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    let edited = try store.run(["check", folder + "/" + name])
    #expect(edited.status == 1)
    #expect(edited.stderr.contains("was shipped in release 0.1.0 of the bundled record and has changed since"), "\(edited.stderr)")
    #expect(edited.stderr.contains("record the change as a new statement or a correction in Fixtures/corrections/"))

    let shipped = CLI.root.appendingPathComponent("Fixtures/corrections/2026-12-01-fix-pm-national-inquiry-date.yaml")
    let other = try String(contentsOf: shipped, encoding: .utf8)
      .replacingOccurrences(of: "id: 2026-12-01-fix-pm-national-inquiry-date", with: "id: 2026-12-02-another-fix")
      .replacingOccurrences(of: "date: '2025-06-14'", with: "date: '2025-06-13'")
    let corrections = store.folder + "/mine"
    try FileManager.default.createDirectory(atPath: corrections, withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: shipped, to: URL(fileURLWithPath: corrections + "/a.yaml"))
    try Data(other.utf8).write(to: URL(fileURLWithPath: corrections + "/b.yaml"))
    let disagree = try store.run(["check", corrections])
    #expect(disagree.status == 1)
    #expect(disagree.stderr.contains("b.yaml:2: corrects '2025-06-15-pm-to-accept-national-inquiry', as"), "\(disagree.stderr)")
    // A later recorded_at orders them: a shipped correction can itself be corrected. A minute ago
    // is after every release's time and not in the future.
    let minuteAgo = Timestamp(secondsSinceEpoch: Int64(Date().timeIntervalSince1970) - 60)
    let later = other.replacingOccurrences(of: "recorded_at: '2026-12-01T09:30:00Z'", with: "recorded_at: '\(minuteAgo)'")
    #expect(later != other)
    try Data(later.utf8).write(to: URL(fileURLWithPath: corrections + "/b.yaml"))
    let ordered = try store.run(["check", corrections])
    #expect(ordered.status == 0, "\(ordered.stderr)")
    #expect(try store.run(["record", corrections + "/b.yaml"]).status == 0)
    #expect(try store.run(["verify"]).status == 0)
  }
}

/// The text of `Fixtures/BundledEvents.swift`, written with each release's manifest.
enum BundledEventsSource {
  static func text(version: String, ids: [String]) -> String {
    """
    // Written with the release manifest by `IICSA_RECORD_RELEASE=1 swift test --filter ReleaseTests`;
    // `ReleaseTests` holds it to `releases/`. Never edit by hand.

    /// The bundled record as compiled in: what read commands compare a store with, without reading
    /// any file.
    public enum BundledEvents {
      /// The newest release whose record is bundled.
      public static let version = "\(version)"
      /// The id of every event the bundled record holds, in every release so far.
      public static let ids: [String] = [

    """ + ids.map { "    \"\($0)\",\n" }.joined() + """
      ]
    }

    """
  }
}
