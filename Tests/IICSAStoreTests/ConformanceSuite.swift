import Foundation
import IICSADomain
import IICSAReports
import IICSAStore
import IICSALog
import IICSATestSupport
import Testing

/// The store's promises, written once over `EventLog` so that any backend (SQLite today,
/// PostgreSQL later) can be held to them. Each check returns the violations it found (empty when
/// the promise holds) instead of recording test failures, so that the same check can be run
/// against deliberately broken variants and be seen to fail.
enum Conformance {
  /// One promise of the store.
  enum Promise: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case appendIsAllOrNothing
    case idsAreIdempotent
    case logOrderIsTotalAndGapFree
    case projectionsEqualReplay
    case chainVerifies
    case answersAreStable

    var testDescription: String { rawValue }

    /// Runs the check on a log already holding `Scenario.seed`.
    func check(_ log: some EventLog) -> [String] {
      do {
        switch self {
        case .appendIsAllOrNothing: return try Conformance.appendIsAllOrNothing(log)
        case .idsAreIdempotent: return try Conformance.idsAreIdempotent(log)
        case .logOrderIsTotalAndGapFree: return try Conformance.logOrderIsTotalAndGapFree(log)
        case .projectionsEqualReplay: return try Conformance.projectionsEqualReplay(log)
        case .chainVerifies: return try Conformance.chainVerifies(log)
        case .answersAreStable: return try Conformance.answersAreStable(log)
        }
      } catch {
        return ["\(rawValue): unexpected error \(error)"]
      }
    }
  }

  /// The error an append was refused with; nil when it was accepted.
  static func refusal(
    _ log: some EventLog, _ events: [NewEvent], expecting: LogHead?, now: Timestamp
  ) -> StoreError? {
    do {
      _ = try log.append(events, expecting: expecting, now: now)
      return nil
    } catch {
      return error
    }
  }

  // MARK: the checks

  static func appendIsAllOrNothing(_ log: some EventLog) throws -> [String] {
    var problems: [String] = []
    let before = try log.head()
    let eventsBefore = try log.events(knownAt: nil)
    let statusBefore = try log.status(asOf: Scenario.lastQueryDay)
    let time = Scenario.time(after: eventsBefore)
    let good = NewEvent.recorded(
      Build.statement("aon-good", "2026-03-01", reaffirms: ["CONF-1"]), at: time)
    // Names a recommendation that does not exist: a rule violation in the second event.
    let bad = NewEvent.recorded(
      Build.statement("aon-bad", "2026-03-02", changes: [Build.change("CONF-99", .accepted)]),
      at: time)
    if refusal(log, [good, bad], expecting: nil, now: time) == nil {
      problems.append("a batch whose second event breaks a rule was accepted")
    }
    if try log.head() != before { problems.append("a refused batch moved the head") }
    if try log.events(knownAt: nil) != eventsBefore {
      problems.append("a refused batch changed the log")
    }
    if try log.status(asOf: Scenario.lastQueryDay) != statusBefore {
      problems.append("a refused batch changed the projections")
    }
    // Optimistic concurrency: a stale expected head refuses the whole call.
    let stale =
      eventsBefore.count > 1
      ? try log.head(knownAt: KnownAt(eventsBefore[eventsBefore.count - 2].recordedAt)) : LogHead.empty
    switch refusal(log, [good], expecting: stale, now: time) {
    case nil: problems.append("an append expecting a stale head (\(stale.length)) was accepted")
    case .headMoved?: break
    case let error?: problems.append("stale head refused with \(error)")
    }
    if try log.head() != before { problems.append("an append with a stale head moved the head") }
    // The same call with the right head goes through, whole.
    let result = try log.append([good], expecting: before, now: time)
    if result.appended != [good.id] || result.head.length != before.length + 1 {
      problems.append("an append expecting the current head did not append exactly its event")
    }
    return problems
  }

  static func idsAreIdempotent(_ log: some EventLog) throws -> [String] {
    var problems: [String] = []
    let seeded = try log.events(knownAt: nil)
    let time = Scenario.time(after: seeded)
    let statement = Build.statement("idem-reaffirm", "2026-02-01", reaffirms: ["CONF-2"])
    let first = try log.append([.recorded(statement, at: time)], expecting: nil, now: time)
    if first.appended != [statement.id] { problems.append("a new id was not appended") }
    let head = try log.head()
    // The same content again, alone and with the whole seeded log: nothing written.
    let again = try log.append([.recorded(statement, at: time)], expecting: nil, now: time)
    if !again.appended.isEmpty || again.unchanged != [statement.id] {
      problems.append("the same id and content again appended \(again.appended)")
    }
    let replay = Build.newEvents(seeded)
    let whole = try log.append(replay, expecting: nil, now: time)
    if !whole.appended.isEmpty || whole.unchanged.count != replay.count {
      problems.append("re-appending the seeded log appended \(whole.appended.count) event(s)")
    }
    if try log.head() != head { problems.append("a no-op append moved the head") }
    // Different content under a recorded id: refused, nothing written.
    var changed = statement
    changed.summary = "Different words."
    switch refusal(log, [.recorded(changed, at: time)], expecting: nil, now: time) {
    case nil: problems.append("an id recorded again with different content was accepted")
    case .conflictingContent(statement.id)?: break
    case let error?:
      problems.append("different content refused with \(error), not conflictingContent")
    }
    if try log.head() != head { problems.append("a refused conflicting append moved the head") }
    let ids = try log.events(knownAt: nil).map(\.id)
    if Set(ids).count != ids.count { problems.append("the log holds an id twice") }
    return problems
  }

  static func logOrderIsTotalAndGapFree(_ log: some EventLog) throws -> [String] {
    var problems: [String] = []
    let events = try log.events(knownAt: nil)
    let head = try log.head()
    if events.map(\.sequence) != Array(1..<(events.count + 1)) {
      problems.append(
        "sequences are not 1...\(events.count): \(events.map(\.sequence).prefix(12))…")
    }
    if head.length != events.count {
      problems.append("head length \(head.length) ≠ \(events.count) events")
    }
    if Set(events.map(\.id)).count != events.count { problems.append("an id appears twice") }
    for (a, b) in zip(events, events.dropFirst()) where b.recordedAt < a.recordedAt {
      problems.append("event \(b.sequence) was recorded before event \(a.sequence)")
    }
    var hashes = Set<String>()
    for event in events {
      // "Known at" is always a prefix of the log, whose head is the prefix's last event.
      let prefix = try log.events(knownAt: KnownAt(event.recordedAt))
      let then = try log.head(knownAt: KnownAt(event.recordedAt))
      if prefix != Array(events.prefix(prefix.count)) {
        problems.append("events known at \(event.recordedAt) are not a prefix of the log")
      }
      if prefix.count < event.sequence || then.length != prefix.count {
        problems.append("head known at \(event.recordedAt) is \(then.length), not \(prefix.count)")
      }
      hashes.insert(then.head)
    }
    if hashes.count != Set(events.map(\.recordedAt)).count {
      problems.append("two moments share one head hash")
    }
    return problems
  }

  static func projectionsEqualReplay(_ log: some EventLog) throws -> [String] {
    var problems: [String] = []
    let events = try log.events(knownAt: nil)
    for day in Scenario.queryDays(for: events) {
      let stored = try log.status(asOf: day)
      let tracker = try Tracker.replay(events, asOf: day)
      if stored.rows != tracker.statusRows(on: day) {
        let diff = zip(stored.rows, tracker.statusRows(on: day)).first { $0 != $1 }
        problems.append("status as of \(day) differs from a replay: \(String(describing: diff))")
      }
      if stored.sources != tracker.orderedReports.map(\.info) {
        problems.append("sources as of \(day) differ from a replay")
      }
      if try stored.asOf != day || stored.log != log.head() {
        problems.append("status as of \(day) carries the wrong date or head")
      }
    }
    return problems
  }

  static func chainVerifies(_ log: some EventLog) throws -> [String] {
    var problems: [String] = []
    let report = try log.verify()
    problems += report.problems.map { "verify: \($0)" }
    if !report.chainIntact { problems.append("verify: the chain is not intact") }
    let head = try log.head()
    if report.head != head {
      problems.append("verify saw head \(report.head), head() says \(head)")
    }
    let isHex = head.head.count == 64 && head.head.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    if head.length > 0 && !isHex {
      problems.append("the head is not a lower-case SHA-256: \(head.head)")
    }
    return problems
  }

  static func answersAreStable(_ log: some EventLog) throws -> [String] {
    var problems: [String] = []
    let events = try log.events(knownAt: nil)
    let known = KnownAt(events.last?.recordedAt ?? Build.recordedAt)
    let days = Scenario.queryDays(for: events)
    func knownAtAnswers() throws -> [String: String] {
      var out: [String: String] = [:]
      for day in days {
        let report = try log.status(asOf: day, knownAt: known)
        let tracker = try log.tracker(asOf: day, knownAt: known)
        if tracker.statusRows(on: day) != report.rows {
          problems.append("tracker and status known at \(known) disagree on \(day)")
        }
        out[day.description] = "\(report)"
      }
      out["head"] = "\(try log.head(knownAt: known))"
      out["events"] = "\(try log.events(knownAt: known).map(\.id))"
      return out
    }
    func asOfAnswers() throws -> [String: [StatusRow]] {
      var out: [String: [StatusRow]] = [:]
      for day in days { out[day.description] = try log.status(asOf: day).rows }
      return out
    }
    let knownBefore = try knownAtAnswers()
    let asOfBefore = try asOfAnswers()
    // Later appends dated after every day asked about: neither kind of answer may move.
    var time = Scenario.time(after: events)
    let forward = [
      NewEvent.recorded(
        Build.statement("later-1", "2026-01-10", reaffirms: ["CONF-1", "CONF-3"]), at: time),
      NewEvent.recorded(
        Build.statement("later-2", "2026-01-11", changes: [Build.change("CONF-7", .considering)]),
        at: time),
    ]
    _ = try log.append(forward, expecting: nil, now: time)
    if try knownAtAnswers() != knownBefore {
      problems.append("a later append changed a known-at answer")
    }
    if try asOfAnswers() != asOfBefore {
      problems.append("an append dated later changed an as-of answer")
    }
    // A back-dated statement changes what we know now about the past, but not what was known then.
    time = Timestamp(secondsSinceEpoch: time.secondsSinceEpoch + 60)
    let early = Build.statement(
      "late-news", Scenario.backdate.description, changes: [Build.change("CONF-6", .considering)])
    _ = try log.append([.recorded(early, at: time)], expecting: nil, now: time)
    if try knownAtAnswers() != knownBefore {
      problems.append("a back-dated append changed what the tracker said at \(known)")
    }
    // Sanity: the scenario has power — the as-of answers now do differ.
    if try asOfAnswers() == asOfBefore {
      problems.append("the back-dated statement changed nothing")
    }
    return problems
  }
}

/// A deterministic history: one report, statements advancing its recommendations, pledges.
enum Scenario {
  static let report = Build.report("conf-2022", prefix: "CONF", published: "2022-10-20", count: 7)
  static let start = Build.day("2022-11-01")
  /// The date of the back-dated statement: CONF-6 and CONF-7 are never touched before it.
  static let backdate = Build.day("2023-01-15")
  static let lastQueryDay = Build.day("2025-12-31")

  /// A log of `count` statements from `seed`.
  static func log(seed: UInt64, count: Int = 30) -> [Event] {
    var random = SeededRandom(seed: seed)
    var status: [Int: Stage] = [:]
    var day = start
    var payloads: [EventPayload] = [.reportPublished(report)]
    for index in 1...count {
      day = day.adding(days: Int(random.next(upTo: 30)) + 5)
      let number = Int(random.next(upTo: 5)) + 1
      let id = "conf-\(index)"
      let rec = "CONF-\(number)"
      let stage = status[number]
      let statement: Statement
      if stage == .delivered {
        statement = Build.statement(id, day.description, reaffirms: [rec])
      } else {
        let next = stage.map { Stage.allCases[Stage.allCases.firstIndex(of: $0)! + 1] } ?? .planned
        status[number] = next
        var pledges: [Pledge] = []
        if next < .enacted && random.next(upTo: 3) == 0 {
          pledges.append(
            Pledge(
              recommendation: Build.rec(rec), text: "Delivered soon", target: .stage(.delivered),
              due: day.adding(days: Int(random.next(upTo: 400)))))
        }
        let change = Build.change(rec, stage == nil ? .accepted : nil, next)
        statement = Build.statement(id, day.description, changes: [change], pledges: pledges)
      }
      payloads.append(.statementRecorded(statement))
    }
    // Recorded last, dated early: log order and date order differ, as in the real record (a
    // log read in date order passed every check until this was added).
    payloads.append(
      .statementRecorded(Build.statement("conf-late-entry", "2022-12-01", reaffirms: ["CONF-5"])))
    return Build.log(payloads)
  }

  /// Appends the scenario.
  static func seed(_ log: some EventLog, seed: UInt64 = 5) throws {
    let events = Scenario.log(seed: seed)
    // Appended when the last of them was recorded: a store refuses a recording time to come.
    _ = try log.append(Build.newEvents(events), expecting: .empty, now: events.last?.recordedAt ?? Build.recordedAt)
  }

  /// A recording time after every event.
  static func time(after events: [Event]) -> Timestamp {
    Timestamp(
      secondsSinceEpoch: (events.last?.recordedAt ?? Build.recordedAt).secondsSinceEpoch + 10)
  }

  /// Every statement's date, the day before, and a day a month apart across the whole record.
  static func queryDays(for events: [Event]) -> [Day] {
    var days = Set<Day>()
    for event in events {
      if case .statementRecorded(let statement) = event.payload, statement.date <= lastQueryDay {
        days.insert(statement.date)
        days.insert(statement.date.adding(days: -1))
      }
    }
    var day = Build.day("2022-10-01")
    while day <= lastQueryDay {
      days.insert(day)
      day = day.adding(days: 29)
    }
    days.insert(Build.day("2022-10-19"))
    days.insert(Build.day("2022-10-20"))
    return days.sorted()
  }
}
