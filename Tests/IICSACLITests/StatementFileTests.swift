import Foundation
import IICSADomain
import Testing
import Yams

@testable import iicsa

@Suite struct StatementFileTests {
  func parse(_ yaml: String) throws -> StatementFile {
    guard let node = try Yams.compose(yaml: yaml) else { throw InputError(file: "t", message: "empty") }
    return try StatementFile.parse(node, path: "t.yaml")
  }

  let header = """
    id: 2025-01-06-test
    date: 2025-01-06
    speaker: Yvette Cooper
    role: Home Secretary
    kind: commons_statement
    title: Test
    summary: A test.
    sources:
      - url: https://example.org/x
        publisher: Example

    """

  @Test func readsTheDesignDocumentsExample() throws {
    let file = try parse(
      header + """
        changes:
          - recommendation: iicsa-13
            position: accepted
            stage: planned
            note: Duty in the Crime and Policing Bill.
        reaffirms: [IICSA-4]
        pledges:
          - recommendation: IICSA-13
            text: Mandatory reporting duty in the Crime and Policing Bill
            target_stage: legislating
            due: 2025-06-20
            due_text: this spring
        """)
    let statement = file.statement
    #expect(statement.id.rawValue == "2025-01-06-test")
    #expect(statement.changes == [StatusChange(recommendation: RecommendationID("IICSA-13")!, position: .accepted, stage: .planned, note: "Duty in the Crime and Policing Bill.")])
    #expect(statement.reaffirms == [RecommendationID("IICSA-4")!])
    #expect(statement.pledges.first?.target == .stage(.legislating))
    #expect(statement.pledges.first?.dueText == "this spring")
    #expect(file.places[RecommendationID("IICSA-13")!]?.line == 12)
  }

  @Test func pledgeTargetsAreExclusive() throws {
    let both = header + """
      pledges:
        - recommendation: IICSA-13
          text: x
          target_stage: legislating
          target_position: accepted
      """
    #expect(throws: InputError.self) { try parse(both) }
    let any = header + """
      pledges:
        - recommendation: IICSA-13
          text: Respond within six months
          target_position: any
          due: 2023-04-20
      """
    #expect(try parse(any).statement.pledges.first?.target == .anyResponse)
  }

  @Test func anchorsAndNestedStructuresAreRefusedWhereTextIsExpected() throws {
    let alias = """
      base: &b [a, b, c]
      id: 2025-01-06-test
      date: 2025-01-06
      speaker: *b
      """
    #expect(throws: InputError.self) { try parse(alias) }
  }

  @Test func duplicateKeysAreRefused() {
    #expect(throws: (any Error).self) { try parse(header + "summary: twice\n") }
  }
}
