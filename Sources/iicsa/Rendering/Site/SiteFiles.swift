import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

/// The files of a site, by path, and its MANIFEST: what `iicsa site` writes.
enum SiteFiles {
  /// Hands every file of the site to `write`, each as soon as it is rendered (so memory holds one
  /// page, not the site), then the MANIFEST of them all, last. Pure: the same data, the same bytes.
  static func build(_ data: SiteReport, baseURL: String?, write: (_ path: String, _ bytes: Data) throws -> Void) throws -> Int {
    var hashes: [String: String] = [:]
    func add(_ path: String, _ text: String) throws {
      let bytes = Data(text.utf8)
      hashes[path] = Digest.sha256Hex(bytes)
      try write(path, bytes)
    }
    let pages = SitePages(data: data, baseURL: baseURL)
    try add("index.html", pages.home())
    try add("about/index.html", pages.about())
    try add("pledges/index.html", pages.pledges())
    try add(
      "pledges.ics",
      PledgeCalendarRendering.render(
        PledgeCalendar(PledgeReport(data.tracker, on: data.day, log: data.log), statements: data.tracker.statements)))
    try add("alerts/index.html", pages.alerts())
    try add("months/index.html", pages.monthsIndex())
    try add("recommendations/index.html", pages.recommendationsIndex())
    try add("statements/index.html", pages.statementsIndex())
    try add("404.html", pages.notFound())
    for state in data.tracker.orderedStates {
      try add("recommendations/\(SitePages.slug(state.id))/index.html", pages.recommendation(state))
    }
    for id in data.statementIDs { try add("statements/\(id)/index.html", pages.statement(id)) }
    for export in data.months {
      var bundle: [String: String] = [:]
      for (name, text) in ExportBundle.files(export) {
        try add("months/\(export.month)/\(name)", text)
        bundle[name] = hashes["months/\(export.month)/\(name)"]
      }
      let manifest = Manifest(month: export.month, asOf: export.asOf, knownAt: export.knownAt, log: export.status.log, files: bundle)
      try add("months/\(export.month)/MANIFEST", manifest.text)
    }
    if let latest = data.months.last { try add("feed.atom", AtomFeed.render(latest)) }
    if let base = baseURL { try add("sitemap.xml", SitePages.sitemap(hashes.keys.sorted(), base: base)) }
    let manifest = Manifest(month: nil, asOf: data.day, knownAt: data.knownAt, log: data.log, files: hashes)
    try write("MANIFEST", Data(manifest.text.utf8))
    return hashes.count + 1
  }
}
