import IICSADomain
import Testing

@Suite struct StatusTests {
  @Test(arguments: Position.allCases)
  func headlineFollowsStageThenPosition(_ position: Position) {
    for stage in Stage.allCases {
      let headline = Status(position: position, stage: stage).headline(for: .recommendation)
      switch stage {
      case .delivered: #expect(headline == .done)
      case .notStarted: #expect(headline == (position.isAcceptance ? .promised : .notAccepted))
      default: #expect(headline == .inProgress)
      }
    }
  }

  /// A finding reads "not accepted" only when its addressee disputed it, awaiting an answer
  /// before it is answered, and "accepted" (not "promised") once accepted with nothing done.
  @Test(arguments: Position.allCases)
  func aFindingIsNotAcceptedOnlyWhenDisputed(_ position: Position) {
    for stage in Stage.allCases {
      let finding = Status(position: position, stage: stage).headline(for: .finding)
      let recommendation = Status(position: position, stage: stage).headline(for: .recommendation)
      switch (stage, position) {
      case (.notStarted, .noResponse), (.notStarted, .considering): #expect(finding == .awaitingAnswer)
      case (.notStarted, .accepted), (.notStarted, .acceptedInPart), (.notStarted, .acceptedInPrinciple):
        #expect(finding == .accepted)
        #expect(recommendation == .promised)
      default: #expect(finding == recommendation)
      }
      #expect(recommendation != .awaitingAnswer && recommendation != .accepted)
    }
  }

  @Test func onlyDoneIsNotOutstanding() {
    #expect(Headline.allCases.filter { !$0.isOutstanding } == [.done])
  }

  @Test func stagesAreOrderedByDelivery() {
    #expect(Stage.allCases.map(\.rawValue) == [
      "not_started", "planned", "consulting", "legislating", "enacted", "partially_delivered",
      "delivered",
    ])
    #expect(Stage.planned < Stage.legislating)
  }

  @Test func pledgeTargets() {
    let legislating = Status(position: .accepted, stage: .legislating)
    #expect(PledgeTarget.stage(.consulting).isMet(by: legislating))
    #expect(!PledgeTarget.stage(.enacted).isMet(by: legislating))
    #expect(PledgeTarget.anyResponse.isMet(by: Status(position: .rejected, stage: .notStarted)))
    #expect(!PledgeTarget.anyResponse.isMet(by: .initial))
    #expect(PledgeTarget.position(.accepted).isMet(by: legislating))
  }
}
