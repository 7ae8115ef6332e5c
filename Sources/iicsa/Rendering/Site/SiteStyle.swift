/// The site's stylesheet, inlined in every page (no request leaves a page). Colours meet WCAG 2.2
/// AA contrast (4.5:1 for text, 3:1 for the chart's bars against white); focus is always visible;
/// tables scroll sideways on a phone; print drops the navigation.
enum SiteStyle {
  static let css: StaticString = """
    :root { color-scheme: light; --ink: #1d1d1f; --muted: #545a61; --line: #c9c9cf; --bg: #fff;
      --band: #f3f3f5; --link: #174a85; --done: #1b6e35; --progress: #8a5400; --promised: #2b5b98;
      --not: #a8231b; --awaiting: #595959; --accepted: #24585b; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { margin: 0 auto; max-width: 72rem; padding: 0 1.25rem 3rem; color: var(--ink); background: var(--bg);
      font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
      overflow-wrap: break-word; }
    a { color: var(--link); }
    a:focus-visible, summary:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
    .skip { position: absolute; left: -999rem; }
    .skip:focus { position: static; display: inline-block; margin: .5rem 0; }
    header { border-bottom: 2px solid var(--ink); padding: .75rem 0 .5rem; }
    header .site { margin: 0 0 .3rem; font-weight: 600; }
    nav ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .25rem 1rem; }
    h1 { font-size: 1.7rem; line-height: 1.25; margin: 1.25rem 0 .75rem; }
    h2 { font-size: 1.25rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .2rem; }
    .lead { font-size: 1.1rem; }
    .muted, .meta, footer, caption { color: var(--muted); }
    caption { text-align: left; padding: .3rem 0; font-size: .95rem; }
    .scroll { overflow-x: auto; }
    table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
    th, td { text-align: left; vertical-align: top; padding: .35rem .5rem; border-bottom: 1px solid var(--line); }
    thead th { background: var(--band); }
    .badge { display: inline-block; padding: 0 .45rem; border-radius: .3rem; color: #fff; font-size: .85rem;
      font-weight: 600; white-space: nowrap; }
    .badge.done, .bar .done { background: var(--done); }
    .badge.progress, .bar .progress { background: var(--progress); }
    .badge.promised, .bar .promised { background: var(--promised); }
    .badge.not, .bar .not { background: var(--not); }
    .badge.awaiting, .bar .awaiting { background: var(--awaiting); }
    .badge.accepted, .bar .accepted { background: var(--accepted); }
    .counts { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; }
    .bar { display: flex; min-width: 8rem; height: 1rem; background: var(--band); }
    .bar span { display: block; height: 100%; }
    .history > li { margin-bottom: 1rem; }
    .alert { color: var(--not); font-weight: 600; }
    .correction { border-left: 4px solid var(--promised); padding-left: .75rem; }
    .sources { font-size: .95rem; }
    code.hash { font-size: .85rem; word-break: break-all; }
    pre { background: var(--band); padding: .75rem; overflow-x: auto; }
    details summary { cursor: pointer; color: var(--link); }
    footer { border-top: 1px solid var(--line); margin-top: 3rem; padding-top: .5rem; font-size: .9rem; }
    @media print { nav, .skip { display: none; } a { color: var(--ink); } details > * { display: block; } }
    """
}
