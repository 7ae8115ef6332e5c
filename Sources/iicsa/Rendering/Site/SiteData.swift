import Foundation
import IICSADomain
import IICSAStore

/// Everything the site shows, read from the store as it stood at one moment: the record
/// replayed as of that day, its corrections, first calls and alerts, and each month's export.
struct SiteData {
  var knownAt: KnownAt
  var day: Day
  var log: LogHead
  var tracker: Tracker
  var corrections: [CorrectionEntry]
  var firstCalls: [RecommendationID: FirstCall]
  /// What weakened, from the first report to `day`, newest first.
  var alerts: [Alert]
  /// Each month that holds a statement (withdrawn ones included, so that a month's address,
  /// once published, stays), with its export.
  var months: [MonthlyExport]
  /// The address the site will be published at, for `sitemap.xml`.
  var baseURL: String?

  /// Reads the site's data from `log` as known at `knownAt`.
  static func read(from log: EventStore, knownAt: KnownAt, baseURL: String?) throws -> SiteData {
    let day = knownAt.time.day
    let tracker = try log.tracker(asOf: day, knownAt: knownAt)
    let corrections = try log.corrections(knownAt: knownAt)
    let start = tracker.orderedReports.map(\.published).min() ?? day
    var dated = Set(tracker.statements.values.map { Month($0.statement.date) })
    for entry in corrections { if let statement = entry.retracted { dated.insert(Month(statement.date)) } }
    let months = try dated.filter { $0 <= Month(day) }.sorted().map { month in
      try IICSA.Export.gather(month: month, day: MonthlyExport.day(for: month, knownAt: knownAt), knownAt: knownAt, from: log)
    }
    return SiteData(
      knownAt: knownAt, day: day, log: try log.head(knownAt: knownAt), tracker: tracker, corrections: corrections,
      firstCalls: try log.firstCalls(knownAt: knownAt),
      alerts: tracker.alerts(from: start, through: day),
      months: months, baseURL: baseURL)
  }

  /// The statement pages: every statement of the record, and the withdrawn ones.
  var statementIDs: [EventID] {
    (tracker.statements.keys.map { $0 } + corrections.compactMap { $0.retracted?.id }).sorted { $0.rawValue < $1.rawValue }
  }
}

/// The files of a site, by path, and its MANIFEST: what `iicsa site` writes.
enum SiteFiles {
  /// Hands every file of the site to `write`, each as soon as it is rendered (so memory holds one
  /// page, not the site), then the MANIFEST of them all, last. Pure: the same data, the same bytes.
  static func build(_ data: SiteData, write: (_ path: String, _ bytes: Data) throws -> Void) throws -> Int {
    var hashes: [String: String] = [:]
    func add(_ path: String, _ text: String) throws {
      let bytes = Data(text.utf8)
      hashes[path] = Digest.sha256Hex(bytes)
      try write(path, bytes)
    }
    let pages = SitePages(data: data)
    try add("index.html", pages.home())
    try add("about/index.html", pages.about())
    try add("pledges/index.html", pages.pledges())
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
    if let base = data.baseURL { try add("sitemap.xml", SitePages.sitemap(hashes.keys.sorted(), base: base)) }
    let manifest = Manifest(month: nil, asOf: data.day, knownAt: data.knownAt, log: data.log, files: hashes)
    try write("MANIFEST", Data(manifest.text.utf8))
    return hashes.count + 1
  }
}
