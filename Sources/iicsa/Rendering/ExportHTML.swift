import IICSADomain
import IICSAReports

/// `index.html`: one self-contained page. Every string from the record passes through
/// `Escape.html`, every link is checked to be a web URL, and a Content-Security-Policy forbids
/// any request, so a hostile statement title can neither run nor phone home.
enum ExportHTML {
  static func render(_ export: MonthlyExport) -> String {
    let h = Escape.html
    let status = export.status
    let title = "Government promises on child sexual abuse: \(export.monthName)"
    var out = """
      <!DOCTYPE html>
      <html lang="en-GB">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
      <meta name="generator" content="iicsa">
      <title>\(h(title))</title>
      <style>\(css)</style>
      </head>
      <body>
      <header>
      <h1>\(h(title))</h1>
      <p class="meta">Status on <strong>\(export.asOf)</strong>, as the record stood at \(export.knownAt).
      Every status links to the statement it rests on.</p>
      </header>
      <main>

      """
    out += headlines(status)
    out +=
      "<section id=\"chart\">\n<h2>Month by month since \(MonthlyExport.name(of: MonthlyExport.chartStart))</h2>\n"
    out += "<figure>\n" + HeadlineChart.svg(export.chart)
    out +=
      "<figcaption>Recommendations at each headline at the end of each month (the last bar is "
      + "\(export.asOf)); reports count from the month they were published.</figcaption>\n"
    out += HeadlineChart.legend() + "</figure>\n</section>\n"
    out += changes(export)
    out += alerts(export)
    out += overdue(export)
    out += checked(export)
    out += table(export)
    out += """
      </main>
      <footer>
      <p>Made by <code>iicsa export --month \(export.month) --known-at \(export.knownAt)</code> from a log of
      \(status.log.length) events with head <code class="hash">\(h(status.log.head))</code>.
      Check a copy with <code>iicsa verify --manifest MANIFEST</code>.
      Headlines: <em>done</em> = delivered in full; <em>in progress</em> = planned, consulted on,
      legislated for or partly delivered; <em>promised</em> = accepted but no step taken;
      <em>not accepted</em> = no response, considering or rejected (for a finding, disputed);
      <em>awaiting answer</em> = a finding with no answer yet, or still being considered;
      <em>accepted</em> = a finding accepted, with no step of a response taken yet.</p>
      </footer>
      </body>
      </html>

      """
    return out
  }

  static func headlines(_ status: StatusReport) -> String {
    var out = "<section id=\"headlines\">\n<h2>Headlines</h2>\n<div class=\"scroll\">"
    out += "<table class=\"counts\">\n<thead><tr><th scope=\"col\">Report</th>"
    for headline in HeadlineChart.order {
      out +=
        "<th scope=\"col\" class=\"num\"><span class=\"swatch\" style=\"background:"
        + "\(HeadlineChart.colour(headline))\"></span>\(headline.label)</th>"
    }
    out += "<th scope=\"col\" class=\"num total\">total</th></tr></thead>\n<tbody>\n"
    var totals: [Headline: Int] = [:]
    for (source, counts) in status.headlineCounts() {
      out +=
        "<tr><th scope=\"row\">\(link(Escape.html(source.title), source.url)) "
        + "<span class=\"muted\">(\(source.id), \(source.published))</span></th>"
      for headline in HeadlineChart.order {
        out += "<td class=\"num\">\(counts[headline] ?? 0)</td>"
        totals[headline, default: 0] += counts[headline] ?? 0
      }
      out += "<td class=\"num total\">\(counts.values.reduce(0, +))</td></tr>\n"
    }
    out += "</tbody>\n<tfoot><tr><th scope=\"row\">All</th>"
    for headline in HeadlineChart.order { out += "<td class=\"num\">\(totals[headline] ?? 0)</td>" }
    out +=
      "<td class=\"num total\">\(totals.values.reduce(0, +))</td></tr></tfoot>\n</table></div>\n</section>\n"
    return out
  }

  static func changes(_ export: MonthlyExport) -> String {
    let h = Escape.html
    var out = "<section id=\"changes\">\n<h2>What changed in \(export.monthName)</h2>\n"
    if export.changes.isEmpty { return out + "<p>No status changed this month.</p>\n</section>\n" }
    // Grouped by statement: one statement often moves many recommendations at once.
    out += "<ol class=\"changes\">\n"
    var index = 0
    let changes = export.changes
    while index < changes.count {
      let statement = changes[index].statement
      let s = statement.statement
      out +=
        "<li><span class=\"date\">\(s.date)</span> "
        + "<strong>\(link(h(s.title), changes[index].sourceURL))</strong> — \(h(s.speaker)), \(h(s.role))\n<ul>\n"
      while index < changes.count, changes[index].statement.statement.id == s.id {
        let change = changes[index]
        out +=
          "<li><strong>\(change.recommendation)</strong> \(h(change.title)): "
          + "\(badge(change.from.headline(for: change.kind))) → \(badge(change.to.headline(for: change.kind))) "
          + "<span class=\"muted\">(\(h(ChangeText.describe(from: change.from, to: change.to))))</span>"
        if let note = change.note { out += "<br><span class=\"note\">\(h(note))</span>" }
        if let reason = change.reason {
          out += "<br><span class=\"note\">Reason: \(h(reason))</span>"
        }
        out += "</li>\n"
        index += 1
      }
      out += "</ul></li>\n"
    }
    return out + "</ol>\n</section>\n"
  }

  static func alerts(_ export: MonthlyExport) -> String {
    let h = Escape.html
    var out = "<section id=\"alerts\">\n<h2>What weakened in \(export.monthName)</h2>\n"
    if export.alerts.isEmpty { return out + "<p>Nothing weakened this month.</p>\n</section>\n" }
    out += "<ul class=\"alerts\">\n"
    for row in export.alerts {
      out +=
        "<li><span class=\"date\">\(row.alert.date)</span> <strong>\(row.alert.recommendation)</strong> "
        + "\(h(row.title)): <span class=\"overdue\">\(h(AlertText.describe(row.alert)))</span> — "
        + "\(link(h(row.statementTitle), row.sourceURL))</li>\n"
    }
    return out + "</ul>\n</section>\n"
  }

  static func overdue(_ export: MonthlyExport) -> String {
    let h = Escape.html
    let rows = export.overduePledges
    var out = "<section id=\"overdue\">\n<h2>Overdue pledges</h2>\n"
    let note = "<p class=\"muted\">" + ExportFiles.pledgeNote(export, code: { "<code>\($0)</code>" }) + "</p>\n"
    if rows.isEmpty {
      return out + "<p>No pledge is overdue on \(export.asOf).</p>\n" + note + "</section>\n"
    }
    out +=
      "<div class=\"scroll\"><table class=\"pledges\">\n<thead><tr><th scope=\"col\">Recommendation</th>"
      + "<th scope=\"col\">Pledge</th><th scope=\"col\">Made</th><th scope=\"col\">Due</th>"
      + "<th scope=\"col\" class=\"num\">Days overdue</th></tr></thead>\n<tbody>\n"
    for row in rows {
      let pledge = row.record.pledge
      var due = pledge.due?.description ?? "—"
      if let words = pledge.dueText { due += " <span class=\"muted\">(“\(h(words))”)</span>" }
      var days = ""
      if case .overdue(let count) = row.state { days = String(count) }
      out +=
        "<tr><td><strong>\(pledge.recommendation)</strong> \(h(row.title))</td>"
        + "<td>\(link(h(pledge.text), export.sourceURL(of: row.record.statement)))</td>"
        + "<td class=\"date\">\(row.record.madeOn)</td><td class=\"date\">\(due)</td>"
        + "<td class=\"num overdue\">\(days)</td></tr>\n"
    }
    return out + "</tbody>\n</table></div>\n" + note + "</section>\n"
  }

  static func checked(_ export: MonthlyExport) -> String {
    let h = Escape.html
    let lines = SweepText.month(export)
    var out = "<section id=\"checked\">\n<h2>What was checked</h2>\n"
    if lines.searches.isEmpty {
      out += "<p>\(h(lines.none))</p>\n"
    } else {
      out += "<ul>\n" + lines.searches.map { "<li>\(h($0))</li>\n" }.joined() + "</ul>\n"
    }
    return out + "<p class=\"muted\">\(h(lines.lastChecked))</p>\n</section>\n"
  }

  static func table(_ export: MonthlyExport) -> String {
    let h = Escape.html
    var out = "<section id=\"status\">\n<h2>Every recommendation on \(export.asOf)</h2>\n"
    out +=
      "<div class=\"scroll\"><table id=\"status-table\">\n<thead><tr><th scope=\"col\">ID</th>"
      + "<th scope=\"col\">Recommendation</th><th scope=\"col\">Status</th><th scope=\"col\">Position</th>"
      + "<th scope=\"col\">Stage</th><th scope=\"col\">Last change</th><th scope=\"col\" class=\"num\">"
      + "Pledges</th></tr></thead>\n<tbody>\n"
    for line in export.status.sources.flatMap({ export.status.readingLines(of: $0.id) }) {
      let (row, _, title) = StatusRendering.cells(line)
      // Every id keeps its anchor (`index.html#JAY-3`), gathered or not.
      let ids: [RecommendationID]
      switch line {
      case .one(let one): ids = [one.id]
      case .unconfirmed(let rows): ids = rows.map(\.id)
      }
      let idCell = ids.count == 1 ? "\(row.id)" : ids.map { "<span id=\"\($0)\">\($0)</span>" }.joined(separator: ", ")
      let rowID = ids.count == 1 ? " id=\"\(row.id)\"" : ""
      var last = "—"
      if let change = row.lastChange {
        last =
          "<span class=\"date\">\(change.date)</span><br><span class=\"id\">\(h(change.statement.rawValue))</span>"
      }
      var pledges = row.openPledges == 0 ? "" : "\(row.openPledges) open"
      if row.overduePledges > 0 {
        pledges += ", <span class=\"overdue\">\(row.overduePledges) overdue</span>"
      }
      out +=
        "<tr\(rowID)><td data-label=\"ID\" class=\"id\">\(idCell)</td>"
        + "<td data-label=\"Recommendation\">\(h(title))</td>"
        + "<td data-label=\"Status\">\(link(badge(row.headline), export.statusURL(row)))</td>"
        + "<td data-label=\"Position\">\(row.status.position.label)</td>"
        + "<td data-label=\"Stage\">\(row.status.stage.label)</td>"
        + "<td data-label=\"Last change\">\(last)</td>"
        + "<td data-label=\"Pledges\" class=\"num\">\(pledges)</td></tr>\n"
    }
    return out + "</tbody>\n</table></div>\n</section>\n"
  }

  static func badge(_ headline: Headline) -> String {
    "<span class=\"badge \(headline.rawValue)\">\(headline.label)</span>"
  }

  /// `html` (already escaped) as a link to `url` when it is a web URL, else plain.
  static func link(_ html: String, _ url: String?) -> String {
    guard let url, SourceLink(url: url, publisher: "").hasWebURL else { return html }
    return "<a href=\"\(Escape.html(url))\" rel=\"noopener noreferrer\">\(html)</a>"
  }

  static let css = """

    :root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #d9d9de; --bg: #fff;
      --band: #f5f5f7; --link: #1a4f8b; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0 auto; max-width: 72rem; padding: 1rem 1.25rem 3rem; color: var(--ink);
      background: var(--bg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica,
      Arial, sans-serif; }
    h1 { font-size: 1.7rem; line-height: 1.2; margin: .5rem 0; }
    h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 2px solid var(--ink);
      padding-bottom: .2rem; }
    a { color: var(--link); }
    .meta, .muted, figcaption, footer { color: var(--muted); }
    .meta { margin: 0; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; font-size: .92rem; }
    th, td { text-align: left; vertical-align: top; padding: .4rem .5rem;
      border-bottom: 1px solid var(--line); }
    thead th { background: var(--band); font-weight: 600; white-space: nowrap; }
    tbody th { font-weight: normal; }
    tfoot th, tfoot td { font-weight: 600; }
    .num { text-align: right; font-variant-numeric: tabular-nums; }
    .date, .id { white-space: nowrap; font-variant-numeric: tabular-nums; }
    td .id { font-size: .8rem; color: var(--muted); white-space: normal; overflow-wrap: anywhere; }
    .swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px;
      margin-right: .3em; vertical-align: -.05em; }
    .badge { display: inline-block; padding: .05rem .5rem; border-radius: 1rem; font-size: .82rem;
      font-weight: 600; white-space: nowrap; border: 1px solid currentColor; }
    .badge.done { background: #e3f1e6; color: #14532d; }
    .badge.in_progress { background: #fdf0cf; color: #6b4a00; }
    .badge.promised { background: #e3ecf7; color: #1d3f6e; }
    .badge.not_accepted { background: #f9e0de; color: #8c1d18; }
    .badge.awaiting_answer { background: #ececec; color: #3d3d3d; }
    .badge.accepted { background: #dcefef; color: #1c4a4d; }
    a .badge { text-decoration: underline; }
    .overdue { color: #b3261e; font-weight: 600; }
    figure { margin: 0; }
    .chart { width: 100%; height: auto; display: block; }
    .chart .grid { stroke: #e4e4e8; stroke-width: 1; }
    .chart .axis { stroke: #8a8a90; stroke-width: 1; }
    .chart text { font: 13px system-ui, sans-serif; fill: #5f6368; }
    .chart .ylabel { text-anchor: end; }
    .chart .xlabel { text-anchor: middle; }
    .legend { list-style: none; padding: 0; margin: .4rem 0 0; display: flex; flex-wrap: wrap;
      gap: .3rem 1.2rem; font-size: .9rem; }
    ol.changes { padding-left: 1.2rem; }
    ol.changes > li { margin-bottom: 1rem; }
    ol.changes ul { padding-left: 1.1rem; margin: .3rem 0 0; }
    ol.changes ul li { margin-bottom: .35rem; }
    .note { color: var(--muted); font-size: .9rem; }
    code { font-size: .85em; overflow-wrap: anywhere; }
    footer { margin-top: 2.5rem; font-size: .85rem; border-top: 1px solid var(--line); }
    @media (max-width: 640px) {
      body { padding: .75rem .75rem 2rem; font-size: 15px; }
      h1 { font-size: 1.35rem; }
      .counts { font-size: .75rem; }
      .counts th, .counts td { padding: .35rem .2rem; }
      .counts thead th { white-space: normal; }
      .counts thead .swatch { display: none; }
      .counts tbody th { min-width: 6rem; }
      .counts .total { display: none; }
      .counts tbody th .muted { display: block; }
      #status-table thead { display: none; }
      #status-table, #status-table tbody, #status-table tr, #status-table td { display: block; }
      #status-table tr { padding: .5rem 0; border-bottom: 1px solid var(--line); }
      #status-table td { border: 0; padding: .1rem 0; }
      #status-table td.num { text-align: left; }
      #status-table td[data-label="Position"]::before, #status-table td[data-label="Stage"]::before,
      #status-table td[data-label="Last change"]::before, #status-table td[data-label="Pledges"]:not(:empty)::before {
        content: attr(data-label) ": "; color: var(--muted); }
      #status-table td[data-label="Last change"] br { display: none; }
      #status-table td[data-label="Last change"] .id::before { content: " "; }
    }
    @media print {
      @page { margin: 1.5cm; }
      body { max-width: none; padding: 0; font-size: 10pt; }
      .scroll { overflow: visible; }
      a { color: inherit; }
      h2 { break-after: avoid; }
      tr, li, figure { break-inside: avoid; }
      .badge, .swatch, .chart rect { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
    }

    """
}
