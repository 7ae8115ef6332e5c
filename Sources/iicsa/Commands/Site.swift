import ArgumentParser
import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

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
      let target = SiteFolder(out: try OutputPath.folder(out, replacing: true, store: store.file))
      let kept = try target.checkWritable()
      let log = try store.open(.readOnly)
      let known = try self.known.resolve(in: log) ?? KnownAt(now)
      // One snapshot: every page and every month's bundle speak for the same log.
      let data = try log.snapshot(knownAt: known) { try SiteReport(from: $0, knownAt: known) }
      let count = try target.replace(keeping: kept) { write in try SiteFiles.build(data, baseURL: baseURL, write: write) }
      return "Wrote \(count) files to \(out): status on \(data.day), as known at \(known); "
        + "log \(data.log.length) events, head \(data.log.head).\n"
    }
  }
}
