import ArgumentParser
import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog

extension IICSA {
  /// Starts a new file of the record.
  struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Start a new file of the record to fill in.",
      subcommands: [NewStatement.self, NewSweep.self])
  }

  /// Writes the skeleton of a new statement.
  struct NewStatement: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "statement",
      abstract: "Write the YAML skeleton of a new statement, to fill in and record.",
      discussion: """
        Every field comes with a comment saying what goes there; TODO marks what only the source can \
        say, and `iicsa check FILE` lists the fields that still say TODO. For each --recommendation, \
        the skeleton lists a change with the recommendation's current position and stage, read from \
        the store. Writes to standard output unless --out is given; --out never overwrites a file.
        """)

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("recommendation"), help: ArgumentHelp("A recommendation the statement changes (repeatable).", valueName: "id"))
    var recommendations: [String] = []

    @Option(help: ArgumentHelp("The statement's date (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var date: String?

    @Option(help: ArgumentHelp("A few words for the id after the date: lower-case letters, digits and '-'.", valueName: "words"))
    var slug = "new-statement"

    @Option(help: ArgumentHelp("Write the skeleton to this new file.", valueName: "file"))
    var out: String?

    func run() throws {
      let today = Clock.now().day
      guard let day = date.map(Day.init(iso:)) ?? today else {
        throw ValidationError("--date '\(date ?? "")' is not a real date as YYYY-MM-DD.")
      }
      guard let id = EventID("\(day)-\(slug)") else {
        throw ValidationError("--slug '\(slug)' must be lower-case letters, digits and '-', starting with a letter or digit.")
      }
      let ids = try RecommendationList.parse(recommendations)
      var named: [StatementSkeleton.Named] = []
      if !ids.isEmpty {
        let tracker = try store.open(.readOnly).snapshot(knownAt: nil) { try $0.tracker(asOf: today) }
        for id in ids {
          guard let state = tracker.states[id] else {
            throw CommandError("\(id) is not a recommendation of the record. `iicsa status` lists them.")
          }
          named.append(StatementSkeleton.Named(id: id, title: state.recommendation.title, status: state.status))
        }
      }
      let text = StatementSkeleton.render(id: id, date: day, named: named, asOf: today)
      guard let out else {
        print(text, terminator: "")
        return
      }
      try UserFile.create(out, text: text, mode: 0o644)
      print("Wrote \(out). Fill in each TODO, then run `iicsa check \(out)`.")
    }
  }
}

extension IICSA {
  /// Writes the skeleton of a new sweep.
  struct NewSweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sweep",
      abstract: "Write the YAML skeleton of a sweep: that the sources were searched, through a day.",
      discussion: """
        Lists every recommendation of the store (or those given with --recommendation), each with the \
        day it was last checked through, for you to keep the ones searched for; TODO marks what only \
        the person who searched can say. Writes to standard output unless --out is given; --out never \
        overwrites a file.
        """)

    @OptionGroup var store: StoreOptions

    @Option(name: .customLong("recommendation"), help: ArgumentHelp("A recommendation searched for (repeatable; default: every one).", valueName: "id"))
    var recommendations: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("The first day searched (default: none).", valueName: "YYYY-MM-DD"))
    var from: Day?

    @Option(parsing: .unconditional, help: ArgumentHelp("The last day searched (default: today, UTC).", valueName: "YYYY-MM-DD"))
    var through: Day?

    @Option(help: ArgumentHelp("A few words for the id after the day: lower-case letters, digits and '-'.", valueName: "words"))
    var slug = "sweep"

    @Option(help: ArgumentHelp("Write the skeleton to this new file.", valueName: "file"))
    var out: String?

    /// The days follow the one rule of every date option (`FutureDates`): a sweep can only claim
    /// days that have passed.
    func validate() throws {
      let now = Clock.now()
      try FutureDates.check("--from", from, now: now)
      try FutureDates.check("--through", through, now: now)
      if let from, let through, from > through { throw ValidationError("--from \(from) is after --through \(through).") }
    }

    func run() throws {
      let today = Clock.now().day
      let end = through ?? today
      if let from, from > end { throw ValidationError("--from \(from) is after --through \(end).") }
      guard let id = EventID("\(today)-\(slug)") else {
        throw ValidationError("--slug '\(slug)' must be lower-case letters, digits and '-', starting with a letter or digit.")
      }
      let ids = try RecommendationList.parse(recommendations)
      let (tracker, sweeps) = try store.open(.readOnly).snapshot(knownAt: nil) { snapshot in
        (try snapshot.tracker(asOf: today), try snapshot.sweeps(through: today))
      }
      let checked = RecordedSweep.latest(of: sweeps)
      let states = ids.isEmpty ? tracker.orderedStates : try ids.map { id in
        guard let state = tracker.states[id] else {
          throw CommandError("\(id) is not a recommendation of the record. `iicsa status` lists them.")
        }
        return state
      }
      let searched = states.map {
        SweepSkeleton.Searched(id: $0.id, title: $0.recommendation.title, checked: checked[$0.id]?.sweep.through)
      }
      let text = SweepSkeleton.render(id: id, from: from, through: end, searched: searched, sources: [])
      guard let out else {
        print(text, terminator: "")
        return
      }
      try UserFile.create(out, text: text, mode: 0o644)
      print("Wrote \(out). Fill in each TODO, then run `iicsa check \(out)`.")
    }
  }
}
