import Foundation
import Testing

/// The loopback stand-in for the five sources (Tests/discover/stub.py), which
/// `Tests/run-all.sh` starts once for the whole run (`IICSA_TEST_SOURCES`, its log
/// `IICSA_TEST_SOURCES_LOG`), serving their recorded response shapes. Each test is a scenario of
/// its own, with a behaviour per source.
///
/// (Started here, a long-lived child would hold one of the few threads Foundation reaps children
/// on, and the tests' own `iicsa` runs would never be seen to end.)
struct SourceStub {
  static var base: String? { ProcessInfo.processInfo.environment["IICSA_TEST_SOURCES"].flatMap { $0.isEmpty ? nil : $0 } }
  static var isAvailable: Bool { base != nil }
  /// True on CI without the stub: a run that would silently skip every discovery case.
  static var requiredButMissing: Bool { ProcessInfo.processInfo.environment["CI"] == "true" && base == nil }

  let scenario: String

  /// `modes`: source (`written_questions`, `bills`, `govuk`, `legislation`, `hansard`) to a
  /// behaviour of stub.py (`429-once`, `500`, `down`, `huge`, `wrong-shape`, `html`, `hostile`).
  init(_ modes: [String: String] = [:]) {
    scenario = (["t" + UUID().uuidString.prefix(8).lowercased()] + modes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })
      .joined(separator: "~")
  }

  /// Each source pointed at this scenario.
  var environment: [String: String] {
    var environment: [String: String] = [:]
    for (name, segment) in [
      ("WRITTEN_QUESTIONS", "written_questions"), ("BILLS", "bills"), ("GOVUK", "govuk"), ("LEGISLATION", "legislation"),
      ("HANSARD", "hansard"),
    ] {
      environment["IICSA_SOURCE_URL_\(name)"] = "\(Self.base ?? "http://127.0.0.1:9")/\(scenario)/\(segment)"
    }
    return environment
  }

  /// The requests the stub saw in this scenario, one JSON object each.
  func requests() throws -> [[String: Any]] {
    guard let log = ProcessInfo.processInfo.environment["IICSA_TEST_SOURCES_LOG"],
      let text = try? String(contentsOfFile: log, encoding: .utf8)
    else { return [] }
    return try text.split(separator: "\n").compactMap { line in
      let request = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
      return request["scenario"] as? String == scenario ? request : nil
    }
  }
}

/// `iicsa discover` end to end: the built binary against the stub, on the bundled record.
@Suite(.enabled(if: SourceStub.isAvailable || SourceStub.requiredButMissing)) struct DiscoverTests {
  /// The recorded items span 2012 to 2026; a small terms file keeps each run to a few requests.
  static let period = ["--since", "2012-01-01", "--until", "2026-12-01", "--interval", "0"]
  static let terms = """
    departments:
      - slug: home-office
        name: Home Office
    reports:
      - report: iicsa-2022
        terms: [IICSA]
    recommendations:
      - recommendation: IICSA-13
        terms: [mandatory reporting]
        departments: [home-office]
        basis: a test's own terms
    """

  let store: BundledStore
  let termsFile: String

  init() throws {
    #expect(!SourceStub.requiredButMissing, "CI must start Tests/discover/stub.py (Tests/run-all.sh) and set IICSA_TEST_SOURCES")
    store = try BundledStore()
    termsFile = store.folder + "/terms.yaml"
    try Self.terms.write(toFile: termsFile, atomically: true, encoding: .utf8)
  }

  func discover(_ stub: SourceStub, _ arguments: [String] = []) throws -> CLI.Result {
    try CLI.run(["discover", "--db", store.path, "--terms", termsFile] + Self.period + arguments, environment: stub.environment)
  }

  @Test func listsEveryItemTheRecordDoesNotCiteNewestFirst() throws {
    let stub = SourceStub()
    let result = try discover(stub, ["--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    #expect(json["complete"] as? Bool == true)
    #expect(json["asked"] as? [String] == ["written_questions", "bills", "govuk", "legislation", "hansard"])
    let items = try #require(json["items"] as? [[String: Any]])
    let dates = items.compactMap { $0["date"] as? String }
    #expect(dates == dates.sorted(by: >), "newest first")
    let sources = Set(items.compactMap { $0["source"] as? String })
    #expect(sources == ["written_questions", "bills", "govuk", "legislation", "hansard"])
    let statement = try #require(items.first { ($0["link"] as? String)?.hasSuffix("/HLWS745") == true })
    #expect(statement["date"] as? String == "2021-02-01")
    #expect(statement["kind"] as? String == "written_statement")
    #expect(statement["speaker"] as? String == "Baroness Williams of Trafford")
    #expect(statement["link"] as? String == "https://questions-statements.parliament.uk/written-statements/detail/2021-02-01/HLWS745")
    #expect(statement["recommendations"] as? [String] == ["IICSA-13"])
    #expect(statement["terms"] as? [String] == ["IICSA", "mandatory reporting"])
    // Every request names iicsa, and the sources were asked for the period.
    let requests = try stub.requests()
    #expect(!requests.isEmpty)
    #expect(requests.allSatisfy { ($0["user_agent"] as? String)?.hasPrefix("iicsa/") == true })
    let question = try #require(requests.first { $0["path"] as? String == "/api/writtenquestions/questions" })
    let query = try #require(question["query"] as? [String: [String]])
    #expect(query["answeredWhenFrom"] == ["2012-01-01"])
    #expect(query["answeredWhenTo"] == ["2026-12-01"])
    let govuk = try #require(requests.first { $0["path"] as? String == "/api/search.json" })
    let govukQuery = try #require(govuk["query"] as? [String: [String]])
    #expect(govukQuery["filter_public_timestamp"] == ["from:2012-01-01,to:2026-12-01"])
    #expect(govukQuery["fields"] == ["title", "link", "public_timestamp", "format", "content_store_document_type", "organisations"])
    #expect(govukQuery["order"] == ["-public_timestamp"])
  }

  @Test func anItemTheRecordCitesIsNotListed() throws {
    let cited = """
      id: 2021-02-01-test-hong-kong-statement
      date: 2021-02-01
      speaker: Baroness Williams of Trafford
      role: Minister of State, Home Office
      kind: written_statement
      title: A statement the record already cites
      summary: Cited here so that discover leaves it out.
      sources:
        - url: https://questions-statements.parliament.uk/written-statements/detail/2021-02-01/HLWS745/
          publisher: UK Parliament
      relates_to: [IICSA-13]
      recorded_at: '2026-12-08T01:10:00Z'
      """
    let file = store.folder + "/cited.yaml"
    try cited.write(toFile: file, atomically: true, encoding: .utf8)
    #expect(try store.run(["record", file]).status == 0)
    let stub = SourceStub()
    let result = try discover(stub, ["--format", "json"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(!result.stdout.contains("HLWS745"))
    #expect(result.stdout.contains("HCWS751"), "the same statement in the other House is another item")
    #expect(result.stdout.contains("\"already_cited\" : 1,"))
  }

  @Test func aDraftIsExplainedByCheckAndRecordsOnceFilledIn() throws {
    let stub = SourceStub()
    let drafts = store.folder + "/drafts"
    let result = try discover(stub, ["--draft", drafts])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("Wrote "))
    let name = "2021-02-01-written-statement-hlws745.yaml"
    let path = drafts + "/" + name
    let draft = try String(contentsOfFile: path, encoding: .utf8)
    #expect(draft.contains("speaker: \"Baroness Williams of Trafford\""))
    #expect(draft.contains("role: \"The Minister of State, Home Office\""))
    #expect(draft.contains("kind: written_statement"))
    #expect(draft.contains("# Matched IICSA-13 (Mandatory reporting of child sexual abuse), now "))
    let checked = try store.run(["check", path])
    #expect(checked.status == 1)
    #expect(checked.stderr.contains("\(name):") && checked.stderr.contains("summary still say TODO"))
    // Filled in by a person who read the source, it records.
    try draft.replacingOccurrences(of: "summary: TODO", with: "summary: A test's summary of what the statement said.")
      .replacingOccurrences(of: "relates_to: []", with: "relates_to: [IICSA-13]")
      .write(toFile: path, atomically: true, encoding: .utf8)
    #expect(try store.run(["check", path]).status == 0)
    let recorded = try store.run(["record", path])
    #expect(recorded.status == 0, "\(recorded.stderr)")
    // A second run leaves every file it finds in place.
    let again = try discover(stub, ["--draft", drafts])
    #expect(again.stderr.contains("\(name) already exists and was left alone") == false, "the recorded item is cited now")
    #expect(again.stderr.contains("already exists and was left alone"))
    #expect(try String(contentsOfFile: path, encoding: .utf8).contains("A test's summary"))

    // The sweep of the first search, filled in with what was recorded from it, records last;
    // show then says how far the sources were searched.
    let sweepName = try #require(
      try FileManager.default.contentsOfDirectory(atPath: drafts).first { $0.hasSuffix("-sweep-through-2026-12-01.yaml") })
    let sweepPath = drafts + "/" + sweepName
    let sweep = try String(contentsOfFile: sweepPath, encoding: .utf8)
    #expect(sweep.contains("from: 2012-01-01\n") && sweep.contains("through: 2026-12-01\n"))
    #expect(sweep.contains("  - IICSA-13  # Mandatory reporting of child sexual abuse; "))
    for source in DiscoverySourcePages.all { #expect(sweep.contains("url: \"\(source)\""), "\(source)") }
    #expect(try store.run(["check", sweepPath]).stderr.contains("is a new sweep still to fill in: checked_by still say TODO"))
    try sweep.replacingOccurrences(of: "checked_by: TODO", with: "checked_by: A test")
      .replacingOccurrences(of: "found: []", with: "found: [2021-02-01-written-statement-hlws745]")
      .write(toFile: sweepPath, atomically: true, encoding: .utf8)
    let sweepRecorded = try store.run(["record", sweepPath])
    #expect(sweepRecorded.status == 0, "\(sweepRecorded.stderr)")
    let shown = try store.run(["show", "IICSA-13"]).stdout
    #expect(shown.contains("Checked through 2026-12-01: searched UK Parliament (Written questions, answers\n  and statements"), "\(shown)")
    #expect(shown.contains("(by A\n  test; "), "\(shown)")
    // The bundled research's places stay, each with how far it was read: none was searched again.
    #expect(shown.contains("Parallel Parliament (Written ministerial statements (Commons and Lords), as"), "\(shown)")
  }

  /// A source that did not answer is not claimed by the sweep's draft, which says why.
  @Test func theSweepsDraftClaimsOnlyTheSourcesThatAnswered() throws {
    let drafts = store.folder + "/partial"
    let result = try discover(SourceStub(["govuk": "500"]), ["--draft", drafts])
    #expect(result.status == 5)
    let name = try #require(try FileManager.default.contentsOfDirectory(atPath: drafts).first { $0.contains("-sweep-through-") })
    let sweep = try String(contentsOfFile: drafts + "/" + name, encoding: .utf8)
    #expect(!sweep.contains("https://www.gov.uk/search/all"))
    #expect(sweep.contains("https://bills.parliament.uk/"))
    #expect(sweep.contains("# Not listed, because they did not answer: GOV.UK."))
  }

  @Test func aTooManyRequestsAnswerIsRetriedAfterTheWaitAsked() throws {
    let stub = SourceStub(["bills": "429-once"])
    let result = try discover(stub)
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stdout.contains("Armed Forces Bill"))
    let bills = try stub.requests().filter { $0["source"] as? String == "bills" && $0["path"] as? String == "/api/v1/Bills" }
    #expect(bills.count >= 2)
    let first = try #require(bills.first?["time"] as? Double)
    let second = try #require(bills.dropFirst().first?["time"] as? Double)
    #expect(second - first >= 0.9, "Retry-After: 1 was honoured")
  }

  @Test(arguments: ["500", "down", "wrong-shape", "huge", "html"])
  func oneSourceFailingStillListsTheOthersAndExitsNonZero(_ mode: String) throws {
    let stub = SourceStub(["govuk": mode])
    let result = try discover(stub)
    #expect(result.status == 5, "\(result.stderr)")
    #expect(result.stdout.contains("HLWS745"), "the other sources still answer")
    #expect(result.stdout.contains("Did not answer: GOV.UK."))
    let errors = result.stderr.split(separator: "\n").filter { $0.hasPrefix("Error: ") }
    #expect(errors.count == 1)
    #expect(errors.first?.hasPrefix("Error: GOV.UK: ") == true)
    switch mode {
    case "wrong-shape": #expect(result.stderr.contains("not of the expected shape: no 'results'"))
    case "huge": #expect(result.stderr.contains("over 5242880 bytes"))
    case "html": #expect(result.stderr.contains("not of the expected shape: it is not JSON"))
    case "500": #expect(result.stderr.contains("answered HTTP 500"))
    default: break
    }
  }

  @Test func hostileTextIsRefusedOrInert() throws {
    let stub = SourceStub(["written_questions": "hostile", "govuk": "hostile", "hansard": "hostile", "legislation": "hostile"])
    let json = try discover(stub, ["--format", "json"])
    #expect(json.status == 0, "\(json.stderr)")
    // A bidirectional override leaves its item out, saying so; a link to another host too.
    #expect(!json.stdout.contains("\u{202E}"))
    #expect(json.stderr.contains("'title' holds a bidirectional override character (U+202E)"))
    #expect(json.stderr.contains("its link is not on www.gov.uk"))
    #expect(!json.stdout.contains("evil.example/government"))
    // Markup is text: no tag survives into any format.
    for format in ["table", "md", "csv", "json"] {
      let output = try discover(stub, ["--format", format]).stdout
      #expect(!output.contains("<script>"), "\(format)")
    }
    let csv = try discover(stub, ["--format", "csv"]).stdout
    #expect(!csv.contains(",=HYPERLINK"), "no cell starts a formula")
    // A title holding ': ', '#' and quotes stays one title in a draft.
    let drafts = store.folder + "/hostile-drafts"
    _ = try discover(stub, ["--draft", drafts])
    let names = try FileManager.default.contentsOfDirectory(atPath: drafts)
    let hostile = try #require(names.first { $0.contains("143690") })
    let checked = try store.run(["check", drafts + "/" + hostile])
    #expect(checked.stderr.contains("summary still say TODO"))
    #expect(!checked.stderr.contains("unknown field"))
  }

  @Test func badTermsFilesAndDatesAreRefusedBeforeAnythingIsAsked() throws {
    let stub = SourceStub()
    try Self.terms.replacingOccurrences(of: "IICSA-13", with: "IICSA-99").write(toFile: termsFile, atomically: true, encoding: .utf8)
    let unknown = try discover(stub)
    #expect(unknown.status == 1)
    #expect(unknown.stderr.contains("IICSA-99 is not a recommendation of the record"))
    try Self.terms.replacingOccurrences(of: "[home-office]", with: "[home-ofice]").write(toFile: termsFile, atomically: true, encoding: .utf8)
    let department = try discover(stub)
    #expect(department.status == 1)
    #expect(department.stderr.contains("terms.yaml:") && department.stderr.contains("'home-ofice' is not a department"))
    let backwards = try CLI.run(
      ["discover", "--db", store.path, "--since", "2026-01-02", "--until", "2026-01-01"], environment: stub.environment)
    #expect(backwards.status == 64)
    // A store without the bundled record has nothing the bundled terms search for.
    let empty = try BundledStore(empty: true)
    let nothing = try CLI.run(["discover", "--db", empty.path], environment: stub.environment)
    #expect(nothing.status == 1)
    #expect(nothing.stderr.contains("there is nothing to search for"))
    #expect(try stub.requests().isEmpty, "nothing was asked")
  }

  @Test func theBundledTermsCoverEveryRecommendation() throws {
    let stub = SourceStub()
    let result = try CLI.run(
      ["discover", "--db", store.path, "--since", "2026-01-01", "--until", "2026-12-01", "--interval", "0", "--format", "json"],
      environment: stub.environment)
    #expect(result.status == 0, "\(result.stderr)")
    let status = try store.run(["status", "--format", "json"]).stdout
    let terms = try String(contentsOf: CLI.root.appendingPathComponent("Fixtures/discovery/terms.yaml"), encoding: .utf8)
    let ids = status.matches(of: /"id" : "([A-Z0-9]+-[0-9]+)"/).map { String($0.1) }
    #expect(ids.count == 54)
    for id in ids { #expect(terms.contains("recommendation: \(id)\n"), "\(id) has terms") }
  }
}

/// The public pages a sweep names for the five sources (`DiscoverySource.searchPage`).
enum DiscoverySourcePages {
  static let all = [
    "https://questions-statements.parliament.uk/", "https://bills.parliament.uk/", "https://www.gov.uk/search/all",
    "https://www.legislation.gov.uk/new", "https://hansard.parliament.uk/",
  ]
}
