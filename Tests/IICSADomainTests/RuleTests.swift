import IICSADomain
import IICSATestSupport
import Testing

/// One test per rule of design.md, each with an accepted and a refused case.
@Suite struct RuleTests {
  let report = Build.report()

  func replay(_ statements: Statement...) throws(RuleViolation) -> Tracker { try Build.replay(report, statements) }

  func violation(_ statements: Statement...) -> RuleViolation? { Build.violation(report, statements) }

  @Test func appliesChangesInDateOrder() throws {
    let tracker = try replay(
      Build.statement("b", "2023-06-01", changes: [Build.change("TEST-1", nil, .consulting)]),
      Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)]))
    let state = try #require(tracker.states[Build.rec("TEST-1")])
    #expect(state.status == Status(position: .accepted, stage: .consulting))
    #expect(state.lastChange == ChangeReference(date: Build.day("2023-06-01"), statement: EventID("b")!))
    #expect(state.history.count == 2)
  }

  @Test func aChangeMustChangeSomething() {
    let first = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])
    let same = Build.statement("b", "2023-06-01", changes: [Build.change("TEST-1", .accepted)])
    #expect(violation(first, same) == .unchanged(statement: EventID("b")!, Build.rec("TEST-1"), Status(position: .accepted, stage: .notStarted)))
    let reaffirmed = Build.statement("b", "2023-06-01", reaffirms: ["TEST-1"])
    #expect(violation(first, reaffirmed) == nil)
  }

  @Test func rejectedCannotBeUnderway() {
    let rejectAndPlan = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .rejected, .planned)])
    #expect(violation(rejectAndPlan) == .contradiction(statement: EventID("a")!, Build.rec("TEST-1"), .planned))
    let planned = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted, .planned)])
    let rejectOnly = Build.statement("b", "2023-06-01", changes: [Build.change("TEST-1", .rejected)])
    #expect(violation(planned, rejectOnly) == .contradiction(statement: EventID("b")!, Build.rec("TEST-1"), .planned))
    let rejectAndStop = Build.statement(
      "b", "2023-06-01", changes: [Build.change("TEST-1", .rejected, .notStarted, reason: "Dropped.")])
    #expect(violation(planned, rejectAndStop) == nil)
  }

  @Test func backwardsNeedsAReason() {
    let bill = Build.statement("a", "2024-01-10", changes: [Build.change("TEST-1", .accepted, .legislating)])
    let fell = Build.statement("b", "2024-05-24", changes: [Build.change("TEST-1", nil, .planned)])
    #expect(violation(bill, fell) == .backwardsWithoutReason(statement: EventID("b")!, Build.rec("TEST-1"), from: .legislating, to: .planned))
    let fellWithReason = Build.statement(
      "b", "2024-05-24", changes: [Build.change("TEST-1", nil, .planned, reason: "The bill fell at prorogation.")])
    #expect(violation(bill, fellWithReason) == nil)
  }

  @Test func nothingBeforeTheReport() {
    let early = Build.statement("a", "2015-02-23", changes: [Build.change("TEST-1", .accepted)])
    #expect(violation(early) == .beforeSource(statement: EventID("a")!, Build.rec("TEST-1"), date: Build.day("2015-02-23"), published: report.published))
    let background = Build.statement("a", "2015-02-23", relatesTo: ["TEST-1"])
    #expect(violation(background) == nil)
  }

  @Test func noFutureStatements() {
    let future = Build.statement("a", "2027-01-01", changes: [Build.change("TEST-1", .accepted)])
    #expect(violation(future) == .futureDate(statement: EventID("a")!, date: Build.day("2027-01-01"), recordedOn: Build.recordedAt.day))
  }

  @Test func unknownRecommendationsAreRefused() {
    let typo = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-9", .accepted)])
    #expect(violation(typo) == .unknownRecommendation(statement: EventID("a")!, Build.rec("TEST-9")))
    let otherTypo = Build.statement("a", "2023-05-22", relatesTo: ["NOPE-1"])
    #expect(violation(otherTypo) == .unknownRecommendation(statement: EventID("a")!, Build.rec("NOPE-1")))
  }

  @Test func aStatementNeedsSourcesAndContent() {
    var noSources = Build.statement("a", "2023-05-22", reaffirms: ["TEST-1"])
    noSources.sources = []
    #expect(violation(noSources) == .noSources(statement: EventID("a")!))
    var badURL = Build.statement("a", "2023-05-22", reaffirms: ["TEST-1"])
    badURL.sources = [SourceLink(url: "javascript:alert(1)", publisher: "x")]
    #expect(violation(badURL) == .invalidSourceURL(statement: EventID("a")!, url: "javascript:alert(1)"))
    #expect(violation(Build.statement("a", "2023-05-22")) == .emptyStatement(statement: EventID("a")!))
    let twice = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted), Build.change("TEST-1", nil, .planned)])
    #expect(violation(twice) == .duplicateChange(statement: EventID("a")!, Build.rec("TEST-1")))
  }

  @Test func pledgesAreFulfilledByTheFirstLaterChangeReachingTheTarget() throws {
    let pledge = Pledge(
      recommendation: Build.rec("TEST-1"), text: "In a bill this spring", target: .stage(.legislating),
      due: Build.day("2025-06-20"), dueText: "this spring")
    let tracker = try replay(
      Build.statement("a", "2025-01-06", changes: [Build.change("TEST-1", .accepted, .planned)], pledges: [pledge]),
      Build.statement("b", "2025-02-25", changes: [Build.change("TEST-1", nil, .legislating)]),
      Build.statement("c", "2026-04-29", changes: [Build.change("TEST-1", nil, .enacted)]))
    let record = try #require(tracker.pledges.first)
    #expect(record.end == PledgeEnd(ending: .fulfilled, by: ChangeReference(date: Build.day("2025-02-25"), statement: EventID("b")!)))
    #expect(record.status(on: Build.day("2025-02-01")) == .open)
    #expect(record.status(on: Build.day("2025-03-01")) == .ended(record.end!, daysLate: 0))
  }

  @Test func pledgesBecomeOverdueAfterTheirDueDate() throws {
    let pledge = Pledge(recommendation: Build.rec("TEST-2"), text: "Respond", target: .anyResponse, due: Build.day("2023-04-20"))
    let tracker = try replay(
      Build.statement("a", "2022-10-24", pledges: [pledge]),
      Build.statement("b", "2023-05-22", changes: [Build.change("TEST-2", .acceptedInPrinciple)]))
    let record = try #require(tracker.pledges.first)
    #expect(record.status(on: Build.day("2023-04-20")) == .open)
    #expect(record.status(on: Build.day("2023-05-01")) == .overdue(days: 11))
    #expect(record.status(on: Build.day("2023-06-01")) == .ended(record.end!, daysLate: 32))
  }

  @Test func pledgesMustLookForward() {
    let met = Pledge(recommendation: Build.rec("TEST-1"), text: "Accept it", target: .position(.accepted))
    let accepted = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])
    #expect(violation(accepted, Build.statement("b", "2023-06-01", pledges: [met])) == .pledgeAlreadyMet(statement: EventID("b")!, Build.rec("TEST-1"), .position(.accepted), Status(position: .accepted, stage: .notStarted)))
    let late = Pledge(recommendation: Build.rec("TEST-1"), text: "By then", target: .stage(.planned), due: Build.day("2023-01-01"))
    #expect(violation(Build.statement("a", "2023-05-22", pledges: [late])) == .pledgeDueBeforeStatement(statement: EventID("a")!, Build.rec("TEST-1"), due: Build.day("2023-01-01"), date: Build.day("2023-05-22")))
  }

  @Test func aBackDatedStatementThatBreaksALaterOneIsRefusedNamingIt() throws {
    var tracker = try replay(
      Build.statement("later", "2024-01-10", changes: [Build.change("TEST-1", .accepted)]))
    // Recorded afterwards, dated earlier, it makes the later change a no-op.
    let early = Build.statement("early", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])
    let event = Event(sequence: 3, id: early.id, recordedAt: Build.recordedAt, payload: .statementRecorded(early))
    #expect(throws: RuleViolation.breaksLaterStatement(
      cause: EventID("early")!, later: EventID("later")!,
      .unchanged(statement: EventID("later")!, Build.rec("TEST-1"), Status(position: .accepted, stage: .notStarted)))) {
      try tracker.append(event)
    }
    // A back-dated statement that breaks nothing is accepted and applied in date order.
    let harmless = Build.statement("harmless", "2023-05-22", changes: [Build.change("TEST-1", .considering)])
    try tracker.append(Event(sequence: 3, id: harmless.id, recordedAt: Build.recordedAt, payload: .statementRecorded(harmless)))
    #expect(tracker.states[Build.rec("TEST-1")]?.history.map(\.statement.rawValue) == ["harmless", "later"])
  }
}

@Suite struct ReplayTests {
  let report = Build.report()

  @Test func asOfStopsAtTheDateAndKnownAtAtTheRecordingTime() throws {
    let events = Build.log([
      .reportPublished(report),
      .statementRecorded(Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])),
      .statementRecorded(Build.statement("b", "2025-02-25", changes: [Build.change("TEST-1", nil, .legislating)])),
    ])
    let asOf2024 = try Tracker.replay(events, asOf: Build.day("2024-01-01"))
    #expect(asOf2024.states[Build.rec("TEST-1")]?.status == Status(position: .accepted, stage: .notStarted))
    let before2022 = try Tracker.replay(events, asOf: Build.day("2022-01-01"))
    #expect(before2022.states.isEmpty)
    // Known at the second event's recording time: the third is not yet in the record.
    let knownEarly = try Tracker.replay(events, knownAt: KnownAt(events[1].recordedAt))
    #expect(knownEarly.states[Build.rec("TEST-1")]?.status.stage == .notStarted)
  }

  @Test func correctionsRetractAndReplace() throws {
    let wrong = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])
    var fixed = wrong
    fixed.changes = [Build.change("TEST-1", .acceptedInPrinciple)]
    let base: [EventPayload] = [.reportPublished(report), .statementRecorded(wrong)]
    let replaced = try Tracker.replay(Build.log(base + [.eventCorrected(Correction(target: wrong.id, reason: "Misread", replacement: .statement(fixed)))]))
    #expect(replaced.states[Build.rec("TEST-1")]?.status.position == .acceptedInPrinciple)
    #expect(replaced.statements[wrong.id]?.corrected == true)
    let retracted = try Tracker.replay(Build.log(base + [.eventCorrected(Correction(target: wrong.id, reason: "Not said"))]))
    #expect(retracted.states[Build.rec("TEST-1")]?.status == .initial)
    #expect(retracted.corrections.count == 1)
    // The corrected view is what later readers see; known-at before the correction sees the original.
    let events = Build.log(base + [.eventCorrected(Correction(target: wrong.id, reason: "Not said"))])
    let before = try Tracker.replay(events, knownAt: KnownAt(events[1].recordedAt))
    #expect(before.states[Build.rec("TEST-1")]?.status.position == .accepted)
  }

  @Test func correctionsAreChecked() {
    let statement = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])
    let base: [EventPayload] = [.reportPublished(report), .statementRecorded(statement)]
    #expect(throws: RuleViolation.unknownEvent(EventID("zzz")!)) {
      try Tracker.replay(Build.log(base + [.eventCorrected(Correction(target: EventID("zzz")!, reason: "x"))]))
    }
    var other = statement
    other.id = EventID("b")!
    #expect(throws: RuleViolation.replacementMismatch(target: statement.id, replacement: other.id)) {
      try Tracker.replay(Build.log(base + [.eventCorrected(Correction(target: statement.id, reason: "x", replacement: .statement(other)))]))
    }
    let twice: [EventPayload] = base + [
      .eventCorrected(Correction(target: statement.id, reason: "x")),
      .eventCorrected(Correction(target: statement.id, reason: "y")),
    ]
    #expect(throws: RuleViolation.alreadyRetracted(statement.id)) { try Tracker.replay(Build.log(twice)) }
  }

  @Test func reportsAreChecked() {
    var clash = Build.report("other-2023", prefix: "TEST")
    #expect(throws: RuleViolation.prefixInUse(source: clash.id, prefix: "TEST", usedBy: report.id)) {
      try Tracker.replay(Build.log([.reportPublished(report), .reportPublished(clash)]))
    }
    clash.recommendations.append(clash.recommendations[0])
    #expect(throws: RuleViolation.duplicateNumber(source: clash.id, number: 1)) { try clash.check() }
  }

  @Test func statusRowsCountOpenAndOverduePledges() throws {
    let pledge = Pledge(recommendation: Build.rec("TEST-3"), text: "Legislate", target: .stage(.legislating), due: Build.day("2024-01-01"))
    let tracker = try Tracker.replay(
      Build.log([.reportPublished(report), .statementRecorded(Build.statement("a", "2023-05-22", pledges: [pledge]))]),
      asOf: Build.day("2024-06-01"))
    let row = try #require(tracker.statusRows(on: Build.day("2024-06-01")).last)
    #expect(row.id == Build.rec("TEST-3"))
    #expect(row.openPledges == 1 && row.overduePledges == 1)
  }
}

@Suite struct ResumeTests {
  @Test func aResumedTrackerAppliesNewStatementsAsAReplayDoes() throws {
    let report = Build.report()
    let pledge = Pledge(recommendation: Build.rec("TEST-1"), text: "Bill", target: .stage(.legislating), due: Build.day("2025-06-01"))
    let first = Build.log([
      .reportPublished(report),
      .statementRecorded(Build.statement("a", "2025-01-06", changes: [Build.change("TEST-1", .accepted, .planned)], pledges: [pledge])),
    ])
    let full = try Tracker.replay(first)
    var resumed = try Tracker.resume(
      reports: [report],
      statuses: full.states.mapValues { ($0.status, $0.lastChange) },
      openPledges: full.pledges, frontier: (Build.day("2025-01-06"), 2))
    let next = Event(
      sequence: 3, id: EventID("b")!, recordedAt: Build.recordedAt,
      payload: .statementRecorded(Build.statement("b", "2025-02-25", changes: [Build.change("TEST-1", nil, .legislating)])))
    try resumed.append(next)
    let replayed = try Tracker.replay(first + [next])
    #expect(resumed.states[Build.rec("TEST-1")]?.status == replayed.states[Build.rec("TEST-1")]?.status)
    #expect(resumed.pledges.first?.end == replayed.pledges.first?.end)
    // What needs the history is refused, so the caller replays instead.
    let backDated = Event(
      sequence: 4, id: EventID("c")!, recordedAt: Build.recordedAt,
      payload: .statementRecorded(Build.statement("c", "2024-01-01", reaffirms: ["TEST-2"])))
    #expect(!resumed.canApplyDirectly(backDated))
    #expect(throws: RuleViolation.needsHistory(EventID("c")!)) { try resumed.append(backDated) }
  }
}

@Suite struct SameEffectsTests {
  let base = Build.statement(
    "s", "2024-01-01", changes: [Build.change("TEST-1", nil, .planned, reason: "Started again.")],
    reaffirms: ["TEST-2"])

  @Test func wordingSourcesAndChangeNotesAreNotEffects() {
    var other = base
    other.title = "Another title"
    other.summary = "Another summary"
    other.sources.append(SourceLink(url: "https://example.org/more", publisher: "Hansard"))
    other.changes[0].note = "A note"
    #expect(other.hasSameEffects(as: base))
  }

  @Test func dateChangesReasonsAndLinksAre() {
    var moved = base
    moved.date = Build.day("2024-01-02")
    var reasonless = base
    reasonless.changes[0].reason = nil
    var unlinked = base
    unlinked.reaffirms = []
    var staged = base
    staged.changes[0].stage = .consulting
    for other in [moved, reasonless, unlinked, staged] { #expect(!other.hasSameEffects(as: base)) }
  }
}
