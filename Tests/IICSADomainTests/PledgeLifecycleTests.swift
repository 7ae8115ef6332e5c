import IICSADomain
import IICSATestSupport
import Testing

/// A pledge is made, then ends in one way: fulfilled, met, superseded or withdrawn.
@Suite struct PledgeLifecycleTests {
  let report = Build.report(count: 4)

  func replay(_ statements: Statement...) throws(RuleViolation) -> Tracker { try Build.replay(report, statements) }

  func violation(_ statements: Statement...) -> RuleViolation? { Build.violation(report, statements) }

  let promise = Build.statement("a", "2025-01-16", pledges: [Build.pledge("TEST-1", due: "2025-04-20")])

  @Test func aPledgeDeclaredMetEndsAsMet() throws {
    let met = Build.statement("b", "2025-04-08", outcomes: [Build.outcome("a#1", "TEST-1")])
    let tracker = try replay(promise, met)
    let record = try #require(tracker.pledge(Build.pledgeID("a#1")))
    let end = PledgeEnd(
      ending: .met, by: ChangeReference(date: Build.day("2025-04-08"), statement: EventID("b")!),
      note: "Done, per the source.")
    #expect(record.end == end)
    #expect(record.status(on: Build.day("2025-04-07")) == .open)
    #expect(record.status(on: Build.day("2026-12-01")) == .ended(end, daysLate: 0))
    #expect(record.status(on: Build.day("2026-12-01")).name == "met")
    let history = try #require(tracker.states[Build.rec("TEST-1")]?.history)
    #expect(history.last?.what == .pledgeEnded(Build.pledgeID("a#1"), .met, note: "Done, per the source."))
    // Met late counts the days late, as a fulfilment does.
    let late = Build.statement("b", "2025-05-01", outcomes: [Build.outcome("a#1", "TEST-1")])
    #expect(try replay(promise, late).pledges.first?.status(on: Build.day("2025-06-01")) == .ended(
      PledgeEnd(
        ending: .met, by: ChangeReference(date: Build.day("2025-05-01"), statement: EventID("b")!),
        note: "Done, per the source."), daysLate: 11))
  }

  @Test func aWithdrawnPledgeIsNoLongerOverdue() throws {
    let withdrawn = Build.statement("b", "2025-04-08", outcomes: [Build.outcome("a#1", "TEST-1", .withdrawn)])
    let record = try #require(try replay(promise, withdrawn).pledges.first)
    #expect(record.status(on: Build.day("2026-12-01")).name == "withdrawn")
    #expect(!record.status(on: Build.day("2026-12-01")).isOutstanding)
    // Without it, the same pledge is overdue.
    #expect(try replay(promise).pledges.first?.status(on: Build.day("2026-12-01")) == .overdue(days: 590))
  }

  @Test func aChainOfTwoReplacementsKeepsItsBaselineAndShowsTheSlip() throws {
    let first = Build.statement(
      "b", "2025-04-08", pledges: [Build.pledge("TEST-1", due: "2026-03-31", replaces: "a#1")])
    let second = Build.statement(
      "c", "2026-01-31", pledges: [Build.pledge("TEST-1", due: "2026-11-30", replaces: "b#1")])
    let tracker = try replay(promise, first, second)
    let a = try #require(tracker.pledge(Build.pledgeID("a#1")))
    let b = try #require(tracker.pledge(Build.pledgeID("b#1")))
    let c = try #require(tracker.pledge(Build.pledgeID("c#1")))
    #expect(a.end?.ending == .superseded && a.end?.replacement == Build.pledgeID("b#1"))
    #expect(b.end?.ending == .superseded && b.end?.replacement == Build.pledgeID("c#1"))
    #expect(c.end == nil)
    #expect(a.slippedDays == nil)
    #expect(b.baselineDue == Build.day("2025-04-20") && b.slippedDays == 345)
    #expect(c.baselineDue == Build.day("2025-04-20") && c.slippedDays == 589)
    // Only the last of the chain can fall overdue.
    #expect(c.status(on: Build.day("2026-12-01")) == .overdue(days: 1))
    #expect(a.status(on: Build.day("2026-12-01")).name == "superseded")
    let slips = tracker.alerts(from: Build.day("2025-01-01"), through: Build.day("2026-12-01")).filter {
      $0.kind == .pledgeSlipped
    }
    #expect(slips.map(\.to) == ["2026-11-30", "2026-03-31"])
    #expect(slips.map(\.from) == ["2026-03-31", "2025-04-20"])
  }

  @Test func anOutcomeMustNameAnOpenPledgeOfItsRecommendation() {
    let unknown = Build.statement("b", "2025-04-08", outcomes: [Build.outcome("a#2", "TEST-1")])
    #expect(violation(promise, unknown) == .unknownPledge(statement: EventID("b")!, Build.pledgeID("a#2"), Build.rec("TEST-1")))
    let other = Build.statement("b", "2025-04-08", outcomes: [Build.outcome("a#1", "TEST-2")])
    #expect(
      violation(promise, other)
        == .pledgeOfOtherRecommendation(
          statement: EventID("b")!, Build.pledgeID("a#1"), named: Build.rec("TEST-2"), actual: Build.rec("TEST-1")))
    let planned = Build.statement("b", "2025-02-01", changes: [Build.change("TEST-1", .accepted, .planned)])
    let metAfterFulfilled = Build.statement("c", "2025-04-08", outcomes: [Build.outcome("a#1", "TEST-1")])
    #expect(
      violation(promise, planned, metAfterFulfilled)
        == .pledgeAlreadyEnded(
          statement: EventID("c")!, Build.pledgeID("a#1"), Build.rec("TEST-1"), .fulfilled,
          by: ChangeReference(date: Build.day("2025-02-01"), statement: EventID("b")!)))
    let early = Build.statement("b", "2025-01-01", outcomes: [Build.outcome("a#1", "TEST-1")])
    #expect(
      violation(promise, early)
        == .pledgeNamedBeforeMade(
          statement: EventID("b")!, Build.pledgeID("a#1"), Build.rec("TEST-1"), made: Build.day("2025-01-16"), date: Build.day("2025-01-01")))
    let twice = Build.statement(
      "b", "2025-04-08", outcomes: [Build.outcome("a#1", "TEST-1"), Build.outcome("a#1", "TEST-1", .withdrawn)])
    #expect(violation(promise, twice) == .pledgeNamedTwice(statement: EventID("b")!, Build.pledgeID("a#1")))
    let own = Build.statement(
      "b", "2025-04-08", pledges: [Build.pledge("TEST-1")], outcomes: [Build.outcome("b#1", "TEST-1")])
    #expect(violation(promise, own) == .unknownPledge(statement: EventID("b")!, Build.pledgeID("b#1"), nil))
  }

  @Test func aReplacementMustReMakeAnOpenPledgeOfItsRecommendation() {
    let other = Build.statement("b", "2025-04-08", pledges: [Build.pledge("TEST-2", replaces: "a#1")])
    #expect(
      violation(promise, other)
        == .pledgeOfOtherRecommendation(
          statement: EventID("b")!, Build.pledgeID("a#1"), named: Build.rec("TEST-2"), actual: Build.rec("TEST-1")))
    let withdrawn = Build.statement("b", "2025-04-08", outcomes: [Build.outcome("a#1", "TEST-1", .withdrawn)])
    let remade = Build.statement("c", "2025-05-01", pledges: [Build.pledge("TEST-1", replaces: "a#1")])
    #expect(
      violation(promise, withdrawn, remade)
        == .pledgeAlreadyEnded(
          statement: EventID("c")!, Build.pledgeID("a#1"), Build.rec("TEST-1"), .withdrawn,
          by: ChangeReference(date: Build.day("2025-04-08"), statement: EventID("b")!)))
    let unknown = Build.statement("b", "2025-04-08", pledges: [Build.pledge("TEST-1", replaces: "z#1")])
    #expect(violation(promise, unknown) == .unknownPledge(statement: EventID("b")!, Build.pledgeID("z#1"), Build.rec("TEST-1")))
  }

  @Test func aPledgeOfAnActEndsOnlyWhenAStatementSaysSo() throws {
    let accepted = Build.statement("a", "2025-01-16", changes: [Build.change("TEST-1", .accepted)])
    let act = Pledge(recommendation: Build.rec("TEST-1"), text: "Publish a plan", target: .act, due: Build.day("2025-04-20"))
    let promise = Build.statement("b", "2025-01-17", pledges: [act])
    let planned = Build.statement("c", "2025-03-01", changes: [Build.change("TEST-1", nil, .planned)])
    // A status change does not keep it, even one the act might bring.
    let open = try replay(accepted, promise, planned)
    #expect(open.pledges.first?.status(on: Build.day("2025-05-01")) == .overdue(days: 11))
    let met = Build.statement("d", "2025-04-08", outcomes: [Build.outcome("b#1", "TEST-1")])
    #expect(try replay(accepted, promise, planned, met).pledges.first?.status(on: Build.day("2025-05-01")).name == "met")
  }

  @Test func aStatementThatOnlyEndsPledgesIsNotEmpty() throws {
    let statement = Build.statement("b", "2025-04-08", outcomes: [Build.outcome("a#1", "TEST-1")])
    #expect(throws: Never.self) { try statement.check() }
    #expect(statement.recommendations == [Build.rec("TEST-1")])
  }

  @Test func aResumedTrackerEndsAPledgeItHoldsAndSendsTheRestToTheWholeLog() throws {
    let full = try replay(promise)
    let open = full.pledges
    var resumed = try Tracker.resume(
      reports: [report], statuses: [:], openPledges: open, frontier: (Build.day("2025-01-16"), 2))
    let met = Build.statement("b", "2025-04-08", outcomes: [Build.outcome("a#1", "TEST-1")])
    let event = Event(sequence: 3, id: met.id, recordedAt: Build.recordedAt, payload: .statementRecorded(met))
    #expect(resumed.canApplyDirectly(event))
    try resumed.append(event)
    #expect(resumed.pledges.first?.end?.ending == .met)
    let unknown = Build.statement("c", "2025-04-09", outcomes: [Build.outcome("q#1", "TEST-1")])
    let later = Event(sequence: 4, id: unknown.id, recordedAt: Build.recordedAt, payload: .statementRecorded(unknown))
    #expect(!resumed.canApplyDirectly(later))
  }
}

/// What weakened, traced to the statement behind it.
@Suite struct AlertTests {
  let report = Build.report(count: 4)

  func replay(_ statements: Statement...) throws -> Tracker { try Build.replay(report, statements) }

  @Test func eachKindOnASmallHistory() throws {
    let tracker = try replay(
      Build.statement(
        "a", "2023-05-22",
        changes: [Build.change("TEST-1", .accepted), Build.change("TEST-2", .accepted, .legislating)],
        pledges: [Build.pledge("TEST-3", due: "2024-01-31"), Build.pledge("TEST-4", due: "2024-06-30")]),
      Build.statement(
        "b", "2024-05-24", changes: [Build.change("TEST-2", nil, .planned, reason: "The bill fell.")],
        outcomes: [Build.outcome("a#2", "TEST-4", .withdrawn)]),
      Build.statement(
        "c", "2025-04-08", changes: [Build.change("TEST-1", .rejected)],
        pledges: [Build.pledge("TEST-3", due: "2026-03-31", replaces: "a#1")]),
      // Strengthening is not an alert; nor is a first response.
      Build.statement("d", "2025-06-01", changes: [Build.change("TEST-2", nil, .enacted)]))
    let alerts = tracker.alerts(from: Build.day("2022-10-20"), through: Build.day("2026-12-01"))
    #expect(
      alerts.map { "\($0.date) \($0.kind.rawValue) \($0.recommendation) \($0.from ?? "-")→\($0.to ?? "-") \($0.statement)" } == [
        "2026-04-01 pledge_overdue TEST-3 2026-03-31→- c",
        "2025-04-08 position_weakened TEST-1 accepted→rejected c",
        "2025-04-08 pledge_slipped TEST-3 2024-01-31→2026-03-31 c",
        "2024-05-24 stage_backwards TEST-2 legislating→planned b",
        "2024-05-24 pledge_withdrawn TEST-4 2024-06-30→- b",
        "2024-02-01 pledge_overdue TEST-3 2024-01-31→- a",
      ])
    // The period bounds what is listed.
    let june = tracker.alerts(from: Build.day("2024-05-01"), through: Build.day("2024-05-31"))
    #expect(june.map(\.kind) == [.stageBackwards, .pledgeWithdrawn])
  }

  @Test func theOrderOfCommitment() {
    #expect(Position.accepted.weakens(to: .acceptedInPart))
    #expect(Position.acceptedInPrinciple.weakens(to: .considering))
    #expect(Position.considering.weakens(to: .rejected))
    #expect(!Position.rejected.weakens(to: .accepted))
    #expect(!Position.noResponse.weakens(to: .rejected))
    #expect(!Position.accepted.weakens(to: .noResponse))
  }
}

/// When each recommendation was first called for.
@Suite struct LineageTests {
  @Test func aCallThroughRepeatsOrAnEarlierStatementCounts() throws {
    // LATER-2 repeats MID-1, which repeats TEST-2: the call is found at any depth, and a catalogue
    // may repeat one recorded after it.
    var later = Build.report("later-2025", prefix: "LATER", published: "2025-06-16", count: 3)
    later.recommendations[0].repeats = [Build.rec("TEST-2")]
    later.recommendations[1].repeats = [Build.rec("MID-1")]
    var mid = Build.report("mid-2024", prefix: "MID", published: "2024-01-01", count: 1)
    mid.recommendations[0].repeats = [Build.rec("TEST-2")]
    let earlier = Build.report(published: "2022-10-20", count: 3)
    let tracker = try Tracker.replay(
      Build.log([
        .reportPublished(later), .reportPublished(earlier), .reportPublished(mid),
        .statementRecorded(Build.statement("call", "2014-09-24", relatesTo: ["TEST-2"])),
        .statementRecorded(Build.statement("after", "2023-01-01", relatesTo: ["TEST-3"])),
      ]))
    let calls = tracker.firstCalls
    let byCall = FirstCall(date: Build.day("2014-09-24"), by: .statement(EventID("call")!))
    #expect(calls[Build.rec("TEST-2")] == byCall)
    #expect(calls[Build.rec("LATER-1")] == byCall)
    #expect(calls[Build.rec("LATER-2")] == byCall)
    #expect(calls[Build.rec("MID-1")] == byCall)
    // A statement after the report is not an earlier call; nothing earlier, nothing listed.
    #expect(calls[Build.rec("TEST-3")] == nil)
    #expect(calls[Build.rec("LATER-3")] == nil)
    #expect(byCall.years(until: Build.day("2026-09-23")) == 11)
    #expect(byCall.years(until: Build.day("2026-09-24")) == 12)
    // The status rows carry it.
    #expect(tracker.statusRows(on: Build.day("2026-12-01")).first { $0.id == Build.rec("LATER-2") }?.firstCall == byCall)
  }

  @Test func aRepeatMustNameAnEarlierReportsRecommendation() {
    var later = Build.report("later-2025", prefix: "LATER", published: "2025-06-16", count: 1)
    later.recommendations[0].repeats = [Build.rec("TEST-9")]
    let events = Build.log([.reportPublished(Build.report()), .reportPublished(later)])
    #expect(throws: RuleViolation.unknownRepeat(source: SourceID("later-2025")!, Build.rec("LATER-1"), repeats: Build.rec("TEST-9"))) {
      try Tracker.replay(events)
    }
    var own = later
    own.recommendations[0].repeats = [Build.rec("LATER-1")]
    #expect(throws: RuleViolation.unknownRepeat(source: SourceID("later-2025")!, Build.rec("LATER-1"), repeats: Build.rec("LATER-1"))) {
      try Tracker.replay(Build.log([.reportPublished(Build.report()), .reportPublished(own)]))
    }
  }
}
