import ArgumentParser
import IICSADomain
import IICSAReports
import IICSAStore

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
        exits 0 when all is well; otherwise lists every problem with its file and line and exits 1.
        """)

    @OptionGroup var store: StoreOptions

    @Argument(help: ArgumentHelp("Folders or files to check.", valueName: "path"))
    var paths: [String]

    @Flag(help: "Also list recommendations with no statement for more than --days days.")
    var stale = false

    @Option(help: "The staleness threshold in days.")
    var days = 180

    func validate() throws {
      if paths.isEmpty { throw ValidationError("Name at least one folder or file to check.") }
      if days < 1 { throw ValidationError("--days must be at least 1.") }
    }

    func run() throws {
      let (problems, tracker) = try check()
      if stale { print(staleReport(tracker), terminator: "") }
      if !problems.isEmpty {
        throw CommandError(
          problems.map(\.description).joined(separator: "\n") + "\n\(problems.count) problem(s) found.")
      }
    }

    /// Every problem found, and the tracker with the files that passed.
    func check() throws -> ([InputError], Tracker) {
      var files: [String] = []
      var problems: [InputError] = []
      for path in paths {
        do {
          files += try RecordFiles.paths(in: path)
        } catch {
          files.append(path)
        }
      }
      let manifests = try ReleaseManifest.bundled()
      problems += files.compactMap { ReleaseManifest.changedSinceRelease($0, manifests: manifests) }
      let read = RecordFilesReader.readEach(files)
      problems += read.errors
      problems += Self.disagreeingCorrections(read.files)
      let log = try store.open(.readOnly)
      let events = try log.events(knownAt: nil)
      var tracker = try Tracker.replay(events)
      var known = Dictionary(uniqueKeysWithValues: events.map { ($0.id, $0.payload) })
      var sequence = events.count
      let lastTime = events.last?.recordedAt
      let now = Clock.now()
      for new in read.files.events() {
        let recordedAt = new.recordedAt ?? max(now, lastTime ?? now)
        if let existing = known[new.id] {
          if existing != new.payload { problems.append(located(.conflictingContent(new.id), read.files)) }
          continue
        }
        if let lastTime, recordedAt < lastTime {
          problems.append(located(.recordedBeforeHead(new.id, recordedAt: recordedAt, head: lastTime), read.files))
          continue
        }
        var next = tracker
        do {
          try next.append(Event(sequence: sequence + 1, id: new.id, recordedAt: recordedAt, payload: new.payload))
          tracker = next
          sequence += 1
          known[new.id] = new.payload
        } catch {
          problems.append(located(.rule(error), read.files))
        }
      }
      return (problems, tracker)
    }

    /// A second correction file of an event that another one corrects differently: which of them
    /// stands would depend on the order they were recorded in.
    static func disagreeingCorrections(_ files: RecordFiles) -> [InputError] {
      var first: [EventID: CorrectionFile] = [:]
      var problems: [InputError] = []
      for case .correction(let file) in files.items {
        guard let earlier = first[file.correction.target] else {
          first[file.correction.target] = file
          continue
        }
        if earlier.correction.replacement != file.correction.replacement {
          problems.append(
            InputError(
              file: file.path, line: file.line,
              message: "corrects '\(file.correction.target)', as \(earlier.path) does, but differently",
              hint: "Two corrections of one event that disagree: keep one, with every fix in it."))
        }
      }
      return problems
    }

    private func located(_ error: StoreError, _ files: RecordFiles) -> InputError {
      (files.locate(error) as? InputError) ?? InputError(file: "?", message: error.description)
    }

    func staleReport(_ tracker: Tracker) -> String {
      let today = Clock.now().day
      let rows = tracker.orderedStates.compactMap { state -> [String]? in
        let last = state.history.last(where: { $0.date >= state.published })?.date ?? state.published
        let age = last.days(until: today)
        guard age > days else { return nil }
        return [state.id.description, Escape.terminal(state.recommendation.title), last.description, String(age)]
      }
      if rows.isEmpty { return "No recommendation has gone more than \(days) days without a statement.\n" }
      return "\(rows.count) recommendation(s) with no statement for more than \(days) days:\n\n"
        + TextTable(headers: ["ID", "TITLE", "LAST STATEMENT", "DAYS"], rows: rows, flexibleColumn: 1).render()
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
