import ArgumentParser
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

extension IICSA {
  /// Validates statement files without writing anything.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check statement, catalogue and correction files against every rule, without recording them.",
      discussion: """
        Checks the files as if they were imported into the store: every field, every reference,
        duplicate ids, and the rules replayed over the whole history. Files already recorded with
        the same content pass. Also refuses a file of the bundled record that has changed since a
        release shipped it, and two corrections of one event that disagree. Prints nothing and
        exits 0 when all is well; otherwise lists every problem with its file and line and exits 1. \
        Warns, without failing, of a source too weak to carry a fact alone: a search or listing page, \
        or a site's home page; a status change whose only source is an AI-assisted tracker is refused.
        """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Folders or files to check.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Also list recommendations with no statement and no search of the sources (sweep) for more than --days days.")
    var stale = false

    @Option(help: "The staleness threshold in days.")
    var days = 180

    func validate() throws {
      if paths.isEmpty { throw ValidationError("Name at least one folder or file to check.") }
      if days < 1 { throw ValidationError("--days must be at least 1.") }
    }

    func run() throws {
      let (problems, warnings, tracker) = try check(replaying: stale)
      for warning in warnings { printError("Warning: \(warning)") }
      if let tracker { print(staleReport(tracker), terminator: "") }
      if !problems.isEmpty {
        throw CommandError(
          problems.map(\.description).joined(separator: "\n") + "\n\(problems.count) problem(s) found.")
      }
    }

    /// Every problem found, the warnings about weak sources, and, when `replaying` (for
    /// `--stale`), the record replayed with the files that passed: the judging needs no replay of
    /// the log, so a plain check reads none.
    func check(replaying: Bool) throws -> ([InputError], [InputError], Tracker?) {
      let files = try self.files()
      var problems: [InputError] = []
      let manifests = try ReleaseManifest.bundled()
      problems += files.compactMap { ReleaseManifest.changedSinceRelease($0, manifests: manifests) }
      let read = RecordFilesReader.readEach(files)
      problems += read.errors
      let warnings = Self.weakSources(in: read.files)
      problems += Self.disagreeingCorrections(read.files)
      // Judged by the store's own append, in a write transaction that is always rolled back:
      // the same rules, in the same order, as `record` would apply. Nothing is written.
      let log = try store.open(.readWrite)
      let now = Clock.now()
      let new = read.files.events()
      let refused = try log.trial(new, now: now)
      problems += refused.map { located($0.error, read.files) }
      guard replaying else { return (problems, warnings, nil) }
      let events = try log.events(knownAt: nil)
      let rejected = Set(refused.map(\.id))
      let known = Set(events.map(\.id))
      let accepted = new.filter { !rejected.contains($0.id) && !known.contains($0.id) }.enumerated().map { offset, event in
        Event(sequence: events.count + offset + 1, id: event.id, recordedAt: event.recordedAt ?? now, payload: event.payload)
      }
      let tracker = try Tracker.replay(events + accepted)
      return (problems, warnings, tracker)
    }

    /// The files named: each file, and every record file in each folder.
    func files() throws -> [String] {
      var files: [String] = []
      for path in paths {
        do {
          files += try RecordFiles.paths(in: path)
        } catch {
          files.append(path)
        }
      }
      return files
    }

    /// A warning for each source too weak to carry a fact on its own (`SourceQuality`), at the
    /// line of the file that first gives it: a search or listing page, or a site's home page. A
    /// sweep's sources are the places searched, which are such pages: they carry no fact.
    static func weakSources(in files: RecordFiles) -> [InputError] {
      var warnings: [InputError] = []
      for item in files.items {
        if case .sweep = item { continue }
        var seen: Set<String> = []
        let weak = item.sourceURLs.filter { seen.insert($0).inserted && SourceQuality($0).warning != nil }
        guard !weak.isEmpty else { continue }
        let lines = ((try? InputFile.text(at: item.path, maximumBytes: CSVStatementFile.maximumBytes, what: "text", sizeHint: "")) ?? "")
          .split(separator: "\n", omittingEmptySubsequences: false)
        for url in weak {
          let line = lines.firstIndex { $0.contains(url) }.map { $0 + 1 }
          warnings.append(InputError(file: item.path, line: line, message: "the source '\(url)' \(SourceQuality(url).warning ?? "")"))
        }
      }
      return warnings
    }

    /// A second correction file of an event that another one corrects differently, with nothing
    /// to order them: which of them stands would depend on the order the files were read in. Two
    /// that give different `recorded_at` times are in order (files enter the log by that time),
    /// and the later stands: how a correction that shipped is itself corrected.
    static func disagreeingCorrections(_ files: RecordFiles) -> [InputError] {
      var first: [EventID: CorrectionFile] = [:]
      var problems: [InputError] = []
      for case .correction(let file) in files.items {
        guard let earlier = first[file.correction.target] else {
          first[file.correction.target] = file
          continue
        }
        if let before = earlier.recordedAt, let after = file.recordedAt, before != after {
          first[file.correction.target] = before < after ? file : earlier
          continue
        }
        if earlier.correction.replacement != file.correction.replacement {
          problems.append(
            InputError(
              file: file.path, line: file.line,
              message: "corrects '\(file.correction.target)', as \(earlier.path) does, but differently, and nothing orders the two",
              hint: "Keep one, with every fix in it; or give each a different 'recorded_at', and the later one stands."))
        }
      }
      return problems
    }

    private func located(_ error: StoreError, _ files: RecordFiles) -> InputError {
      (files.locate(error) as? InputError) ?? InputError(file: "?", message: error.description)
    }

    func staleReport(_ tracker: Tracker) -> String {
      let report = StalenessReport(tracker, today: Clock.now().day, days: days)
      if report.rows.isEmpty {
        return "No recommendation has gone more than \(days) days without a statement or a search of the sources.\n"
      }
      return "\(report.rows.count) recommendation(s) with no statement and no search of the sources for more than \(days) days:\n\n"
        + TextTable(
          headers: ["ID", "TITLE", "LAST STATEMENT", "CHECKED THROUGH", "DAYS"],
          rows: report.rows.map {
            [$0.id.description, Escape.terminal($0.title), $0.lastStatement.description, $0.checkedThrough?.description ?? "never", String($0.days)]
          },
          flexibleColumn: 1
        ).render()
    }
  }
}

/// Reads files one by one, keeping the good ones and every error.
enum RecordFilesReader {
  static func readEach(_ paths: [String]) -> (files: RecordFiles, errors: [InputError]) {
    do {
      return (try RecordFiles.read(paths), [])
    } catch {
      let bad = Set(error.errors.map(\.file))
      let good = (try? RecordFiles.read(paths.filter { !bad.contains($0) })) ?? RecordFiles(items: [])
      return (good, error.errors)
    }
  }
}
