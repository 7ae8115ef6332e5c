import ArgumentParser
import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

extension IICSA {
  /// Writes the monthly bundle: status in CSV, JSON, Markdown and HTML, an Atom feed, the
  /// month's changes, and a manifest that lets anyone check the files against the log.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write the monthly export: status.csv, changes.csv, status.json, status.md, "
        + "index.html, feed.atom and MANIFEST.",
      discussion: """
        Status is as of the month's last day (or the --known-at day, if the month was not over \
        then). The export is made as known at --known-at, or at the time it is made, which \
        MANIFEST prints. Re-running with the same --known-at gives byte-identical files, even \
        after later entries or corrections. Check a published copy with `iicsa verify --manifest DIR/MANIFEST`.
        """)

    @OptionGroup var store: StoreOptions

    @Option(parsing: .unconditional, help: ArgumentHelp("The month to export.", valueName: "YYYY-MM"))
    var month: Month

    @Option(help: ArgumentHelp("The folder to write; created if missing.", valueName: "dir"))
    var out: String

    @OptionGroup var known: KnownAtOptions

    @Flag(help: "Write into a folder that is not empty, replacing export files of the same names.")
    var force = false

    @Option(
      help: ArgumentHelp(
        "Sign the MANIFEST with this private key file (from `iicsa key new`); `verify --manifest M --key FILE.pub` checks it.",
        valueName: "file"))
    var key: String?

    /// A month that has not begun is refused as the options are read, like every future date.
    func validate() throws {
      try FutureDates.check("--month", month, now: Clock.now())
    }

    func run() throws {
      print(try write(), terminator: "")
    }

    /// Writes the export and returns what `run()` prints; in-process tests call this.
    func write(now: Timestamp = Clock.now()) throws -> String {
      // What can be refused without the store is refused before opening it (which would create
      // a missing one); the future dates were refused as the options were read (again here, for
      // the time this export is made at).
      try FutureDates.check("--month", month, now: now)
      let folder = try OutputPath.folder(out, replacing: false)
      let log = try store.open(.readOnly)
      let knownAt = try known.resolve(in: log) ?? KnownAt(now)
      if month.first > knownAt.time.day {
        throw CommandError(
          "\(month) began after --known-at \(knownAt): the record as it stood then cannot speak "
            + "for it. Nothing was written.")
      }
      let signer = try key.map(UserFile.signingKey(at:))
      // One snapshot: the files and the head MANIFEST prints speak for the same log.
      let export = try log.snapshot(knownAt: knownAt) { try MonthlyExport(from: $0, month: month, knownAt: knownAt) }
      let day = export.asOf
      let files = ExportBundle.files(export)
      try ExportBundle.prepare(folder: folder, names: files.map(\.0) + ["MANIFEST"], force: force)
      var hashes: [String: String] = [:]
      for (name, text) in files {
        let bytes = Data(text.utf8)
        try ExportBundle.write(bytes, to: folder.path, name: name)
        hashes[name] = Digest.sha256Hex(bytes)
      }
      let manifest = Manifest(
        month: month, asOf: day, knownAt: knownAt, log: export.status.log, files: hashes)
      // The manifest last: a folder with a MANIFEST holds every file it names.
      let text = try signer.map { try SignedText.sign(manifest.text, with: $0) } ?? manifest.text
      try ExportBundle.write(Data(text.utf8), to: folder.path, name: "MANIFEST")
      return "Wrote \(files.count + 1) files to \(out) for \(month): status on \(day), "
        + "as known at \(knownAt); log \(export.status.log.length) events, head \(export.status.log.head).\n"
    }
  }
}


/// Turning an export into files on disk, and checking them back.
enum ExportBundle {
  /// Every file but MANIFEST, by name, in name order.
  static func files(_ export: MonthlyExport) -> [(String, String)] {
    [
      ("alerts.csv", AlertRendering.csv(export.alerts)),
      ("changes.csv", ExportFiles.changesCSV(export)),
      ("feed.atom", AtomFeed.render(export)),
      ("index.html", ExportHTML.render(export)),
      ("pledges.ics", PledgeCalendarRendering.render(export.calendar)),
      ("status.csv", ExportFiles.statusCSV(export)),
      ("status.json", ExportFiles.statusJSON(export)),
      ("status.md", ExportFiles.markdown(export)),
    ]
  }

  /// Creates `folder`, or checks that it may be written: empty, or with `force` a folder whose
  /// files of an export's names were all written by an earlier export (its MANIFEST lists them).
  /// A user's own file of the same name, or a link, is never replaced.
  static func prepare(folder out: OutputPath, names: [String], force: Bool) throws {
    let manager = FileManager.default
    let folder = out.path
    var isFolder: ObjCBool = false
    if manager.fileExists(atPath: folder, isDirectory: &isFolder) {
      guard isFolder.boolValue else {
        throw CommandError("\(out.given) is a file, not a folder. Nothing was written.")
      }
      let contents = try manager.contentsOfDirectory(atPath: folder)
      if !contents.isEmpty && !force {
        throw CommandError(
          "\(out.given) is not empty (\(contents.count) entries). Nothing was written; choose an empty "
            + "folder, or add --force to replace the files of an earlier export in it.")
      }
      let listed = earlierExport(in: folder)
      let theirs = names.filter { name in
        guard let type = try? manager.attributesOfItem(atPath: folder + "/" + name)[.type] as? FileAttributeType else { return false }
        return type != .typeRegular || !(listed.contains(name) || name == "MANIFEST" && !listed.isEmpty)
      }
      if !theirs.isEmpty {
        throw CommandError(
          "\(out.given) holds \(theirs.joined(separator: ", ")), which no earlier export there wrote (no export MANIFEST "
            + "in the folder lists \(theirs.count == 1 ? "it as a plain file" : "them as plain files")). Nothing was written; "
            + "move \(theirs.count == 1 ? "it" : "them") away, or choose another folder.")
      }
      return
    }
    do {
      try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
    } catch {
      throw CommandError(
        "Cannot create \(out.given): \(error.localizedDescription). Nothing was written.")
    }
  }

  static func write(_ bytes: Data, to folder: String, name: String) throws {
    let url = URL(fileURLWithPath: folder).appendingPathComponent(name)
    do {
      try bytes.write(to: url, options: .atomic)
    } catch {
      throw CommandError("Cannot write \(url.path): \(error.localizedDescription).")
    }
  }

  /// The files an export MANIFEST in `folder` lists; empty when it holds none.
  private static func earlierExport(in folder: String) -> Set<String> {
    guard let text = UserFile.text(at: folder + "/MANIFEST", maximumBytes: Manifest.maximumBytes), text.hasPrefix(Manifest.title + "\n"),
      let manifest = try? Manifest.parse(((try? SignedText.parts(of: text)) ?? nil)?.message ?? text, file: "MANIFEST")
    else { return [] }
    return Set(manifest.files.keys)
  }

  /// The largest file a manifest check reads: far above any page or export file.
  static let maximumFileBytes = 1 << 30

  /// What is wrong with an export folder against its MANIFEST and the log: one line per problem,
  /// each naming the file. Empty when everything matches.
  static func check(manifestPath: String, against log: any EventLog, trusted: PublicKey? = nil) throws -> [String] {
    let text: String
    do {
      text = try InputFile.text(
        at: manifestPath, maximumBytes: Manifest.maximumBytes, what: "a MANIFEST",
        sizeHint: "A MANIFEST lists one line per file: check that this is the MANIFEST of an export or a site.")
    } catch {
      throw CommandError("Cannot read \(error.description)")
    }
    let signed: SignedText.Parts?
    do {
      signed = try SignedText.parts(of: text)
    } catch {
      return ["\(manifestPath) \(error)"]
    }
    let manifest = try Manifest.parse(signed?.message ?? text, file: manifestPath)
    let folder = Paths.folder(of: manifestPath)
    let realFolder = Paths.resolved(folder)
    var problems: [String] = []
    if let problem = CheckpointText.signatureProblem(signed, trusted: trusted, file: manifestPath) {
      problems.append(problem)
    }
    if manifest.files.isEmpty { problems.append("\(manifestPath) names no files") }
    for name in manifest.files.keys.sorted() {
      let path = Paths.join(folder, name)
      // Only the folder's own regular files count: a link could make a folder of links pass
      // for the files it points at, wherever they are.
      guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else {
        problems.append("\(name) is missing from \(folder)")
        continue
      }
      guard attributes[.type] as? FileAttributeType == .typeRegular, Paths.resolved(path) == Paths.join(realFolder, name)
      else {
        problems.append("\(name) is not a file of \(folder) itself (it is a link, or lies through a link or outside the folder): a manifest checks only the folder's own files")
        continue
      }
      guard let bytes = try? InputFile.bytes(at: path, maximumBytes: maximumFileBytes, sizeHint: "") else {
        problems.append("\(name) cannot be read, or is over \(maximumFileBytes >> 20) MiB")
        continue
      }
      let found = Digest.sha256Hex(bytes)
      if found != manifest.files[name] {
        problems.append(
          "\(name) does not match the manifest: SHA-256 \(found), manifest says \(manifest.files[name] ?? "")"
        )
      }
    }
    if let problem = CheckpointText.problem(try log.match(manifest.log), expected: manifest.log, what: "the export") {
      problems.append(problem)
    }
    return problems
  }
}
