/// HTML as typed nodes, for the site (`iicsa site`). Every text and every attribute value is
/// escaped when rendered, and element and attribute names, and the only raw markup (`trusted`),
/// are `StaticString`s: literals in this code. So no text from the record can become markup,
/// whatever it holds, without anyone having to remember to escape it.
///
/// Why not Plot: Plot 0.14 writes attribute values unescaped (`href="\(value)"`), so a quote in a
/// source URL or a title would end the attribute; and its text escaping keeps entities such as
/// `&lt;` as they are, so a statement quoting markup would not read as written.
indirect enum HTMLNode {
  case element(StaticString, [(StaticString, String)], [HTMLNode])
  case text(String)
  case group([HTMLNode])
  /// Markup written in this code, never built from data: the stylesheet, the doctype.
  case trusted(StaticString)

  /// Elements that have no end tag.
  private static let void: Set<String> = ["meta", "link", "br", "hr", "img", "input", "col"]

  /// The HTML text.
  func render() -> String {
    var out = ""
    render(into: &out)
    return out
  }

  func render(into out: inout String) {
    switch self {
    case .text(let text): Self.escape(text, into: &out, attribute: false)
    case .trusted(let markup): out += markup.description
    case .group(let nodes): for node in nodes { node.render(into: &out) }
    case .element(let name, let attributes, let children):
      let tag = name.description
      out += "<" + tag
      for (key, value) in attributes {
        out += " " + key.description + "=\""
        Self.escape(value, into: &out, attribute: true)
        out += "\""
      }
      out += ">"
      if Self.void.contains(tag) { return }
      for child in children { child.render(into: &out) }
      out += "</" + tag + ">"
      // One element per line at block level keeps the files diffable.
      if ["p", "li", "tr", "section", "h1", "h2", "h3", "ul", "ol", "table", "div", "header", "footer", "main", "nav"]
        .contains(tag)
      {
        out += "\n"
      }
    }
  }

  /// `&`, `<` and `>` always; quotes too inside an attribute value.
  static func escape(_ text: String, into out: inout String, attribute: Bool) {
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where attribute: out += "&quot;"
      case "'" where attribute: out += "&#39;"
      default: out.unicodeScalars.append(scalar)
      }
    }
  }
}

/// Shorthands for building pages.
enum H {
  static func el(_ name: StaticString, _ attributes: [(StaticString, String)], _ children: [HTMLNode]) -> HTMLNode {
    .element(name, attributes, children)
  }

  static func el(_ name: StaticString, _ children: [HTMLNode]) -> HTMLNode {
    .element(name, [], children)
  }

  static func el(_ name: StaticString, _ attributes: [(StaticString, String)], _ text: String) -> HTMLNode {
    .element(name, attributes, [.text(text)])
  }

  static func el(_ name: StaticString, _ text: String) -> HTMLNode {
    .element(name, [], [.text(text)])
  }

  /// A link to a page of the site (a relative path) or to a public web address. Anything else
  /// (`javascript:`, `data:`, a bare word) is shown as text, never made a link.
  static func link(_ text: String, to href: String, _ attributes: [(StaticString, String)] = []) -> HTMLNode {
    link([.text(text)], to: href, attributes)
  }

  static func link(_ children: [HTMLNode], to href: String, _ attributes: [(StaticString, String)] = []) -> HTMLNode {
    guard isSafe(href) else { return .group(children) }
    return .element("a", [("href", href)] + attributes, children)
  }

  /// A site-relative path (`../recommendations/iicsa-13/`, `#history`) or an http(s) URL.
  static func isSafe(_ href: String) -> Bool {
    let lower = href.lowercased()
    if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return true }
    // Relative paths are written by the site itself: no scheme, so no colon before a slash.
    guard let colon = href.firstIndex(of: ":") else { return true }
    return href[..<colon].contains("/") || href[..<colon].contains("#") || href[..<colon].contains("?")
  }
}
