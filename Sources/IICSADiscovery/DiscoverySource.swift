public import IICSADomain

/// The official sources `iicsa discover` asks, each an open, documented, keyless API.
public enum DiscoverySource: String, CaseIterable, Sendable, Codable, Comparable {
  /// UK Parliament's written questions, answers and written ministerial statements.
  case writtenQuestions = "written_questions"
  /// UK Parliament's bills and their stages.
  case bills
  /// GOV.UK's search: publications, consultations, responses and news.
  case govuk
  /// legislation.gov.uk: new Acts and statutory instruments.
  case legislation
  /// Hansard: debates in either House.
  case hansard

  /// The name in `IICSA_SOURCE_URL_<NAME>`, which points the source at another base URL (a
  /// mirror, or the tests' loopback server).
  public var environmentName: String {
    switch self {
    case .writtenQuestions: return "WRITTEN_QUESTIONS"
    case .bills: return "BILLS"
    case .govuk: return "GOVUK"
    case .legislation: return "LEGISLATION"
    case .hansard: return "HANSARD"
    }
  }

  /// Where the API is, unless the environment says otherwise.
  public var defaultBaseURL: String {
    switch self {
    case .writtenQuestions: return "https://questions-statements-api.parliament.uk"
    case .bills: return "https://bills-api.parliament.uk"
    case .govuk: return "https://www.gov.uk"
    case .legislation: return "https://www.legislation.gov.uk"
    case .hansard: return "https://hansard-api.parliament.uk"
    }
  }

  /// Who publishes it, as a statement's source names its publisher.
  public var publisher: String {
    switch self {
    case .writtenQuestions, .bills, .hansard: return "UK Parliament"
    case .govuk: return "GOV.UK"
    case .legislation: return "legislation.gov.uk"
    }
  }

  /// The public page of the place searched, as a sweep names it: what a reader can open, and,
  /// in its title, the API `discover` asked.
  public var searchPage: SourceLink {
    switch self {
    case .writtenQuestions:
      return SourceLink(
        url: "https://questions-statements.parliament.uk/", publisher: publisher,
        title: "Written questions, answers and statements (asked through questions-statements-api.parliament.uk)")
    case .bills:
      return SourceLink(url: "https://bills.parliament.uk/", publisher: publisher, title: "Bills (asked through bills-api.parliament.uk)")
    case .govuk:
      return SourceLink(url: "https://www.gov.uk/search/all", publisher: publisher, title: "GOV.UK search (asked through www.gov.uk/api/search.json)")
    case .legislation:
      return SourceLink(url: "https://www.legislation.gov.uk/new", publisher: publisher, title: "New legislation (asked through its Atom search feed)")
    case .hansard:
      return SourceLink(url: "https://hansard.parliament.uk/", publisher: publisher, title: "Hansard debates (asked through hansard-api.parliament.uk)")
    }
  }

  /// The source's name in lists and messages.
  public var label: String {
    switch self {
    case .writtenQuestions: return "written questions and statements"
    case .bills: return "bills"
    case .govuk: return "GOV.UK"
    case .legislation: return "legislation.gov.uk"
    case .hansard: return "Hansard"
    }
  }

  /// The only hosts a link to one of the source's items may point at: its public pages, never
  /// wherever a response says. A link elsewhere is refused with the response.
  public var linkHosts: Set<String> {
    switch self {
    case .writtenQuestions: return ["questions-statements.parliament.uk"]
    case .bills: return ["bills.parliament.uk"]
    case .govuk: return ["www.gov.uk"]
    case .legislation: return ["www.legislation.gov.uk"]
    case .hansard: return ["hansard.parliament.uk"]
    }
  }

  public static func < (lhs: DiscoverySource, rhs: DiscoverySource) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
