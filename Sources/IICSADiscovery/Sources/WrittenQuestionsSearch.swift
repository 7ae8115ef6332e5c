public import IICSADomain

/// UK Parliament's written questions and statements API: answered questions, by the day they
/// were answered, and written ministerial statements, by the day they were made.
public struct WrittenQuestionsSearch: SourceSearch {
  public let source = DiscoverySource.writtenQuestions
  public init() {}

  struct Page<Item: Decodable>: Decodable {
    var totalResults: Int
    var results: [Result]
    struct Result: Decodable { var value: Item }
  }

  struct Member: Decodable { var name: String? }

  struct Question: Decodable {
    var uin: String
    var heading: String?
    var questionText: String?
    var house: String?
    var dateTabled: String
    var dateAnswered: String?
    var answeringBodyName: String?
    var answeringMember: Member?
  }

  struct WrittenStatement: Decodable {
    var uin: String
    var title: String
    var dateMade: String
    var house: String?
    var answeringBodyName: String?
    var member: Member?
    var memberRole: String?
  }

  public func search(_ term: String, in period: Period, base: String, client: PoliteClient) async throws(DiscoveryError) -> Found {
    var found = Found()
    found.add(
      try await pages(Question.self, term: term, base: base, path: "/api/writtenquestions/questions", client: client) { skip in
        [
          ("searchTerm", term), ("answered", "Answered"), ("expandMember", "true"), ("answeredWhenFrom", period.from.description),
          ("answeredWhenTo", period.through.description), ("skip", String(skip)), ("take", String(Paging.pageSize)),
        ]
      } read: { (question: Question) throws(NetworkText.Refusal) -> Candidate? in
        let item = "written question \(question.uin)"
        let uin = try NetworkText.pathPiece(question.uin, source: source, item: item)
        guard let answered = Answer.day(question.dateAnswered), let tabled = Answer.day(question.dateTabled) else { return nil }
        let title = try NetworkText.line(question.heading ?? question.questionText ?? uin, field: "title", source: source, item: item)
        return Candidate(
          date: answered, source: source, kind: .writtenAnswer, title: title,
          link: try NetworkText.link(
            "https://questions-statements.parliament.uk/written-questions/detail/\(tabled)/\(uin)", source: source, item: item),
          speaker: try NetworkText.optionalLine(question.answeringMember?.name, field: "speaker", source: source, item: item),
          body: try NetworkText.optionalLine(question.answeringBodyName, field: "role", source: source, item: item),
          detail: question.house.map { "\($0) written question \(uin)" }, terms: [term])
      })
    found.add(
      try await pages(WrittenStatement.self, term: term, base: base, path: "/api/writtenstatements/statements", client: client) { skip in
        [
          ("searchTerm", term), ("expandMember", "true"), ("madeWhenFrom", period.from.description), ("madeWhenTo", period.through.description),
          ("skip", String(skip)), ("take", String(Paging.pageSize)),
        ]
      } read: { (statement: WrittenStatement) throws(NetworkText.Refusal) -> Candidate? in
        let item = "written statement \(statement.uin)"
        let uin = try NetworkText.pathPiece(statement.uin, source: source, item: item)
        guard let made = Answer.day(statement.dateMade) else { return nil }
        return Candidate(
          date: made, source: source, kind: .writtenStatement,
          title: try NetworkText.line(statement.title, field: "title", source: source, item: item),
          link: try NetworkText.link(
            "https://questions-statements.parliament.uk/written-statements/detail/\(made)/\(uin)", source: source, item: item),
          speaker: try NetworkText.optionalLine(statement.member?.name, field: "speaker", source: source, item: item),
          body: try NetworkText.optionalLine(
            statement.memberRole ?? statement.answeringBodyName, field: "role", source: source, item: item),
          detail: statement.house.map { "\($0) written statement \(uin)" }, terms: [term])
      })
    return found
  }

  /// Every page of one search, `skip` and `take` at a time, up to `Paging.limit` items.
  private func pages<Item: Decodable>(
    _ type: Item.Type, term: String, base: String, path: String, client: PoliteClient,
    query: (Int) -> [(String, String)], read: (Item) throws(NetworkText.Refusal) -> Candidate?
  ) async throws(DiscoveryError) -> Found {
    var found = Found()
    if let note = try await Paging.read("\(source.label): '\(term)'", { skip throws(DiscoveryError) in
      let url = Answer.url(base, path, query(skip))
      let page = try Answer.decode(Page<Item>.self, from: try await client.get(url, from: source), source: source, url: url)
      for result in page.results { found.add { () throws(NetworkText.Refusal) in try read(result.value) } }
      return Paging.Page(items: page.results.count, total: page.totalResults)
    }) {
      found.unread.append(note)
    }
    return found
  }
}
