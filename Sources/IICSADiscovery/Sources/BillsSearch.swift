public import IICSADomain

/// UK Parliament's Bills API: the bills a term finds, newest update first, and for each bill
/// updated in the period the stages that sat in it (Royal Assent among them), as one item.
public struct BillsSearch: SourceSearch {
  public let source = DiscoverySource.bills
  public init() {}

  struct Page<Item: Decodable>: Decodable {
    var items: [Item]
    var totalResults: Int
  }

  struct Bill: Decodable {
    var billId: Int
    var shortTitle: String
    var lastUpdate: String
  }

  struct Stage: Decodable {
    var id: Int
    var description: String
    var house: String?
    var stageSittings: [Sitting]
    struct Sitting: Decodable { var date: String? }
  }

  public func search(_ term: String, in period: Period, base: String, client: PoliteClient) async throws(DiscoveryError) -> Found {
    var found = Found()
    var bills: [Bill] = []
    if let note = try await Paging.read("\(source.label): '\(term)'", { skip throws(DiscoveryError) in
      let url = Answer.url(
        base, "/api/v1/Bills",
        [("SearchTerm", term), ("SortOrder", "DateUpdatedDescending"), ("Skip", String(skip)), ("Take", String(Paging.pageSize))])
      let page = try Answer.decode(Page<Bill>.self, from: try await client.get(url, from: source), source: source, url: url)
      for bill in page.items {
        // Newest update first: a bill last updated before the period had no stage in it.
        guard let updated = Answer.day(bill.lastUpdate), updated >= period.from else {
          return Paging.Page(items: page.items.count, total: page.totalResults, last: true)
        }
        bills.append(bill)
      }
      return Paging.Page(items: page.items.count, total: page.totalResults)
    }) {
      found.unread.append(note)
    }
    for bill in bills {
      let url = Answer.url(base, "/api/v1/Bills/\(bill.billId)/Stages", [("Skip", "0"), ("Take", String(Paging.pageSize))])
      let stages = try Answer.decode(Page<Stage>.self, from: try await client.get(url, from: source), source: source, url: url)
      // One item per bill: its stages that sat in the period, dated by the last sitting.
      let sat = stages.items.compactMap { stage -> (Stage, Day)? in
        Set(stage.stageSittings.compactMap { Answer.day($0.date) }).filter(period.contains).max().map { (stage, $0) }
      }
      guard let last = sat.map(\.1).max() else { continue }
      found.add { () throws(NetworkText.Refusal) in
        let item = "bill \(bill.billId)"
        let named = sat.sorted { $0.1 < $1.1 }.map { stage, day in
          "\(stage.description)\(stage.house.map { " (\($0))" } ?? "") \(day)"
        }
        return Candidate(
          date: last, source: source, kind: .billStage,
          title: try NetworkText.line(bill.shortTitle, field: "title", source: source, item: item),
          link: try NetworkText.link("https://bills.parliament.uk/bills/\(bill.billId)", source: source, item: item),
          body: "UK Parliament",
          detail: try NetworkText.line(named.joined(separator: "; "), field: "detail", source: source, item: item),
          terms: [term])
      }
    }
    return found
  }
}
