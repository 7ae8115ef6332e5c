import IICSADomain
import IICSAReports

/// The pages of the site, each built as `HTMLNode`s from a `SiteReport` and rendered in one layout:
/// a skip link, the site's navigation, one `h1`, the content, and a footer with the log's head.
/// Links are relative, so the folder works from any host and any sub-path.
struct SitePages {
  let data: SiteReport
  /// The address the site will be published at, for `sitemap.xml` and the 404 page's links.
  let baseURL: String?

  init(data: SiteReport, baseURL: String?) {
    self.data = data
    self.baseURL = baseURL
  }

  /// The pledge that `what`, an entry of `statement`, made; nil for any other entry.
  func pledge(of what: HistoryEntry.What, in statement: EventID) -> PledgeRecord? {
    guard case .pledged(let ordinal) = what else { return nil }
    return data.tracker.pledge(PledgeID(statement: statement, ordinal: ordinal))
  }

  /// A recommendation's folder name: its id in lower case (`iicsa-13`), never to change.
  static func slug(_ id: RecommendationID) -> String { id.description.lowercased() }

  // MARK: Layout

  /// A page at `path` (e.g. `recommendations/iicsa-13/`) with its title and content; `root`
  /// overrides the way back to the site's root (404.html is served from any folder).
  func page(_ path: String, title: String, root override: String? = nil, _ content: [HTMLNode]) -> String {
    let depth = String(repeating: "../", count: path.split(separator: "/").count)
    // The way back to the root as a link: `./` from the root itself.
    let root = override ?? (depth.isEmpty ? "./" : depth)
    let nav: [(String, String)] = [
      ("Home", ""), ("Recommendations", "recommendations/"), ("Statements", "statements/"), ("Pledges", "pledges/"),
      ("Alerts", "alerts/"), ("Months", "months/"), ("About and checking", "about/"),
    ]
    let html = H.el(
      "html", [("lang", "en-GB")],
      [
        H.el(
          "head",
          [
            H.el("meta", [("charset", "utf-8")], []),
            H.el("meta", [("name", "viewport"), ("content", "width=device-width, initial-scale=1")], []),
            H.el(
              "meta",
              [
                ("http-equiv", "Content-Security-Policy"),
                ("content", "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"),
              ], []),
            H.el("meta", [("name", "generator"), ("content", "iicsa")], []),
            H.el("title", title + " · Child sexual abuse: what the government promised"),
            .element("style", [], [.trusted(SiteStyle.css)]),
          ]),
        H.el(
          "body", [],
          [
            H.link("Skip to the content", to: "#content", [("class", "skip")]),
            H.el(
              "header", [],
              [
                H.el("p", [("class", "site")], [H.link("Child sexual abuse: what the government promised, and what it did", to: root)]),
                H.el(
                  "nav", [("aria-label", "Site")],
                  [H.el("ul", [], nav.map { name, target in H.el("li", [H.link(name, to: root + target)]) })]),
              ]),
            H.el("main", [("id", "content")], [H.el("h1", title)] + content),
            H.el(
              "footer", [],
              [
                H.el(
                  "p", [],
                  [
                    .text("Status on \(data.day), as the record stood at \(data.knownAt). Drawn from a log of \(data.log.length) events with head "),
                    H.el("code", [("class", "hash")], data.log.head),
                    .text(". "),
                    H.link("How to check this page against the log", to: root + "about/#check"),
                    .text("."),
                  ]),
              ]),
          ]),
      ])
    return "<!DOCTYPE html>\n" + html.render()
  }

  // MARK: Pieces

  /// One report's recommendations as table rows (link, headline, position, stage), its
  /// unconfirmed ones that read the same in one row that links each (`ReadingLines`).
  func statusRows(_ states: [RecommendationState], root: String) -> [[HTMLNode]] {
    struct Alike: Hashable {
      var status: Status
      var lastChange: ChangeReference?
    }
    let lines = ReadingLines.lines(
      states, unconfirmed: { $0.recommendation.confidence == .unconfirmed },
      alike: { Alike(status: $0.status, lastChange: $0.lastChange) })
    return lines.map { line in
      let state: RecommendationState
      let name: HTMLNode
      switch line {
      case .one(let one):
        state = one
        name = recommendationLink(one.id, root: root, title: true)
      case .unconfirmed(let gathered):
        state = gathered[0]
        var links: [HTMLNode] = [.text(ReadingLines.title(count: gathered.count) + ": ")]
        for (index, item) in gathered.enumerated() {
          if index > 0 { links.append(.text(", ")) }
          links.append(recommendationLink(item.id, root: root))
        }
        name = H.el("span", links)
      }
      return [name, badge(state.headline), .text(state.status.position.label), .text(state.status.stage.label)]
    }
  }

  func recommendationLink(_ id: RecommendationID, root: String, title: Bool = false) -> HTMLNode {
    let name = title ? "\(id) \(data.tracker.states[id]?.recommendation.title ?? "")" : id.description
    return H.link(name, to: root + "recommendations/\(Self.slug(id))/")
  }

  func statementLink(_ id: EventID, root: String) -> HTMLNode {
    let title = data.tracker.statements[id]?.statement.title
      ?? data.corrections.first { $0.retracted?.id == id }?.retracted?.title ?? id.rawValue
    return H.link(title, to: root + "statements/\(id)/")
  }

  func badge(_ headline: Headline) -> HTMLNode {
    H.el("span", [("class", "badge \(Self.className(headline))")], headline.label)
  }

  static func className(_ headline: Headline) -> String {
    switch headline {
    case .done: return "done"
    case .inProgress: return "progress"
    case .promised: return "promised"
    case .notAccepted: return "not"
    case .awaitingAnswer: return "awaiting"
    case .accepted: return "accepted"
    }
  }

  /// When the sources were last searched for a recommendation, and where: a quiet history reads
  /// differently when nobody looked.
  func checked(_ checked: [RecordedSweep.Coverage]) -> HTMLNode {
    guard let latest = checked.first else {
      return section(
        "Last checked", id: "checked",
        [H.el("p", "No search of the sources for it is recorded: a quiet history here may mean that nobody looked, not that nothing happened.")])
    }
    let lines = SweepText.lines(checked)
    var content: [HTMLNode] = []
    for (index, coverage) in checked.enumerated() {
      content.append(H.el("p", [.text(lines[index] + ".")]))
      content.append(sources(coverage.sources))
      if index == 0, let note = latest.entry.sweep.note { content.append(H.el("p", [("class", "muted")], note)) }
    }
    return section("Last checked", id: "checked", content)
  }

  func sources(_ links: [SourceLink]) -> HTMLNode {
    H.el(
      "ul", [("class", "sources")],
      links.map { link in
        H.el("li", [H.link(link.title ?? link.url, to: link.url), .text(" (\(link.publisher))")])
      })
  }

  func table(caption: String, headers: [String], rows: [[HTMLNode]]) -> HTMLNode {
    // A region a keyboard can scroll, when a wide table overflows a phone's screen.
    H.el(
      "div", [("class", "scroll"), ("role", "region"), ("aria-label", caption), ("tabindex", "0")],
      [
        H.el(
          "table", [],
          [
            H.el("caption", caption),
            H.el("thead", [H.el("tr", [], headers.map { H.el("th", [("scope", "col")], $0) })]),
            H.el("tbody", [], rows.map { cells in H.el("tr", [], cells.map { H.el("td", [$0]) }) }),
          ]),
      ])
  }

  func section(_ title: String, id: StaticString? = nil, _ content: [HTMLNode]) -> HTMLNode {
    let heading = H.el("h2", title)
    if let id {
      let anchor: (StaticString, String) = ("id", id.description)
      return .element("section", [anchor], [heading] + content)
    }
    return .element("section", [], [heading] + content)
  }

  func pledgeRows(_ records: [PledgeRecord], root: String) -> [[HTMLNode]] {
    records.map { record in
      [
        recommendationLink(record.pledge.recommendation, root: root),
        .group([H.link(record.madeOn.description, to: root + "statements/\(record.statement)/"), .text(" (\(record.id))")]),
        .text(record.pledge.text),
        .text(PledgeText.terms(record.pledge) + (PledgeText.slip(record).map { "; \($0)" } ?? "")),
        .text(PledgeText.state(record.status(on: data.day))),
      ]
    }
  }

  func alertRows(_ alerts: [Alert], root: String) -> [[HTMLNode]] {
    alerts.map { alert in
      [
        .text(alert.date.description), .text(AlertText.kind(alert.kind)), recommendationLink(alert.recommendation, root: root),
        .text(AlertText.describe(alert)), statementLink(alert.statement, root: root),
      ]
    }
  }

  /// How many recommendations of `report` had each headline at each month end from its
  /// publication (or the chart's start) to the status day, as a table: the chart and its own
  /// text alternative, with a bar drawn by CSS in each row.
  func chart(_ report: Report) -> HTMLNode {
    let states = report.recommendations.compactMap { data.tracker.states[$0.id] }
    var month = max(Month(report.published), MonthlyExport.chartStart)
    var rows: [[HTMLNode]] = []
    while month <= Month(data.day) {
      let day = min(month.last, data.day)
      var counts: [Headline: Int] = [:]
      for state in states { counts[state.headline(on: day), default: 0] += 1 }
      let total = max(1, states.count)
      let bar = H.el(
        "div", [("class", "bar"), ("aria-hidden", "true")],
        HeadlineChart.order.compactMap { headline in
          guard let count = counts[headline], count > 0 else { return nil }
          return H.el("span", [("class", Self.className(headline)), ("style", "width: \(count * 100 / total)%")], [])
        })
      rows.append(
        [.text(MonthlyExport.name(of: month))] + HeadlineChart.order.map { .text(String(counts[$0] ?? 0)) } + [bar])
      month = month.next
    }
    return table(
      caption: "\(report.title): recommendations at each headline at the end of each month",
      headers: ["Month"] + HeadlineChart.order.map(\.label.uppercasedFirst) + ["Chart"],
      rows: rows.reversed())
  }

  // MARK: Pages

  func home() -> String {
    let root = ""
    var content: [HTMLNode] = [
      H.el(
        "p", [("class", "lead")],
        "Which of the promises made on child sexual abuse since 2014 are kept, and which are outstanding: every recommendation of the Jay and Casey reports on Rotherham, the Independent Inquiry into Child Sexual Abuse and the national audit, what the government has said and done about each, and the public source of every statement.")
    ]
    for report in data.tracker.orderedReports {
      let states = report.recommendations.compactMap { data.tracker.states[$0.id] }
      var counts: [Headline: Int] = [:]
      for state in states { counts[state.headline, default: 0] += 1 }
      content.append(
        .element(
          "section", [],
          [
            H.el("h2", report.title),
            H.el("p", [("class", "muted")], "\(report.author), published \(report.published). \(states.count) recommendations."),
            H.el(
              "ul", [("class", "counts")],
              HeadlineChart.order.map { headline in
                H.el("li", [badge(headline), .text(" \(counts[headline] ?? 0)")])
              }),
            H.el(
              "details", [],
              [H.el("summary", "Month by month"), chart(report)]),
            table(
              caption: "\(report.title): every recommendation",
              headers: ["Recommendation", "Headline", "Position", "Stage"],
              rows: statusRows(states, root: root)),
          ]))
    }
    let latest = data.tracker.orderedStatements.suffix(10).reversed()
    content.append(
      section(
        "Latest statements",
        [
          H.el(
            "ul", [],
            latest.map { entry in
              H.el(
                "li", [],
                [.text("\(entry.statement.date): "), statementLink(entry.statement.id, root: root), .text(" (\(entry.statement.speaker))")])
            }),
          H.el("p", [H.link("Every statement", to: "statements/")]),
        ]))
    let overdue = data.tracker.pledges.filter { if case .overdue = $0.status(on: data.day) { return true } else { return false } }
    content.append(
      section(
        "Overdue pledges",
        overdue.isEmpty
          ? [H.el("p", "No pledge is overdue.")]
          : [table(caption: "Pledges past their due date and not kept", headers: ["Recommendation", "Made", "Pledge", "Terms", "State"], rows: pledgeRows(overdue, root: root))]))
    content.append(
      section(
        "Latest alerts",
        [
          table(
            caption: "The latest things that weakened", headers: ["Date", "Kind", "Recommendation", "What", "Statement"],
            rows: alertRows(Array(data.alerts.prefix(10)), root: root)),
          H.el("p", [H.link("Every alert", to: "alerts/")]),
        ]))
    content.append(
      section(
        "Check it",
        [
          H.el(
            "p", [],
            [
              .text("This site was drawn from a log of \(data.log.length) events whose head is "),
              H.el("code", [("class", "hash")], data.log.head),
              .text(". "), H.link("How to check it", to: "about/#check"), .text("."),
            ])
        ]))
    return page("", title: "What the government promised on child sexual abuse, and what it did", content)
  }

  func recommendation(_ state: RecommendationState) -> String {
    let path = "recommendations/\(Self.slug(state.id))/"
    let root = "../../"
    let recommendation = state.recommendation
    let report = data.tracker.reports[state.source]
    var content: [HTMLNode] = [
      H.el("p", [("class", "status")], [badge(state.headline), .text(" Position: \(state.status.position.label); stage: \(state.status.stage.label).")]),
      section(
        "What it asked for",
        [
          H.el("p", recommendation.text),
          H.el("p", [("class", "muted")], "Addressed to \(recommendation.addressedTo.joined(separator: ", "))" + (recommendation.lead.map { "; lead: \($0)" } ?? "") + "."),
          H.el("p", [("class", "muted")], [.text("From "), H.link(report?.title ?? state.source.rawValue, to: report?.url ?? ""), .text(", published \(state.published). Confidence: \(recommendation.confidence.rawValue)." + (recommendation.note.map { " \($0)" } ?? ""))]),
          sources(recommendation.sources),
        ]),
    ]
    if let call = data.firstCalls[state.id] {
      let by: HTMLNode
      switch call.by {
      case .recommendation(let id): by = recommendationLink(id, root: root, title: true)
      case .statement(let id): by = statementLink(id, root: root)
      }
      content.append(
        section("First called for", [H.el("p", [.text("First called for on \(call.date), by "), by, .text(": \(PledgeText.count(call.years(until: data.day), "year")) ago.")])]))
    }
    content.append(checked(data.checked[state.id] ?? []))
    guard
      let detail = RecommendationDetail(
        state.id, in: data.tracker, on: data.day, corrections: data.corrections.map(\.record), alerts: data.alerts)
    else {
      return page(path, title: "\(state.id): \(recommendation.title)", content)
    }
    content.append(
      section(
        "History", id: "history",
        detail.steps.isEmpty
          ? [H.el("p", "No statement about it is recorded.")]
          : [
            H.el(
              "ol", [("class", "history")],
              detail.steps.map { step in
                var items: [HTMLNode] = [
                  H.el("p", [H.el("strong", step.date.description), .text(" "), statementLink(step.statement.statement.id, root: root), .text(" (\(step.statement.statement.speaker))")]),
                  H.el(
                    "ul", [],
                    step.whats.map { what in
                      var words = ChangeText.effect(what, pledge: pledge(of: what, in: step.statement.statement.id))
                      if case .changed(_, _, let note, let reason) = what {
                        words += [note, reason.map { "reason: \($0)" }].compactMap { $0 }.map { ". \($0)" }.joined()
                      }
                      return H.el("li", words)
                    }),
                ]
                for alert in detail.alerts(of: step) { items.append(H.el("p", [("class", "alert")], "Alert: \(AlertText.describe(alert))")) }
                for correction in step.corrections { items.append(correctionNote(correction, root: root)) }
                items.append(sources(step.statement.statement.sources))
                return H.el("li", [], items)
              }),
          ]))
    content.append(
      section(
        "Pledges", id: "pledges",
        detail.pledges.isEmpty
          ? [H.el("p", "No pledge is recorded.")]
          : [table(caption: "Pledges on \(state.id) and how each ended", headers: ["Recommendation", "Made", "Pledge", "Terms", "State"], rows: pledgeRows(detail.pledges, root: root))]))
    let withdrawn = RecommendationDetail.withdrawn(data.corrections, of: state.id, on: data.day)
    if !withdrawn.isEmpty {
      content.append(
        section(
          "Withdrawn from the record",
          [H.el("ul", [], withdrawn.map { entry in H.el("li", [statementLink(entry.record.target, root: root), correctionNote(entry.record, root: root)]) })]))
    }
    return page(path, title: "\(state.id): \(recommendation.title)", content)
  }

  func correctionNote(_ correction: CorrectionRecord, root: String) -> HTMLNode {
    H.el(
      "div", [("class", "correction")],
      [
        H.el("p", "\(correction.retracted ? "Retracted" : "Corrected") on \(correction.recordedAt.day) (\(correction.id)): \(correction.reason)"),
        sources(correction.sources),
      ])
  }

  func statement(_ id: EventID) -> String {
    let path = "statements/\(id)/"
    let root = "../../"
    let corrections = data.corrections.map(\.record).filter { $0.target == id }
    guard let recorded = data.tracker.statements[id] else {
      let retracted = data.corrections.first { $0.retracted?.id == id }
      let statement = retracted?.retracted
      var content: [HTMLNode] = [H.el("p", [("class", "alert")], "This statement was withdrawn from the record.")]
      for correction in corrections { content.append(correctionNote(correction, root: root)) }
      if let statement {
        content.append(H.el("p", "\(statement.date) · \(statement.speaker), \(statement.role)"))
        content.append(H.el("p", statement.summary))
        content.append(sources(statement.sources))
      }
      return page(path, title: statement?.title ?? id.rawValue, content)
    }
    let statement = recorded.statement
    let effects = data.tracker.effects(of: statement)
    var content: [HTMLNode] = [
      H.el("p", [("class", "meta")], "\(statement.date)\(statement.datePrecision == .day ? "" : " (\(statement.datePrecision.rawValue) only)") · \(statement.speaker), \(statement.role) · \(statement.kind.rawValue) · confidence: \(statement.confidence.rawValue)"),
      H.el("p", statement.summary),
    ]
    if let note = statement.note { content.append(H.el("p", [("class", "muted")], "Note: \(note)")) }
    content.append(
      section(
        "What it did",
        effects.isEmpty
          ? [H.el("p", "Nothing that changes a status.")]
          : [
            H.el(
              "ul", [],
              effects.map { effect in
                H.el(
                  "li",
                  [
                    recommendationLink(effect.recommendation, root: root, title: true),
                    .text(": \(ChangeText.effect(effect.what, pledge: pledge(of: effect.what, in: id)))"),
                  ])
              }),
          ]))
    content.append(section("Sources", [sources(statement.sources)]))
    if !corrections.isEmpty { content.append(section("Corrections", corrections.map { correctionNote($0, root: root) })) }
    content.append(H.el("p", [("class", "muted")], "Id: \(id). Recorded \(recorded.recordedAt)."))
    return page(path, title: statement.title, content)
  }

  func recommendationsIndex() -> String {
    let root = "../"
    return page(
      "recommendations/", title: "Every recommendation",
      data.tracker.orderedReports.map { report in
        table(
          caption: report.title, headers: ["Recommendation", "Headline", "Position", "Stage"],
          rows: statusRows(report.recommendations.compactMap { data.tracker.states[$0.id] }, root: root))
      })
  }

  func statementsIndex() -> String {
    let root = "../"
    let entries = data.tracker.orderedStatements.reversed()
    return page(
      "statements/", title: "Every statement",
      [
        table(
          caption: "Statements, newest first", headers: ["Date", "Statement", "Speaker", "Kind"],
          rows: entries.map { entry in
            [.text(entry.statement.date.description), statementLink(entry.statement.id, root: root), .text(entry.statement.speaker), .text(entry.statement.kind.rawValue)]
          })
      ])
  }

  func pledges() -> String {
    let records = data.tracker.pledges.sorted { ($0.madeOn, $0.id) > ($1.madeOn, $1.id) }
    return page(
      "pledges/", title: "Every pledge",
      [
        H.el("p", "A pledge is open until a status change fulfils it, a later statement declares it met or withdrawn, or a later pledge re-makes it (superseded); the slip from its first due date stays visible."),
        H.el(
          "p",
          [
            .text("The due dates of the open and overdue pledges, as a calendar to subscribe to or import: "),
            H.link("pledges.ics", to: "../pledges.ics"),
            .text(" (iCalendar). Each event says who promised what, when, and where it was said; a pledge that ends leaves the calendar."),
          ]),
        table(caption: "Pledges, newest first", headers: ["Recommendation", "Made", "Pledge", "Terms", "State"], rows: pledgeRows(records, root: "../")),
      ])
  }

  func alerts() -> String {
    page(
      "alerts/", title: "What weakened",
      [
        H.el("p", "An alert is anything that weakened: a position or a stage that went back, a pledge that slipped, was withdrawn or fell overdue. Each is traced to its statement."),
        table(caption: "Alerts, newest first", headers: ["Date", "Kind", "Recommendation", "What", "Statement"], rows: alertRows(data.alerts, root: "../")),
      ])
  }

  func monthsIndex() -> String {
    page(
      "months/", title: "Month by month",
      [
        H.el("p", "Each month that holds a statement has a page of what changed, what weakened and every status as of its last day, with the same files `iicsa export --month` writes: CSV, JSON, Markdown, an Atom feed, a calendar of due dates and a MANIFEST to check them by."),
        H.el(
          "ul", [],
          data.months.reversed().map { export in
            H.el("li", [H.link(export.monthName, to: "\(export.month)/"), .text(": \(export.changes.count) status change\(export.changes.count == 1 ? "" : "s")")])
          }),
      ])
  }

  func about() -> String {
    page(
      "about/", title: "About this record, and how to check it",
      [
        H.el("p", "This site is built by iicsa, a tracker of what the UK government promised about child sexual abuse and what it did. Every recommendation comes from a published report; every statement is dated and cites public sources, primary where they can be found. Nothing recorded is ever edited: a mistake is fixed by a correction, shown as one."),
        section(
          "The vocabulary",
          [
            H.el("p", "Each recommendation or finding has a position (what the government says: no response, considering, rejected, accepted in principle, in part, or in full) and a stage (what has been delivered: not started, planned, consulting, legislating, enacted, partly delivered, delivered). The headline follows from both:"),
            H.el(
              "ul", [],
              [
                H.el("li", [badge(.done), .text(" delivered in full;")]),
                H.el("li", [badge(.inProgress), .text(" planned, consulted on, legislated for or partly delivered;")]),
                H.el("li", [badge(.promised), .text(" accepted, but no step taken;")]),
                H.el("li", [badge(.notAccepted), .text(" no response, still considering, or rejected; for a finding, disputed by its addressee;")]),
                H.el("li", [badge(.awaitingAnswer), .text(" a finding (a report's conclusion that called for an answer, not a recommendation) with no answer yet, or still being considered, and nothing done;")]),
                H.el("li", [badge(.accepted), .text(" a finding its addressee accepted, with no step of a response taken yet (accepting a conclusion promises nothing in itself).")]),
              ]),
          ]),
        section(
          "Editorial rules",
          [
            H.el("p", "Facts need public sources, primary where possible (Hansard, GOV.UK, legislation, the report); a commentator's summary is second best and says so. Statements are paraphrased, never copied at length. Uncertainty is marked as such (confidence: single source, unconfirmed), never guessed away."),
          ]),
        section(
          "How to check a page against the log", id: "check",
          [
            H.el("p", [.text("Every page names the log it was drawn from: \(data.log.length) events, head "), H.el("code", [("class", "hash")], data.log.head), .text(". With a copy of the store file and iicsa:")]),
            H.el(
              "pre", [("tabindex", "0")],
              [
                H.el(
                  "code",
                  "iicsa verify --db tracker.sqlite --head \(data.log.head) --length \(data.log.length)\niicsa verify --db tracker.sqlite --manifest SITE/MANIFEST\niicsa verify --db tracker.sqlite --checkpoint CHECKPOINT --key PUBLISHER.pub")
              ]),
            H.el("p", "The first checks that the log still holds this head at this length: nothing up to it was changed, removed, inserted or reordered, and the log was not cut short. The second also checks the SHA-256 of every file of this site, as its MANIFEST lists them. The third checks a checkpoint signed by the publisher. Without iicsa, the log format is specified byte by byte in the project's docs/log-format.md."),
          ]),
      ])
  }

  func notFound() -> String {
    // Served from any folder, so its links are absolute to the site's root when known.
    let root = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" } ?? "/"
    return page(
      "", title: "Page not found", root: root,
      [H.el("p", [.text("There is no page at this address. "), H.link("Start from the home page", to: root), .text(".")])])
  }

  static func sitemap(_ paths: [String], base: String) -> String {
    let root = base.hasSuffix("/") ? base : base + "/"
    let pages = paths.filter { $0.hasSuffix("index.html") }.map { root + $0.dropLast("index.html".count) }.sorted()
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
    for page in pages {
      var escaped = ""
      HTMLNode.escape(page, into: &escaped, attribute: true)
      out += "  <url><loc>\(escaped)</loc></url>\n"
    }
    return out + "</urlset>\n"
  }
}
