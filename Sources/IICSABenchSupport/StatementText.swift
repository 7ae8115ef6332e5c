import IICSADomain

/// The words of a synthetic statement: who, what kind, a title and a summary of realistic size.
enum StatementText {
  static let speakers: [(String, String)] = [
    ("A Home Secretary", "Home Secretary"),
    ("A Safeguarding Minister", "Minister for Safeguarding"),
    ("An Education Secretary", "Secretary of State for Education"),
    ("A Justice Minister", "Minister of State for Justice"),
    ("A Prime Minister", "Prime Minister"),
  ]

  static let kinds: [StatementKind] = [
    .commonsStatement, .writtenStatement, .writtenAnswer, .governmentResponse, .pressRelease,
    .speech, .bill, .letter, .debate,
  ]

  static let publishers = ["Hansard", "GOV.UK", "The Independent", "BBC News"]

  /// A statement with `content`, dated `date`, its id unique by `index`; nil if the id is not a
  /// valid slug (it always is).
  static func make(
    index: Int, date: Day, content: StatementContent, rng: inout SplitMix64
  ) -> Statement? {
    let (speaker, role) = rng.pick(speakers)
    let subject = content.subject?.description ?? "the recommendations"
    guard let id = EventID("syn-\(date)-\(index)") else { return nil }
    var sources = [
      SourceLink(
        url: "https://example.org/hansard/\(date)/\(index)", publisher: rng.pick(publishers))
    ]
    if rng.chance(30) {
      sources.append(SourceLink(url: "https://example.org/news/\(index)", publisher: "BBC News"))
    }
    return Statement(
      id: id, date: date, speaker: speaker, role: role, kind: rng.pick(kinds),
      title: "Synthetic statement \(index) on \(subject)",
      summary: "\(speaker) said the government would keep its word on \(subject), set out the next "
        + "steps with partners in policing, health and local government, and promised to report "
        + "back to Parliament. (Synthetic statement \(index), generated for benchmarks.)",
      sources: sources, changes: content.changes, reaffirms: content.reaffirms,
      pledges: content.pledges)
  }
}
