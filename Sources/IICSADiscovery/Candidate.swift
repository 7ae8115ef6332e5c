public import IICSADomain

/// What a source published that may bear on the record: one item a person should read.
public struct Candidate: Hashable, Sendable {
  /// The kinds of item the sources publish.
  public enum Kind: String, CaseIterable, Sendable, Codable {
    case writtenAnswer = "written_answer"
    case writtenStatement = "written_statement"
    case debate
    case billStage = "bill_stage"
    case publication = "govuk_publication"
    case legislation = "new_legislation"

    /// The statement kind a draft starts from; the recorder may choose another.
    public var statementKind: StatementKind {
      switch self {
      case .writtenAnswer: return .writtenAnswer
      case .writtenStatement: return .writtenStatement
      case .debate: return .debate
      case .billStage: return .bill
      case .publication: return .other
      case .legislation: return .statutoryInstrument
      }
    }

    /// The kind in lists.
    public var label: String {
      switch self {
      case .writtenAnswer: return "written answer"
      case .writtenStatement: return "written statement"
      case .debate: return "debate"
      case .billStage: return "bill stage"
      case .publication: return "GOV.UK publication"
      case .legislation: return "new legislation"
      }
    }
  }

  /// The day it was said, made or published.
  public var date: Day
  public var source: DiscoverySource
  public var kind: Kind
  /// Its title, checked and on one line.
  public var title: String
  /// Its public page, on the source's own host.
  public var link: String
  /// Who said it (a member, a minister), when the source says.
  public var speaker: String?
  /// The body that answered or published it (a department, a House).
  public var body: String?
  /// What the source's own data says of its type, for statement kinds the source knows better
  /// (a GOV.UK "consultation_outcome", an "UnitedKingdomStatutoryInstrument").
  public var detail: String?
  /// The terms whose search returned it, or that its title holds.
  public var terms: Set<String>
  /// The recommendations those terms find, and the reports.
  public var recommendations: [RecommendationID] = []
  public var reports: [SourceID] = []

  public init(
    date: Day, source: DiscoverySource, kind: Kind, title: String, link: String, speaker: String? = nil,
    body: String? = nil, detail: String? = nil, terms: Set<String> = []
  ) {
    self.date = date
    self.source = source
    self.kind = kind
    self.title = title
    self.link = link
    self.speaker = speaker
    self.body = body
    self.detail = detail
    self.terms = terms
  }

  /// The statement kind a draft of this item starts from, from what the source says it is.
  public var statementKind: StatementKind {
    switch kind {
    case .publication:
      switch detail ?? "" {
      case "open_consultation", "closed_consultation", "consultation_outcome": return .consultation
      case "press_release", "news_story": return .pressRelease
      case "speech", "oral_statement", "authored_article": return .speech
      case "written_statement": return .writtenStatement
      case "government_response": return .governmentResponse
      case "correspondence": return .letter
      default: return .other
      }
    case .legislation:
      return (detail ?? "").hasPrefix("UnitedKingdomPublicGeneralAct") ? .act : .statutoryInstrument
    default:
      return kind.statementKind
    }
  }

  /// Newest first; then by source, kind and link, so that a list is the same on every run.
  public static func newestFirst(_ a: Candidate, _ b: Candidate) -> Bool {
    if a.date != b.date { return a.date > b.date }
    if a.source != b.source { return a.source < b.source }
    return a.link < b.link
  }
}
