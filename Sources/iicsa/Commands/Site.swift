import ArgumentParser
import Foundation
import IICSADomain
import IICSAReports
import IICSAStore

extension IICSA {
  /// Builds the whole record as a static website.
  struct Site: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Build the whole record as a static, self-contained website in a folder.",
      discussion: """
        Writes a home page, a page for every recommendation and every statement, the pledges, the \
        alerts, each month with its export files, an about page on how to check the site, feed.atom, \
        404.html, sitemap.xml (with --base-url) and a MANIFEST that `iicsa verify --manifest` checks. \
        The site is built beside --out and swapped in whole, so an interrupted build leaves the \
        previous site as it was. The same store and --known-at give byte-identical files. See \
        docs/commands/site.md.
        """)

    @OptionGroup var store: StoreOptions

    @Option(help: ArgumentHelp("The folder to write: new, empty, or a site iicsa built before.", valueName: "dir"))
    var out: String

    @OptionGroup var known: KnownAtOptions

    @Option(help: ArgumentHelp("The address the site will be published at, for sitemap.xml and 404.html.", valueName: "url"))
    var baseURL: String?

    func validate() throws {
      // Escaped wherever it is written; it need only be a web address (localhost included).
      if let baseURL,
        !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) || baseURL.count > TextRules.urlLimit
          || baseURL.unicodeScalars.contains(where: { $0.properties.isWhitespace || TextRules.forbidden($0) != nil })
      {
        throw ValidationError("--base-url '\(baseURL)' is not an http(s) address such as https://example.org/tracker/.")
      }
    }

    func run() throws {
      print(try write(now: Clock.now()), terminator: "")
    }

    /// Builds the site and returns what `run()` prints; tests call this.
    func write(now: Timestamp) throws -> String {
      let target = SiteFolder(path: out)
      try target.checkWritable()
      let log = try store.open(.readOnly)
      let known = try self.known.resolve(in: log) ?? KnownAt(now)
      // One snapshot: every page and every month's bundle speak for the same log.
      let data = try log.snapshot(knownAt: known) { try SiteReport(from: $0, knownAt: known) }
      let count = try target.replace { write in try SiteFiles.build(data, baseURL: baseURL, write: write) }
      return "Wrote \(count) files to \(out): status on \(data.day), as known at \(known); "
        + "log \(data.log.length) events, head \(data.log.head).\n"
    }
  }
}

/// The folder a site is written to: checked before anything is read, built beside, swapped in.
struct SiteFolder {
  let path: String

  /// Refuses a file, a folder that holds something other than a site iicsa built, and a place
  /// that cannot be written; nothing is touched.
  func checkWritable() throws {
    let manager = FileManager.default
    var isFolder: ObjCBool = false
    let parent = (path as NSString).deletingLastPathComponent
    if manager.fileExists(atPath: path, isDirectory: &isFolder) {
      guard isFolder.boolValue else { throw CommandError("\(path) is a file, not a folder. Nothing was written.") }
      let contents = (try? manager.contentsOfDirectory(atPath: path)) ?? []
      if !contents.isEmpty && !isSite {
        throw CommandError(
          "\(path) is not empty (\(contents.count) entries) and is not a site iicsa built (it has no site MANIFEST). "
            + "Nothing was written or deleted; choose an empty or new folder.")
      }
    }
    let folder = parent.isEmpty ? "." : parent
    if !manager.isWritableFile(atPath: folder) || (manager.fileExists(atPath: path) && !manager.isWritableFile(atPath: path)) {
      throw CommandError("\(path) cannot be written (check the permissions of \(folder)). Nothing was written.")
    }
  }

  /// Whether the folder holds a site that iicsa built: its MANIFEST says so.
  var isSite: Bool {
    guard let text = try? String(contentsOfFile: path + "/MANIFEST", encoding: .utf8) else { return false }
    return text.hasPrefix(Manifest.siteTitle + "\n")
  }

  /// Has `build` write the site into a new folder beside `path`, then swaps it in with renames,
  /// so the previous site stays whole until the new one is complete. Returns `build`'s count.
  func replace(_ build: (_ write: (String, Data) throws -> Void) throws -> Int) throws -> Int {
    let manager = FileManager.default
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let parent = url.deletingLastPathComponent()
    let tag = UUID().uuidString.prefix(8)
    let building = parent.appendingPathComponent(".\(url.lastPathComponent).building-\(tag)")
    let old = parent.appendingPathComponent(".\(url.lastPathComponent).old-\(tag)")
    do {
      try manager.createDirectory(at: building, withIntermediateDirectories: true)
      var made: Set<String> = []
      let count = try build { path, bytes in
        let target = building.appendingPathComponent(path)
        let folder = target.deletingLastPathComponent()
        if made.insert(folder.path).inserted { try manager.createDirectory(at: folder, withIntermediateDirectories: true) }
        try bytes.write(to: target)
      }
      if manager.fileExists(atPath: url.path) { try manager.moveItem(at: url, to: old) }
      try manager.moveItem(at: building, to: url)
      try? manager.removeItem(at: old)
      return count
    } catch {
      try? manager.removeItem(at: building)
      if !manager.fileExists(atPath: url.path), manager.fileExists(atPath: old.path) { try? manager.moveItem(at: old, to: url) }
      throw CommandError("Cannot write the site to \(path): \(error.localizedDescription). The previous site, if any, is as it was.")
    }
  }
}
