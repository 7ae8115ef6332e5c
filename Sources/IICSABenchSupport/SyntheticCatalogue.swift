public import IICSADomain

/// The synthetic reports a generated store is built on, made in code.
///
/// Four reports published years apart, modelled on the real sources' dates, share the
/// recommendations between them, so that early statements can only speak of early reports.
public enum SyntheticCatalogue {
  struct Spec {
    var id: String
    var prefix: String
    var title: String
    var published: String
  }

  static let specs = [
    Spec(
      id: "synth-jay-2014", prefix: "SJAY", title: "Synthetic inquiry into exploitation",
      published: "2014-08-26"),
    Spec(
      id: "synth-casey-2015", prefix: "SCASEY", title: "Synthetic inspection report",
      published: "2015-02-04"),
    Spec(
      id: "synth-iicsa-2022", prefix: "SIICSA", title: "Synthetic final report",
      published: "2022-10-20"),
    Spec(
      id: "synth-audit-2025", prefix: "SAUDIT", title: "Synthetic national audit",
      published: "2025-06-16"),
  ]

  /// The last day a generated statement may carry: every generated `recorded_at` is later.
  public static let lastDate = Day(year: 2025, month: 12, day: 31) ?? Day(daysSinceEpoch: 20_453)

  /// The first `recorded_at` of a generated log; event `i` (from 0) is recorded `i` seconds later.
  public static let firstRecordedAt = Timestamp(secondsSinceEpoch: 1_767_225_600)  // 2026-01-01

  /// How many reports `reports(recommendations:)` makes, without making them: the generator asks
  /// for every event, so this must not build the catalogue.
  public static func reportCount(recommendations count: Int) -> Int {
    min(specs.count, max(1, count))
  }

  /// Reports holding `count` recommendations in all (at least one), oldest first.
  public static func reports(recommendations count: Int) -> [Report] {
    let total = max(1, count)
    let used = Array(specs.prefix(min(specs.count, total)))
    return used.enumerated().compactMap { index, spec in
      let share = total / used.count + (index < total % used.count ? 1 : 0)
      return report(spec, count: share)
    }
  }

  static func report(_ spec: Spec, count: Int) -> Report? {
    let url = "https://example.org/synthetic/\(spec.id)"
    guard let published = Day(iso: spec.published), let source = SourceID(spec.id) else {
      return nil
    }
    let recommendations = (1...max(1, count)).compactMap { number -> Recommendation? in
      guard let id = RecommendationID(prefix: spec.prefix, number: number) else { return nil }
      return Recommendation(
        id: id, title: "\(spec.title): recommendation \(number)",
        text: "Synthetic recommendation \(number) of \(spec.id): a duty, a body or a change in the "
          + "law that the government is asked to deliver.",
        addressedTo: ["UK government"], lead: "Home Office",
        sources: [SourceLink(url: "\(url)#rec-\(number)", publisher: "Synthetic inquiry")])
    }
    return Report(
      id: source, prefix: spec.prefix,
      title: spec.title, author: "A synthetic inquiry", published: published, url: url,
      recommendations: recommendations)
  }
}
