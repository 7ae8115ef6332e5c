import ArgumentParser
import Foundation
import IICSADiscovery
import IICSADomain
import IICSAFixtures
import IICSAReports
import IICSAStore

extension IICSA {
  /// Asks the official sources what was said since the record's newest entry.
  struct Discover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Find what Parliament, GOV.UK and legislation.gov.uk said since the last entry, for a person to read.",
      discussion: """
        Searches UK Parliament's written questions and statements, its bills, GOV.UK, legislation.gov.uk \
        and Hansard for each recommendation's terms (Fixtures/discovery/terms.yaml, or --terms), and lists \
        what they published in the period that the record does not already cite, newest first, with the \
        recommendations each matched and why. Nothing is recorded: --draft writes a statement skeleton per \
        item, with what the source's own data says filled in, for a person to read the source and complete. \
        Exits 0 when every source answered, 5 when one or more did not (the others' items are still listed). \
        Each source's address can be changed with IICSA_SOURCE_URL_WRITTEN_QUESTIONS, _BILLS, _GOVUK, \
        _LEGISLATION and _HANSARD (a mirror, or a test server).
        """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var format: FormatOptions

    @Option(help: ArgumentHelp("The first day to search (default: the day of the record's newest statement).", valueName: "YYYY-MM-DD"))
    var since: Day?

    @Option(help: ArgumentHelp("The last day to search (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var until: Day?

    @Option(name: .customLong("recommendation"), help: ArgumentHelp("Search only for this recommendation's terms (repeatable).", valueName: "id"))
    var recommendations: [String] = []

    @Option(help: ArgumentHelp("Write one statement skeleton per item into this folder (made if missing; no file is overwritten).", valueName: "folder"))
    var draft: String?

    @Option(help: ArgumentHelp("The terms file (default: the bundled Fixtures/discovery/terms.yaml).", valueName: "file"))
    var terms: String?

    @Option(help: ArgumentHelp("Seconds to wait for one answer.", valueName: "seconds"))
    var timeout: Double = 30

    @Option(help: ArgumentHelp("The least time between two requests to one host, in seconds.", valueName: "seconds"))
    var interval: Double = 0.5

    func validate() throws {
      let now = Clock.now()
      try FutureDates.check("--since", since, now: now)
      try FutureDates.check("--until", until, now: now)
      if let since, let until, since > until { throw ValidationError("--since \(since) is after --until \(until).") }
      if !(timeout > 0 && timeout <= 600) { throw ValidationError("--timeout must be more than 0 and at most 600 seconds.") }
      if !(interval >= 0 && interval <= 60) { throw ValidationError("--interval must be from 0 to 60 seconds.") }
      _ = try RecommendationList.parse(recommendations)
    }

    func run() async throws {
      let today = Clock.now().day
      let record = try DiscoveryRecord.read(from: try store.open(.readOnly), today: today)
      let ids = recommendations.compactMap { RecommendationID($0) }
      let allTerms = try readTerms(record: record)
      for id in ids where !allTerms.recommendations.contains(where: { $0.recommendation == id }) {
        throw CommandError("\(id) has no terms in \(terms ?? "the bundled terms file"). `iicsa status` lists the recommendations.")
      }
      let period = Period(from: since ?? record.newestStatement ?? today, through: until ?? today)
      guard period.from <= period.through else {
        throw ValidationError("The record's newest statement (\(period.from)) is after --until \(period.through): give --since.")
      }
      let drafts = try draft.map(DraftFolder.prepare)

      var settings = ClientSettings(userAgent: "iicsa/\(IICSA.configuration.version) (a tracker of the UK's child sexual abuse recommendations)")
      settings.timeout = timeout
      settings.interval = interval
      let searched = allTerms.only(ids)
      guard !searched.searchTerms.isEmpty else {
        throw CommandError(
          "The record holds none of the recommendations \(terms ?? "the bundled terms file") names: there is nothing to search for. "
            + "Give --terms FILE with terms for the record's recommendations.")
      }
      let bases = try Self.bases()
      // Made last: from here to its shutdown nothing throws, as AsyncHTTPClient requires.
      let client = PoliteClient(transport: try Self.transport(timeout: timeout), settings: settings)
      let discovery = Discovery(terms: searched, searches: Self.searches, bases: bases, client: client)
      let progress = ProgressLine(enabled: isatty(STDERR_FILENO) == 1)
      let result = await discovery.run(period, cited: record.cited) { source, done, total in
        progress.update(source, done, total)
      }
      progress.finish()
      await client.shutdown()

      for refusal in result.refused { printError("Warning: \(refusal)") }
      for note in result.unread { printError("Warning: \(note)") }
      print(DiscoveryRendering.render(result, as: format.format), terminator: "")
      if let drafts {
        let written = try DraftFolder.write(result.candidates, into: drafts, record: record, today: today)
        printError("Wrote \(written.count) draft\(written.count == 1 ? "" : "s") into \(drafts.given). Read each source, fill in each TODO, then `iicsa check` them.")
        if let sweep = try DraftFolder.writeSweep(
          result, searched: searched.recommendations.map(\.recommendation), drafts: written, into: drafts, record: record,
          today: today)
        {
          printError("Wrote the sweep of this search, \((sweep as NSString).lastPathComponent): record it last, with the ids of what you recorded under 'found'.")
        }
      }
      for failure in result.failures { printError("Error: \(failure)") }
      if !result.complete { throw ExitCode(5) }
    }

    private func readTerms(record: DiscoveryRecord) throws -> DiscoveryTerms {
      guard let path = terms ?? FixtureFiles.discoveryTerms?.path else {
        throw CommandError("The bundled discovery terms are missing from this build: give --terms FILE.")
      }
      var read = try TermsFile.read(path)
      guard terms != nil else {
        // The bundled terms cover the bundled record; a store holding only some of its reports
        // is searched for those.
        read.recommendations.removeAll { record.titles[$0.recommendation] == nil }
        read.reports.removeAll { !record.reports.contains($0.report) }
        return read
      }
      for entry in read.recommendations where record.titles[entry.recommendation] == nil {
        throw CommandError("\(path): \(entry.recommendation) is not a recommendation of the record.")
      }
      return read
    }

    static let searches: [any SourceSearch] = [
      WrittenQuestionsSearch(), BillsSearch(), GovUKSearch(), LegislationSearch(), HansardSearch(),
    ]

    /// Each source's base URL: its own, or `IICSA_SOURCE_URL_<NAME>`.
    static func bases() throws -> [DiscoverySource: String] {
      var bases: [DiscoverySource: String] = [:]
      let environment = ProcessInfo.processInfo.environment
      for source in DiscoverySource.allCases {
        let name = "IICSA_SOURCE_URL_\(source.environmentName)"
        guard let value = environment[name], !value.isEmpty else { continue }
        guard let url = URLComponents(string: value), ["http", "https"].contains(url.scheme ?? ""), url.host?.isEmpty == false,
          url.query == nil, url.fragment == nil
        else {
          throw ValidationError("\(name) is '\(value)', which is not an http(s) base URL such as http://127.0.0.1:8080.")
        }
        bases[source] = value
      }
      return bases
    }

    static func transport(timeout: Double) throws -> any HTTPTransport {
      #if Discovery
        return NIOTransport(timeout: timeout)
      #else
        throw CommandError("This iicsa was built without the Discovery trait, so it cannot ask the sources. Build it with default traits.")
      #endif
    }
  }
}

/// What `discover` needs from the record: the links it already cites, the day of its newest
/// statement, and each recommendation's title and status for the drafts.
struct DiscoveryRecord {
  var cited: CitedLinks
  var reports: Set<SourceID>
  var newestStatement: Day?
  var titles: [RecommendationID: String]
  var statuses: [RecommendationID: Status]
  /// The day each recommendation was last checked through.
  var checked: [RecommendationID: Day]

  static func read(from log: some RecordReader, today: Day) throws -> DiscoveryRecord {
    try log.snapshot(knownAt: nil) { snapshot in
      let tracker = try snapshot.tracker(asOf: today)
      var links: [String] = []
      let reports = Array(tracker.reports.values)
      for report in reports {
        links.append(report.url)
        for recommendation in report.recommendations { links += recommendation.sources.map(\.url) }
      }
      for entry in tracker.statements.values { links += entry.statement.sources.map(\.url) }
      for correction in try snapshot.corrections() {
        links += correction.record.sources.map(\.url) + (correction.retracted?.sources.map(\.url) ?? [])
      }
      return DiscoveryRecord(
        cited: CitedLinks(links), reports: Set(reports.map(\.id)), newestStatement: try snapshot.dateOfOldest(ofNewest: 1, onOrBefore: today),
        titles: tracker.states.mapValues(\.recommendation.title), statuses: tracker.states.mapValues(\.status),
        checked: RecordedSweep.latest(of: try snapshot.sweeps(through: today)).mapValues(\.sweep.through))
    }
  }
}

/// One line on standard error, rewritten as each search finishes: only on a terminal.
final class ProgressLine: @unchecked Sendable {
  private let enabled: Bool
  private let lock = NSLock()
  private var done: [DiscoverySource: (Int, Int)] = [:]

  init(enabled: Bool) { self.enabled = enabled }

  func update(_ source: DiscoverySource, _ count: Int, _ total: Int) {
    guard enabled else { return }
    lock.lock()
    defer { lock.unlock() }
    done[source] = (count, total)
    let parts = done.sorted { $0.key < $1.key }.map { "\($0.key.label) \($0.value.0)/\($0.value.1)" }
    FileHandle.standardError.write(Data(("\r\u{1B}[K" + parts.joined(separator: " · ")).utf8))
  }

  func finish() {
    guard enabled else { return }
    FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
  }
}
