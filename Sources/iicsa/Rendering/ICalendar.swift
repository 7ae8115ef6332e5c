import IICSADomain

/// An iCalendar (RFC 5545) document of all-day events, written by construction: every text value
/// escaped (3.3.11), every line folded at 75 octets (3.1), CRLF line ends. Text from the record
/// is hostile until written here: no value can end its line or start a property of its own.
struct ICalendar {
  /// An all-day event.
  struct Event {
    /// Stable across builds, so a subscribed calendar updates the event in place.
    var uid: String
    /// When the information in the event last changed (DTSTAMP).
    var stamp: Timestamp
    var day: Day
    var summary: String
    var description: String
    /// An http(s) link; left out if it is anything else.
    var url: String?
  }

  var name: String
  var description: String
  var events: [Event]

  /// The document's bytes.
  var text: String {
    var lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//iicsa//pledge calendar//EN", "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH", "X-WR-CALNAME:" + Self.text(name), "X-WR-CALDESC:" + Self.text(description),
    ]
    for event in events {
      lines += [
        "BEGIN:VEVENT", "UID:" + Self.text(event.uid), "DTSTAMP:" + Self.dateTime(event.stamp),
        "DTSTART;VALUE=DATE:" + Self.date(event.day), "DTEND;VALUE=DATE:" + Self.date(event.day.adding(days: 1)),
        "SUMMARY:" + Self.text(event.summary), "DESCRIPTION:" + Self.text(event.description),
      ]
      if let url = event.url, Self.isPlainLink(url) { lines.append("URL:" + url) }
      lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    }
    lines.append("END:VCALENDAR")
    return lines.map { Self.fold($0) + "\r\n" }.joined()
  }

  /// A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, a line break as
  /// `\n`, and every other control character (which TEXT may not hold) as a space.
  static func text(_ value: String) -> String {
    var out = ""
    var previousCR = false
    for scalar in value.unicodeScalars {
      defer { previousCR = scalar == "\r" }
      switch scalar {
      case "\\": out += "\\\\"
      case ";": out += "\\;"
      case ",": out += "\\,"
      case "\r": out += "\\n"
      case "\n": if !previousCR { out += "\\n" }
      case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += " "
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// `line` cut into pieces of at most 75 octets, each after the first starting with a space;
  /// never inside a UTF-8 sequence.
  static func fold(_ line: String) -> String {
    var out = ""
    var width = 0
    for scalar in line.unicodeScalars {
      let size = String(scalar).utf8.count
      if width + size > 75 {
        out += "\r\n "
        width = 1
      }
      out.unicodeScalars.append(scalar)
      width += size
    }
    return out
  }

  /// `20250630`.
  static func date(_ day: Day) -> String {
    String(day.description.filter { $0 != "-" })
  }

  /// `20261207T093000Z`.
  static func dateTime(_ time: Timestamp) -> String {
    String(time.description.filter { $0 != "-" && $0 != ":" })
  }

  /// An http(s) link with nothing in it that could end the property's line.
  static func isPlainLink(_ url: String) -> Bool {
    (url.hasPrefix("https://") || url.hasPrefix("http://"))
      && !url.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || !$0.isASCII }
  }
}
