import GRDB
import IICSADomain
@testable import IICSAStore
import IICSALog
import IICSATestSupport
import Testing

@Suite struct CorrectionCountTests {
  let report = Build.report()

  @Test func countsTheCorrectionsOfOneEventOnly() throws {
    let store = try EventStore.inMemory()
    let a = Build.statement("a", "2023-05-22", changes: [Build.change("TEST-1", .accepted)])
    var reworded = a
    reworded.summary = "Reworded"
    var again = a
    again.summary = "Reworded again"
    func correction(_ ordinal: Int, of target: String, _ replacement: Replacement?) -> EventPayload {
      .eventCorrected(Correction(target: EventID(target)!, reason: "Fix \(ordinal)", replacement: replacement))
    }
    let events = Build.log([
      .reportPublished(report),
      .statementRecorded(a),
      .statementRecorded(Build.statement("b", "2023-06-01", reaffirms: ["TEST-1"])),
      correction(1, of: "a", .statement(reworded)),
      correction(1, of: "b", nil),
      correction(2, of: "a", .statement(again)),
    ])
    #expect(try store.correctionCount(of: EventID("a")!) == 0)
    _ = try store.append(Build.newEvents(events))
    #expect(try store.correctionCount(of: EventID("a")!) == 2)
    #expect(try store.correctionCount(of: EventID("b")!) == 1)
    #expect(try store.correctionCount(of: EventID(report.id)) == 0)
    #expect(try store.correctionCount(of: EventID("nothing")!) == 0)
  }

  @Test func isOneSeekOnTheIndex() throws {
    let store = try EventStore.inMemory()
    let plan = try store.writer.read { db in
      try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + EventStore.correctionCountSQL, arguments: ["a"])
        .map { $0["detail"] as String }
    }
    #expect(plan.contains { $0.contains("USING INDEX event_correction_target") }, "\(plan)")
    #expect(!plan.contains { $0.hasPrefix("SCAN") }, "\(plan)")
  }
}
