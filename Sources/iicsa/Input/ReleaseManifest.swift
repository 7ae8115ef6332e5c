import Foundation
import IICSADomain
import IICSAFixtures
import IICSAStore
import IICSALog

/// The files one release of iicsa shipped in its bundled record (`Fixtures/releases/VERSION.txt`):
/// each file's SHA-256, its path under `Fixtures/`, and the id of the event it records.
///
/// A shipped file is never edited: `check` refuses a bundled file that has changed since its
/// release, the tests hold every file to every manifest, and read commands use the ids to tell a
/// store that lacks part of the bundled record.
struct ReleaseManifest {
  struct Entry: Hashable {
    var sha256: String
    /// The path under `Fixtures/`, such as `statements/2025-01-06-….yaml`.
    var path: String
    var id: EventID
  }

  var version: String
  var entries: [Entry]

  /// Reads a manifest: `#` comments, then one `SHA256  PATH  ID` line per file.
  static func parse(_ text: String, version: String, file: String) throws(InputError) -> ReleaseManifest {
    var entries: [Entry] = []
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if line.isEmpty || line.hasPrefix("#") { continue }
      let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
      guard fields.count == 3, fields[0].count == 64, fields[0].allSatisfy(\.isHexDigit), let id = EventID(fields[2])
      else {
        throw InputError(
          file: file, line: index + 1, message: "is not a manifest line (SHA-256, path, event id)",
          hint: "A release manifest is written once and never edited.")
      }
      entries.append(Entry(sha256: fields[0], path: fields[1], id: id))
    }
    return ReleaseManifest(version: version, entries: entries)
  }

  /// Every manifest bundled with this build (or in `folder`), oldest release first.
  static func bundled(in folder: URL? = nil) throws(InputError) -> [ReleaseManifest] {
    guard let folder = folder ?? FixtureFiles.releases else {
      throw InputError(file: "Fixtures/releases", message: "is missing from this build", hint: "Rebuild iicsa with `swift build`.")
    }
    let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".txt") }
    var manifests: [ReleaseManifest] = []
    for name in names {
      let path = folder.appendingPathComponent(name).path
      guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        throw InputError(file: path, message: "cannot be read")
      }
      manifests.append(try parse(text, version: String(name.dropLast(4)), file: path))
    }
    return manifests.sorted { versionOrder($0.version, $1.version) }
  }

  /// `0.9.0` before `0.10.0`: numbers compared as numbers.
  static func versionOrder(_ a: String, _ b: String) -> Bool {
    let parts = { (text: String) in text.split(separator: ".").map { Int($0) ?? 0 } }
    return parts(a).lexicographicallyPrecedes(parts(b))
  }

  /// The release that first shipped `path` (a path under `Fixtures/`), and what it shipped.
  static func shipped(_ path: String, in manifests: [ReleaseManifest]) -> (version: String, entry: Entry)? {
    for manifest in manifests {
      if let entry = manifest.entries.first(where: { $0.path == path }) { return (manifest.version, entry) }
    }
    return nil
  }

  /// The path under `Fixtures/` that a file given to `check` would have in the bundled record:
  /// its folder (one of `FixtureFiles.recordFolders`) and its name; nil for other files.
  static func bundledPath(of file: String) -> String? {
    let url = URL(fileURLWithPath: file)
    let folder = url.deletingLastPathComponent().lastPathComponent
    guard FixtureFiles.recordFolders.contains(folder) else { return nil }
    return folder + "/" + url.lastPathComponent
  }

  /// Why `file`, which a release shipped, no longer holds what it shipped; nil if it does, or if
  /// no release shipped it.
  static func changedSinceRelease(_ file: String, manifests: [ReleaseManifest]) -> InputError? {
    guard let path = bundledPath(of: file), let (version, entry) = shipped(path, in: manifests),
      let bytes = FileManager.default.contents(atPath: file)
    else { return nil }
    let found = Digest.sha256Hex(bytes)
    guard found != entry.sha256 else { return nil }
    return InputError(
      file: file,
      message: "was shipped in release \(version) of the bundled record and has changed since (SHA-256 \(found), shipped \(entry.sha256))",
      hint: "A shipped file is never edited: restore it (`git checkout -- \(file)`) and record the "
        + "change as a new statement or a correction in Fixtures/corrections/ (see Fixtures/README.md).")
  }
}
