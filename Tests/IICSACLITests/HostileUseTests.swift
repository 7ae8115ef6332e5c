import Foundation
import GRDB
import Testing

@testable import iicsa

/// The third round of hostile use (issue 23), through the binary where a user meets each case:
/// output folders that are not the tool's, input that could never be undone, work without bound,
/// and outputs that must stay inert. Every data-loss case checks that each file that was there
/// before is still there, byte for byte.
@Suite struct HostileUseTests {
  /// A folder laid out as a user's: a store, notes, and whatever a case adds. Commands run from
  /// inside it (`--out ""` once meant the current folder), with `HOME` inside it too.
  final class Workspace: Sendable {
    let folder: String
    var store: String { folder + "/tracker.sqlite" }
    var home: String { folder + "/home" }

    init() throws {
      // Resolved: /tmp may be a link, and messages name the real folder.
      let base = NSTemporaryDirectory() + "iicsa-hostile-" + UUID().uuidString
      try FileManager.default.createDirectory(atPath: base + "/home", withIntermediateDirectories: true)
      folder = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
      try Data("my notes\n".utf8).write(to: URL(fileURLWithPath: folder + "/notes.txt"))
      #expect(try run(["init", "--db", store]).status == 0)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Runs `iicsa` from the workspace; a command still running after `timeout` seconds is
    /// killed and reported as hung (status -1).
    func run(_ arguments: [String], timeout: TimeInterval = 120, environment: [String: String]? = nil) throws -> Child.Outcome {
      let process = Process()
      process.executableURL = CLI.binary
      process.arguments = arguments
      process.currentDirectoryURL = URL(fileURLWithPath: folder)
      process.environment = environment ?? ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": home, "IICSA_DB": store]
      let out = folder + "/.out-\(UUID().uuidString)"
      let err = folder + "/.err-\(UUID().uuidString)"
      FileManager.default.createFile(atPath: out, contents: nil)
      FileManager.default.createFile(atPath: err, contents: nil)
      defer {
        try? FileManager.default.removeItem(atPath: out)
        try? FileManager.default.removeItem(atPath: err)
      }
      process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
      process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
      process.standardInput = FileHandle.nullDevice
      try process.run()
      let deadline = Date().addingTimeInterval(timeout)
      while process.isRunning && Date() < deadline { usleep(20_000) }
      let hung = process.isRunning
      if hung { kill(process.processIdentifier, SIGKILL) }
      process.waitUntilExit()
      return Child.Outcome(
        status: hung ? -1 : process.terminationStatus,
        signalled: !hung && process.terminationReason == .uncaughtSignal,
        stdout: (try? String(contentsOfFile: out, encoding: .utf8)) ?? "",
        stderr: (try? String(contentsOfFile: err, encoding: .utf8)) ?? "")
    }

    func write(_ text: String, to name: String) throws -> String {
      let path = folder + "/" + name
      try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      return path
    }

    /// Every entry under the workspace (links not followed) with its bytes or link target,
    /// leaving out the runner's own output files.
    func snapshot(of root: String? = nil) -> [String: Data] {
      let root = root ?? folder
      var found: [String: Data] = [:]
      let manager = FileManager.default
      func visit(_ relative: String) {
        let path = relative.isEmpty ? root : root + "/" + relative
        for name in (try? manager.contentsOfDirectory(atPath: path)) ?? [] where !name.hasPrefix(".out-") && !name.hasPrefix(".err-") {
          let inner = relative.isEmpty ? name : relative + "/" + name
          let full = root + "/" + inner
          let type = (try? manager.attributesOfItem(atPath: full))?[.type] as? FileAttributeType
          if type == .typeSymbolicLink {
            found[inner] = Data(("link → " + ((try? manager.destinationOfSymbolicLink(atPath: full)) ?? "")).utf8)
          } else if type == .typeDirectory {
            found[inner + "/"] = Data()
            visit(inner)
          } else if type == .typeRegular {
            found[inner] = manager.contents(atPath: full) ?? Data()
          } else {
            found[inner] = Data("special".utf8)
          }
        }
      }
      visit("")
      return found
    }
  }

  static func refused(_ outcome: Child.Outcome, saying words: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(outcome.status == 1 || outcome.status == 64, "exit \(outcome.status): \(outcome.stderr)", sourceLocation: sourceLocation)
    #expect(!outcome.signalled, "trapped: \(outcome.stderr)", sourceLocation: sourceLocation)
    #expect(outcome.stderr.contains(words), "\(outcome.stderr)", sourceLocation: sourceLocation)
    #expect(!outcome.stderr.contains("Fatal error"), sourceLocation: sourceLocation)
  }

  // MARK: Output folders are the tool's only where it made them

  @Test(arguments: ["", " ", ".", "./", "sub/..", "~", "~/", "home", "/"])
  func aSiteIsNeverWrittenOverTheCurrentHomeOrRootFolder(_ out: String) throws {
    let space = try Workspace()
    _ = try space.write("x", to: "sub/keep.txt")
    let before = space.snapshot()
    let result = try space.run(["site", "--out", out])
    Self.refused(result, saying: "Nothing was written")
    #expect(space.snapshot() == before, "site --out '\(out)' changed the user's files")
  }

  @Test func aSiteIsNeverWrittenOverTheFolderOfTheStoreItReads() throws {
    let space = try Workspace()
    try FileManager.default.createDirectory(atPath: space.folder + "/pub", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: space.store, toPath: space.folder + "/pub/tracker.sqlite")
    let before = space.snapshot()
    let result = try space.run(["site", "--db", "pub/tracker.sqlite", "--out", "pub"])
    Self.refused(result, saying: "holds the store this command reads")
    #expect(space.snapshot() == before)
    // Nor a folder that holds it further down.
    Self.refused(try space.run(["site", "--db", "pub/tracker.sqlite", "--out", "."]), saying: "current folder")
  }

  @Test func rebuildingASiteKeepsTheUsersOwnFiles() throws {
    let space = try Workspace()
    #expect(try space.run(["site", "--out", "site"]).status == 0)
    _ = try space.write("tracker.example.org\n", to: "site/CNAME")
    _ = try space.write("ref: refs/heads/main\n", to: "site/.git/HEAD")
    _ = try space.write("mine\n", to: "site/recommendations/my-notes.md")
    try FileManager.default.copyItem(atPath: space.store, toPath: space.folder + "/site/tracker.sqlite")
    try FileManager.default.createSymbolicLink(atPath: space.folder + "/site/latest", withDestinationPath: "months")
    let users = space.snapshot(of: space.folder + "/site").filter {
      ["CNAME", ".git/", ".git/HEAD", "recommendations/my-notes.md", "tracker.sqlite", "latest"].contains($0.key)
    }
    #expect(users.count == 6)
    let rebuilt = try space.run(["site", "--out", "site"])
    #expect(rebuilt.status == 0, "\(rebuilt.stderr)")
    let after = space.snapshot(of: space.folder + "/site")
    for (path, bytes) in users { #expect(after[path] == bytes, "\(path) was not kept byte for byte") }
    #expect(try space.run(["verify", "--manifest", "site/MANIFEST"]).status == 0)
    // The user's files are still theirs: a third build keeps them again.
    #expect(try space.run(["site", "--out", "site"]).status == 0)
    #expect(space.snapshot(of: space.folder + "/site")["CNAME"] == users["CNAME"])
  }

  /// A file of the user's where the new site would put one of its own: the build is refused
  /// after it was written beside the site, and the folder it was written in is removed, leaving
  /// the old site and the user's file byte for byte, and nothing beside them.
  @Test func aUsersFileWhereTheNewSiteHasOneRefusesTheBuildAndKeepsEverything() throws {
    let space = try Workspace()
    #expect(try space.run(["site", "--out", "site"]).status == 0)
    _ = try space.write("my own sitemap\n", to: "site/sitemap.xml")
    let before = space.snapshot()
    let result = try space.run(["site", "--out", "site", "--base-url", "https://example.org/tracker/"])
    Self.refused(result, saying: "sitemap.xml was not written by iicsa, and the new site has a file of that name")
    #expect(space.snapshot() == before, "a refused build changed or left files")
  }

  @Test func aSiteIsWrittenThroughALinkNeverOverIt() throws {
    let space = try Workspace()
    #expect(try space.run(["site", "--out", "real"]).status == 0)
    try FileManager.default.createSymbolicLink(atPath: space.folder + "/link", withDestinationPath: "real")
    _ = try space.write("x\n", to: "real/CNAME")
    let result = try space.run(["site", "--out", "link"])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: space.folder + "/link") == "real")
    #expect(FileManager.default.contents(atPath: space.folder + "/real/CNAME") == Data("x\n".utf8))
    #expect(try space.run(["verify", "--manifest", "link/MANIFEST"]).status == 0)
  }

  @Test func anExportNeverReplacesAFileItDidNotWrite() throws {
    let space = try Workspace()
    _ = try space.write("my own sheet\n", to: "out/status.csv")
    let before = space.snapshot()
    let result = try space.run(["export", "--month", "2025-06", "--out", "out", "--force"])
    Self.refused(result, saying: "holds status.csv, which no earlier export there wrote")
    #expect(space.snapshot() == before)
    // Over its own earlier export, --force replaces it; through a link, into the link's folder.
    #expect(try space.run(["export", "--month", "2025-06", "--out", "first"]).status == 0)
    #expect(try space.run(["export", "--month", "2025-07", "--out", "first", "--force"]).status == 0)
    try FileManager.default.createSymbolicLink(atPath: space.folder + "/to-first", withDestinationPath: "first")
    #expect(try space.run(["export", "--month", "2025-06", "--out", "to-first", "--force"]).status == 0)
    #expect(try FileManager.default.destinationOfSymbolicLink(atPath: space.folder + "/to-first") == "first")
    Self.refused(try space.run(["export", "--month", "2025-06", "--out", ""]), saying: "--out is empty")
  }

  /// The default store is under `$HOME`, as the shell means it: Foundation's home folder comes
  /// from the password database, so `HOME=… iicsa status` once wrote into the real home.
  @Test func theDefaultStoreIsUnderHOME() throws {
    let space = try Workspace()
    let result = try space.run(["status"], environment: ["PATH": "/usr/bin:/bin", "NO_COLOR": "1", "HOME": space.home])
    #expect(result.status == 0, "\(result.stderr)")
    #expect(result.stderr.contains("Created \(space.home)/.local/share/iicsa/tracker.sqlite"), "\(result.stderr)")
    #expect(FileManager.default.fileExists(atPath: space.home + "/.local/share/iicsa/tracker.sqlite"))
  }

  @Test func newFilesRefuseAnEmptyNameAndAFolder() throws {
    let space = try Workspace()
    let before = space.snapshot()
    Self.refused(try space.run(["key", "new", "--out", ""]), saying: "--out is empty")
    Self.refused(try space.run(["checkpoint", "--out", ""]), saying: "--out is empty")
    Self.refused(try space.run(["new", "statement", "--out", ""]), saying: "--out is empty")
    Self.refused(try space.run(["new", "statement", "--out", "home"]), saying: "is a folder")
    #expect(space.snapshot() == before)
  }

  // MARK: Nothing irreversible from input

  static func statement(id: String, date: String, extra: String = "", url: String = "https://www.gov.uk/a") -> String {
    """
    id: \(id)
    date: \(date)
    speaker: A Minister
    role: Minister
    kind: written_answer
    title: A title
    summary: A summary.
    sources: [{url: "\(url)", publisher: Example}]
    reaffirms: [IICSA-13]
    \(extra)
    """
  }

  @Test func aRecordingTimeOrDateToComeIsRefused() throws {
    let space = try Workspace()
    let before = try space.run(["verify"]).stdout
    let far = try space.write(
      Self.statement(id: "2026-01-05-far", date: "2026-01-05", extra: "recorded_at: 9999-12-31T23:59:59Z"), to: "far.yaml")
    Self.refused(try space.run(["record", far]), saying: "after the moment it is recorded")
    let future = try space.write(
      Self.statement(id: "9000-01-05-future", date: "9000-01-05", extra: "recorded_at: 9000-01-06T00:00:00Z"), to: "future.yaml")
    Self.refused(try space.run(["record", future]), saying: "after the moment it is recorded")
    let undated = try space.write(Self.statement(id: "9000-01-05-undated", date: "9000-01-05"), to: "undated.yaml")
    Self.refused(try space.run(["record", undated]), saying: "is dated 9000-01-05, after it was recorded")
    let catalogue = try space.write(
      """
      id: later-2099
      prefix: LATER
      title: A report to come
      author: Nobody yet
      published: 2099-01-01
      url: https://www.gov.uk/later
      recommendations:
        - number: 1
          title: One
          text: Do one thing.
          addressed_to: [UK government]
          sources: [{url: "https://www.gov.uk/later/1", publisher: Example}]
      """, to: "later.yaml")
    Self.refused(try space.run(["record", catalogue]), saying: "published on 2099-01-01, after it is recorded")
    #expect(try space.run(["verify"]).stdout == before, "the log changed")
    // A genuine statement still goes in, stamped now.
    #expect(try space.run(["record", try space.write(Self.statement(id: "2026-01-05-ok", date: "2026-01-05"), to: "ok.yaml")]).status == 0)
  }

  @Test(arguments: [
    ("bidi", "Wrong \u{202E}date", "bidirectional override"),
    ("escape", "Wrong \u{1B}[2Jdate", "control character"),
    ("long", String(repeating: "a", count: 20_000), "characters long"),
  ])
  func aCorrectionsReasonIsHeldToTheTextRules(_ kind: String, _ reason: String, _ words: String) throws {
    let space = try Workspace()
    let before = try space.run(["verify"]).stdout
    let result = try space.run(["correct", "iicsa-2022", "--reason", reason])
    Self.refused(result, saying: words)
    #expect(!result.stderr.contains("\u{1B}") && !result.stderr.contains("\u{202E}"), "\(kind) reached the terminal")
    #expect(try space.run(["verify"]).stdout == before)
  }

  /// Unicode's case mapping folds a dotless ı and a long ſ into I and S, and a Kelvin sign into k.
  @Test(arguments: ["i\u{131}csa-13", "iic\u{17F}a-13", "I\u{131}CSA-13", "IIC\u{17F}A-13", "\u{FF29}ICSA-13", "IICSA-1\u{17F}"])
  func aLookAlikeIdIsNeverFoldedIntoARealOne(_ id: String) throws {
    let space = try Workspace()
    let show = try space.run(["show", id])
    #expect(show.status != 0 && !show.signalled, "show \(id) found a recommendation: \(show.stdout)")
    #expect(show.stdout.isEmpty)
    let file = try space.write(
      Self.statement(id: "2026-01-05-lookalike", date: "2026-01-05").replacingOccurrences(of: "[IICSA-13]", with: "[\(id)]"),
      to: "lookalike.yaml")
    Self.refused(try space.run(["record", file]), saying: "is not a recommendation id")
    // Ids of events too: the Kelvin sign is not a k.
    let before = try space.run(["verify"]).stdout
    let lookalike = "2015-02-26-pic\u{212A}les-appoints-rotherham-commissioners"
    Self.refused(try space.run(["correct", lookalike, "--reason", "x"]), saying: "is invalid for '<event-id>'")
    #expect(try space.run(["verify"]).stdout == before, "a look-alike id corrected a real event")
  }

  @Test func yamlNullIsNoValueNeverTheWordNull() throws {
    let space = try Workspace()
    let absent = try space.write(Self.statement(id: "2026-01-05-null-note", date: "2026-01-05", extra: "note: null\nconfidence: ~"), to: "a.yaml")
    #expect(try space.run(["record", absent]).status == 0)
    let shown = try space.run(["show", "IICSA-13", "--format", "json"])
    #expect(!shown.stdout.contains("\"null\"") && !shown.stdout.contains("\"~\""), "\(shown.stdout)")
    let required = try space.write(
      Self.statement(id: "2026-01-06-null-speaker", date: "2026-01-06").replacingOccurrences(of: "speaker: A Minister", with: "speaker: ~"),
      to: "b.yaml")
    Self.refused(try space.run(["record", required]), saying: "'speaker' holds YAML's null")
  }

  @Test(arguments: [
    "http://192.168.1.1/answer", "https://999.999.999.999/", "https://[::1]/x", "https://localhost/x", "https://gov.123/x",
  ])
  func aSourceMustBeAPublicName(_ url: String) throws {
    let space = try Workspace()
    let file = try space.write(Self.statement(id: "2026-01-05-ip", date: "2026-01-05", url: url), to: "ip.yaml")
    Self.refused(try space.run(["record", file]), saying: "host")
  }

  // MARK: Bounded work

  @Test func oneStatementWithAHundredThousandSourceRowsIsReadInLinearTime() throws {
    let space = try Workspace()
    var sheet = "statement_id,date,speaker,role,kind,title,summary,entry,recommendation,source_url,source_publisher\r\n"
    sheet += "2026-01-05-many,2026-01-05,A Minister,Minister,written_answer,Many,Many sources.,reaffirm,IICSA-13,https://www.gov.uk/0,GOV.UK\r\n"
    for row in 1..<100_000 { sheet += "2026-01-05-many,,,,,,,source,,https://www.gov.uk/\(row),GOV.UK\r\n" }
    let path = try space.write(sheet, to: "many.csv")
    // No time is asserted (benchmarks measure speed); a quadratic read took 173 s here and
    // would make this suite crawl. The statement is judged whole either way.
    let check = try space.run(["check", path], timeout: 600)
    #expect(check.status == 0 && !check.signalled, "\(check.stderr)")
  }

  @Test func aLinkToAHugeFileIsRefusedBeforeItIsRead() throws {
    let space = try Workspace()
    let huge = space.folder + "/huge.yaml"
    FileManager.default.createFile(atPath: huge, contents: nil)
    let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
    try handle.truncate(atOffset: 200 << 20)  // sparse: no disk is spent
    try handle.close()
    try FileManager.default.createSymbolicLink(atPath: space.folder + "/link.yaml", withDestinationPath: huge)
    Self.refused(try space.run(["check", "link.yaml"]), saying: "over the limit")
    try FileManager.default.createSymbolicLink(atPath: space.folder + "/link.csv", withDestinationPath: huge)
    Self.refused(try space.run(["record", "link.csv"]), saying: "over the limit")
  }

  @Test func aStoreThatIsNotAFileIsRefusedWithoutWaiting() throws {
    let space = try Workspace()
    #expect(mkfifo(space.folder + "/fifo", 0o600) == 0)
    for command in [["status"], ["rebuild"], ["verify"]] {
      let result = try space.run(command + ["--db", "fifo"], timeout: 30)
      #expect(result.status != -1, "\(command) hung on a FIFO")
      Self.refused(result, saying: "is a FIFO (named pipe), not a store file")
    }
    Self.refused(try space.run(["status", "--db", "/dev/null"]), saying: "is a device, not a store file")
    Self.refused(try space.run(["status", "--db", ""]), saying: "--db is empty")
    // A quoted ~ once reached Foundation, which trapped on it (SIGILL) or read it as the home folder.
    for path in ["~", "~/", "~/tracker.sqlite"] {
      Self.refused(try space.run(["status", "--db", path]), saying: "that the shell did not expand")
      Self.refused(try space.run(["checkpoint", "--out", path]), saying: "that the shell did not expand")
    }
    // A FIFO given as a file to read is refused too, not waited on.
    let check = try space.run(["check", "fifo"], timeout: 30)
    #expect(check.status != -1, "check hung on a FIFO")
    Self.refused(check, saying: "is not a regular file")
  }

  // MARK: Outputs escape by construction

  @Test func markdownLinksStayLinksWhateverTheURLHolds() throws {
    let space = try Workspace()
    let url = "https://www.gov.uk/x\"><script>alert(1)</script>\\"
    let file = try space.write(Self.statement(id: "2026-01-05-markup", date: "2026-01-05", url: url.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")), to: "m.yaml")
    let recorded = try space.run(["record", file])
    #expect(recorded.status == 0, "\(recorded.stderr)")
    #expect(try space.run(["show", "IICSA-13", "--format", "md"]).stdout.contains("(<https://www.gov.uk/x\"%3E%3Cscript%3Ealert(1)%3C/script%3E%5C>)"))
    for command in [["show", "IICSA-13"], ["timeline"], ["alerts"], ["diff", "--from", "2025-12-01", "--to", "2026-02-01"]] {
      let result = try space.run(command + ["--format", "md"])
      #expect(result.status == 0, "\(command): \(result.stderr)")
      #expect(!result.stdout.contains("<script"), "\(command) --format md wrote live markup")
    }
  }

  @Test func verifyManifestChecksOnlyTheFoldersOwnFiles() throws {
    let space = try Workspace()
    #expect(try space.run(["export", "--month", "2025-06", "--out", "real"]).status == 0)
    // A folder of links to a genuine export, with its MANIFEST copied: it must not pass.
    try FileManager.default.createDirectory(atPath: space.folder + "/links", withIntermediateDirectories: true)
    for name in try FileManager.default.contentsOfDirectory(atPath: space.folder + "/real") where name != "MANIFEST" {
      try FileManager.default.createSymbolicLink(atPath: space.folder + "/links/" + name, withDestinationPath: "../real/" + name)
    }
    try FileManager.default.copyItem(atPath: space.folder + "/real/MANIFEST", toPath: space.folder + "/links/MANIFEST")
    let result = try space.run(["verify", "--manifest", "links/MANIFEST"])
    #expect(result.status == 3, "\(result.stderr)")
    #expect(result.stderr.contains("status.csv is not a file of"), "\(result.stderr)")
    #expect(try space.run(["verify", "--manifest", "real/MANIFEST"]).status == 0)
  }

  /// The documented round trip (timeline's CSV read back as statements) keeps every text,
  /// including one that starts with the apostrophe a spreadsheet uses before a formula.
  @Test(arguments: ["'=SUM(A1)", "''=1+1", "=1+1", "'plain", "-minus", "'@home"])
  func aTextSurvivesTheCSVRoundTrip(_ title: String) throws {
    let space = try Workspace()
    let file = try space.write(
      Self.statement(id: "2026-01-05-quote", date: "2026-01-05")
        .replacingOccurrences(of: "title: A title", with: "title: \"\(title)\""), to: "q.yaml")
    #expect(try space.run(["record", file]).status == 0)
    let csv = try space.run(["timeline", "--from", "2026-01-05", "--to", "2026-01-05", "--format", "csv"])
    #expect(csv.status == 0, "\(csv.stderr)")
    let sheet = try space.write(csv.stdout, to: "timeline.csv")
    let read = try CSVStatementFile.read(sheet).first { $0.statement.id.rawValue == "2026-01-05-quote" }
    #expect(read?.statement.title == title, "\(csv.stdout)")
  }

  /// `check` warns of a source that cannot carry the words (a search or listing page, a home
  /// page) and still passes; a status change resting only on an AI-assisted tracker is refused.
  @Test func checkWarnsOfWeakSources() throws {
    let space = try Workspace()
    let search = try space.write(
      Self.statement(id: "2026-01-05-search", date: "2026-01-05", url: "https://hansard.parliament.uk/search?searchTerm=abuse&page=2"),
      to: "search.yaml")
    let home = try space.write(Self.statement(id: "2026-01-06-home", date: "2026-01-06", url: "https://www.gov.uk/"), to: "home.yaml")
    let page = try space.write(
      Self.statement(id: "2026-01-07-page", date: "2026-01-07", url: "https://questions-statements.parliament.uk/written-questions/detail/2026-01-07/1234"),
      to: "page.yaml")
    let result = try space.run(["check", search, home, page])
    #expect(result.status == 0, "\(result.stderr)")
    try CLI.assertGolden(result.stderr.replacingOccurrences(of: space.folder, with: "$DIR"), "errors/weak-sources.txt")
    #expect(!result.stderr.contains("page.yaml"))
  }

  // MARK: verify hashes the bytes the store holds

  /// A decoder turns every invalid byte into U+FFFD, so a verify that hashed decoded text could
  /// not tell one invalid byte from another. The bytes are hashed as stored, and a stored text
  /// that is not UTF-8 is refused by name, whichever invalid byte it holds.
  @Test(arguments: ["FF", "FE", "C3"])
  func verifyRefusesAPayloadThatIsNotUTF8(_ byte: String) throws {
    let store = try TamperTests.tamperedStore()
    try TamperTests.execute(
      "UPDATE event SET payload = CAST(replace(payload, 'Said something', 'Said ' || CAST(X'\(byte)' AS TEXT) || 'something') AS TEXT) WHERE sequence = 10",
      on: store.path)
    let verify = try Child.run(["verify", "--db", store.path], folder: store.folder)
    #expect(verify.status == 3, "\(verify.stdout)\(verify.stderr)")
    #expect(verify.stderr.contains("event 10 ('tamper-0008') cannot be read: its payload holds bytes that are not valid UTF-8"), "\(verify.stderr)")
    #expect(!verify.signalled)
  }

  // MARK: Messages that say what is wrong and what to do

  /// Each command line a careless or hostile user might type, with what iicsa says, pinned in
  /// Golden/errors/command-lines.txt (the workspace's folder written as $DIR).
  @Test func theMessagesOfHostileCommandLinesArePinned() throws {
    let space = try Workspace()
    try FileManager.default.createDirectory(atPath: space.folder + "/pub", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: space.store, toPath: space.folder + "/pub/tracker.sqlite")
    #expect(mkfifo(space.folder + "/fifo", 0o600) == 0)
    #expect(try space.run(["key", "new", "--out", "publisher"]).status == 0)
    try FileManager.default.copyItem(atPath: space.folder + "/publisher", toPath: space.folder + "/shared-key")
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: space.folder + "/shared-key")
    try FileManager.default.createSymbolicLink(atPath: space.folder + "/key-link", withDestinationPath: "shared-key")
    _ = try space.write("my own sheet\n", to: "out/status.csv")
    // A store whose own catalogue took the bundled record's id.
    let own = space.folder + "/own.sqlite"
    #expect(try space.run(["init", "--empty", "--db", own]).status == 0)
    let catalogue = try space.write(
      """
      id: iicsa-2022
      prefix: MINE
      title: My own reading of the report
      author: Me
      published: 2022-10-20
      url: https://www.iicsa.org.uk/
      recommendations:
        - number: 1
          title: One
          text: Do one thing.
          addressed_to: [UK government]
          sources: [{url: "https://www.iicsa.org.uk/1", publisher: IICSA}]
      """, to: "own.yaml")
    #expect(try space.run(["record", "--db", own, catalogue]).status == 0)
    let lines: [[String]] = [
      ["site", "--out", ""],
      ["site", "--out", "."],
      ["site", "--db", "pub/tracker.sqlite", "--out", "pub"],
      ["export", "--month", "2025-06", "--out", "out", "--force"],
      ["key", "new", "--out", ""],
      ["status", "--db", ""],
      ["status", "--db", "/dev/null"],
      ["status", "--db", "fifo"],
      ["check", "fifo"],
      ["checkpoint", "--key", "publisher.pub"],
      ["checkpoint", "--key", "key-link"],
      ["verify", "--checkpoint", "fifo", "--key", "publisher"],
      ["verify", "--checkpoint", "fifo", "--key", "publisher.pub"],
      ["status", "--as-of", "-2026-01-01"],
      ["correct", "iicsa-2022", "--reason", "Wrong \u{1B}[2Jdate"],
      ["show", "I\u{131}CSA-13"],
      ["import", "--bundled", "--db", own],
    ]
    var text = ""
    for line in lines {
      let result = try space.run(line, timeout: 60)
      #expect(!result.signalled && result.status > 0, "\(line): \(result.status)")
      text += "$ iicsa " + line.map { $0.isEmpty ? "''" : Escape.terminal($0) }.joined(separator: " ") + "\n"
      text += result.stderr + "exit \(result.status)\n\n"
    }
    try CLI.assertGolden(text.replacingOccurrences(of: space.folder, with: "$DIR"), "errors/command-lines.txt")
  }
}
