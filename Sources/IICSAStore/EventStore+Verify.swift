internal import GRDB
public import IICSADomain

/// What `verify` found.
public struct VerifyReport: Hashable, Sendable {
  /// One thing wrong with the store.
  public enum Problem: Hashable, Sendable, CustomStringConvertible {
    /// An event's sequence number is not the next one.
    case gap(expected: Int, found: Int)
    /// An event's stored hash is not the hash of its content and the previous hash.
    case brokenChain(sequence: Int, id: String)
    /// An event's payload cannot be read.
    case unreadable(sequence: Int, id: String, detail: String)
    /// The log no longer obeys the rules when replayed.
    case ruleBroken(RuleViolation)
    /// A projection table differs from a fresh replay.
    case projectionDiffers(table: String)

    public var description: String {
      switch self {
      case .gap(let expected, let found):
        return "event \(expected) is missing: the next event in the log is \(found)"
      case .brokenChain(let sequence, let id):
        return "event \(sequence) ('\(id)') does not match its hash: it was changed, "
          + "inserted or reordered after it was recorded"
      case .unreadable(let sequence, let id, let detail):
        return "event \(sequence) ('\(id)') cannot be read: \(detail)"
      case .ruleBroken(let violation):
        return "the log no longer replays: \(violation)"
      case .projectionDiffers(let table):
        return "projection '\(table)' differs from a replay of the log: run `iicsa rebuild`"
      }
    }
  }

  /// The log's length and head as found.
  public var head: LogHead
  /// Everything wrong, the first bad event first. Empty when the store is sound.
  public var problems: [Problem]
  /// Whether the chain itself is intact (projection problems are repairable; chain ones are not).
  public var chainIntact: Bool
}

extension EventStore {
  /// Recomputes the hash chain from the stored bytes, replays the log, and compares every
  /// projection with the replay.
  public func verify() throws(StoreError) -> VerifyReport {
    try reading { db in
      var problems: [VerifyReport.Problem] = []
      var previous = ""
      var expected = 1
      var events: [Event] = []
      var chainIntact = true
      let rows = try Row.fetchCursor(
        db, sql: "SELECT sequence, id, type, recorded_at, payload, hash FROM event ORDER BY sequence")
      while let row = try rows.next() {
        guard let sequence = row.integer(0), let id = row.text(1), let type = row.text(2),
          let recordedAt = row.text(3), let payload = row.text(4), let stored = row.text(5)
        else {
          problems.append(
            .unreadable(sequence: row.integer(0) ?? expected, id: row.text(1) ?? "?", detail: "a column is empty or malformed"))
          chainIntact = false
          break
        }
        if chainIntact, sequence != expected {
          problems.append(.gap(expected: expected, found: sequence))
          chainIntact = false
        }
        let computed = EventCodec.chain(
          previous: previous,
          canonical: EventCodec.canonicalBytes(
            sequence: sequence, id: id, type: type, recordedAt: recordedAt, payload: payload))
        if chainIntact, computed != stored {
          problems.append(.brokenChain(sequence: sequence, id: id))
          chainIntact = false
        }
        previous = stored
        expected = sequence + 1
        do {
          events.append(try Self.event(from: row))
        } catch {
          problems.append(.unreadable(sequence: sequence, id: id, detail: "\(error)"))
          chainIntact = false
        }
      }
      let head = try Self.head(db)
      guard chainIntact else { return VerifyReport(head: head, problems: problems, chainIntact: false) }
      let tracker: Tracker
      do {
        tracker = try Tracker.replay(events)
      } catch let violation as RuleViolation {
        problems.append(.ruleBroken(violation))
        return VerifyReport(head: head, problems: problems, chainIntact: true)
      }
      if try Set(Projections.storedChangeRows(db)) != Set(Projections.changeRows(tracker)) {
        problems.append(.projectionDiffers(table: "statusChange"))
      }
      if try Set(Projections.storedPledgeRows(db)) != Set(Projections.pledgeRows(tracker.pledges)) {
        problems.append(.projectionDiffers(table: "pledge"))
      }
      if try Set(Projections.storedStatementRows(db)) != Set(Projections.statementRows(tracker)) {
        problems.append(.projectionDiffers(table: "statement"))
      }
      if try Set(Projections.storedMentionRows(db)) != Set(Projections.mentionRows(tracker)) {
        problems.append(.projectionDiffers(table: "mention"))
      }
      let storedRecommendations = try Set(
        Row.fetchAll(db, sql: "SELECT id, source, title FROM recommendation").map {
          [$0.text(0) ?? "", $0.text(1) ?? "", $0.text(2) ?? ""]
        })
      let replayedRecommendations = Set(
        tracker.orderedReports.flatMap { report in
          report.recommendations.map { [$0.id.description, report.id.rawValue, $0.title] }
        })
      if storedRecommendations != replayedRecommendations {
        problems.append(.projectionDiffers(table: "recommendation"))
      }
      return VerifyReport(head: head, problems: problems, chainIntact: true)
    }
  }

  /// The sequence of the event whose chain hash is `hash`, if the log holds one.
  public func sequence(ofHead hash: String) throws(StoreError) -> Int? {
    try reading { db in
      try Int.fetchOne(db, sql: "SELECT sequence FROM event WHERE hash = ?", arguments: [hash.lowercased()])
    }
  }

  /// Recreates every projection from the log, in one transaction.
  ///
  /// Refuses a log whose hash chain is broken: projections drawn from a tampered log would look
  /// sound afterwards, and hide the damage from anyone who does not run `verify`.
  public func rebuild() throws(StoreError) -> LogHead {
    let report = try verify()
    if !report.chainIntact, let problem = report.problems.first {
      throw .damaged(sequence: report.head.length, detail: "\(problem); nothing was rebuilt")
    }
    do {
      return try writer.writeWithoutTransaction { db in
        var head = LogHead.empty
        try db.inTransaction(.immediate) {
          head = try Self.head(db)
          let events = try Self.events(db, knownAt: nil)
          let tracker: Tracker
          do {
            tracker = try Tracker.replay(events)
          } catch {
            throw StoreError.damaged(sequence: head.length, detail: "the log no longer replays: \(error)")
          }
          try Projections.write(tracker, in: db)
          return .commit
        }
        return head
      }
    } catch {
      throw StoreError(error, path: path)
    }
  }
}
