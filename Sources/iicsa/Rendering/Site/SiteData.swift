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
      alerts: tracker.alerts(from: start, through: day).sorted { ($0.date, $0.recommendation.description) > ($1.date, $1.recommendation.description) },
      months: months, baseURL: baseURL)
  }

  /// The statement pages: every statement of the record, and the withdrawn ones.
  var statementIDs: [EventID] {
    (tracker.statements.keys.map { $0 } + corrections.compactMap { $0.retracted?.id }).sorted { $0.rawValue < $1.rawValue }
  }
}

/// The files of a site, by path, and its MANIFEST: what `iicsa site` writes.
enum SiteFiles {
  /// Every file of the site, MANIFEST last, in path order otherwise. Pure: the same data, the
  /// same bytes.
  static func build(_ data: SiteData) -> [(path: String, bytes: Data)] {
    var files: [(String, Data)] = []
    func add(_ path: String, _ text: String) { files.append((path, Data(text.utf8))) }
    let pages = SitePages(data: data)
    add("index.html", pages.home())
    add("about/index.html", pages.about())
    add("pledges/index.html", pages.pledges())
    add("alerts/index.html", pages.alerts())
    add("months/index.html", pages.monthsIndex())
    add("recommendations/index.html", pages.recommendationsIndex())
    add("statements/index.html", pages.statementsIndex())
    add("404.html", pages.notFound())
    for state in data.tracker.orderedStates {
      add("recommendations/\(SitePages.slug(state.id))/index.html", pages.recommendation(state))
    }
    for id in data.statementIDs { add("statements/\(id)/index.html", pages.statement(id)) }
    for export in data.months {
      var hashes: [String: String] = [:]
      for (name, text) in ExportBundle.files(export) {
        add("months/\(export.month)/\(name)", text)
        hashes[name] = Digest.sha256Hex(Data(text.utf8))
      }
      let manifest = Manifest(month: export.month, asOf: export.asOf, knownAt: export.knownAt, log: export.status.log, files: hashes)
      add("months/\(export.month)/MANIFEST", manifest.text)
    }
    if let latest = data.months.last { add("feed.atom", AtomFeed.render(latest)) }
    if let base = data.baseURL { add("sitemap.xml", SitePages.sitemap(files.map(\.0), base: base)) }
    files.sort { $0.0 < $1.0 }
    var hashes: [String: String] = [:]
    for (path, bytes) in files { hashes[path] = Digest.sha256Hex(bytes) }
    let manifest = Manifest(month: nil, asOf: data.day, knownAt: data.knownAt, log: data.log, files: hashes)
    return files.map { (path: $0.0, bytes: $0.1) } + [(path: "MANIFEST", bytes: Data(manifest.text.utf8))]
  }
}
