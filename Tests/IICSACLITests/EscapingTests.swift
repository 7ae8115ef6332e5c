import Testing

@testable import iicsa

@Suite struct EscapingTests {
  @Test(arguments: ["=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)", "\tx", "\rx"])
  func csvNeutralisesFormulas(_ hostile: String) {
    let cell = Escape.csv(hostile)
    let unquoted = cell.hasPrefix("\"") ? String(cell.dropFirst()) : cell
    #expect(unquoted.hasPrefix("'"))
  }

  @Test func csvQuotesWhatNeedsQuoting() {
    #expect(Escape.csv("plain") == "plain")
    #expect(Escape.csv("a,b") == "\"a,b\"")
    #expect(Escape.csv("say \"no\"") == "\"say \"\"no\"\"\"")
    #expect(Escape.csv("two\nlines") == "\"two\nlines\"")
    // A CR LF pair is one Character in Swift, equal to neither "\r" nor "\n": it must still quote.
    #expect(Escape.csv("two\r\nlines") == "\"two\r\nlines\"")
    #expect(Escape.markdownCell("two\r\nlines") == "two lines")
    #expect(Escape.terminal("two\r\nlines\u{1B}[2J") == "two lines?[2J")
    #expect(Escape.csv("Llywodraeth Cymru — Senedd") == "Llywodraeth Cymru — Senedd")
    #expect(Escape.csvLine(["a", "b,c"]) == "a,\"b,c\"\r\n")
  }

  @Test func markdownCellsCannotBreakTheTable() {
    #expect(Escape.markdownCell("a|b") == "a\\|b")
    #expect(Escape.markdownCell("line\nbreak") == "line break")
    #expect(Escape.markdownCell("<script>") == "\\<script\\>")
    #expect(Escape.markdownCell("[link](x)") == "\\[link\\](x)")
  }

  @Test func htmlEscapesTheFiveCharacters() {
    #expect(Escape.html("<script>alert('x') & \"y\"</script>") == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
  }

  @Test func terminalTextCannotCarryEscapeSequences() {
    #expect(Escape.terminal("red\u{1B}[31m") == "red?[31m")
    #expect(Escape.terminal("a\nb") == "a b")
  }

  @Test func tablesFitTheirWidth() {
    let table = TextTable(
      headers: ["ID", "TITLE"], rows: [["IICSA-1", String(repeating: "long title ", count: 20)]],
      flexibleColumn: 1)
    #expect(table.render().split(separator: "\n").allSatisfy { $0.count < 80 })
    #expect(table.render().contains("…"))
  }
}

/// `show` wraps printable ASCII on bytes and anything else by characters: the two must agree.
@Suite struct WrapTests {
  @Test func theByteWrapperAgreesWithTheCharacterOne() {
    var state: UInt64 = 7
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let words = ["a", "mandatory", "reporting", "", " ", "x" + String(repeating: "y", count: 90), "—", "(bill)"]
    for _ in 0..<500 {
      let text = (0..<next(40)).map { _ in words[next(words.count)] }.joined(separator: next(4) == 0 ? "  " : " ")
      let first = next(2) == 0 ? nil : "Confidence: "
      let indent = String(repeating: " ", count: next(13))
      let expected = ShowRendering.wrapCharacters(text, indent: indent, first: first)
      #expect(ShowRendering.wrap(text, indent: indent, first: first) == expected, "\(text)")
      if text.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) {
        #expect(ShowRendering.wrapPrintableASCII(text, indent: indent, first: first ?? indent) == expected)
      } else {
        #expect(ShowRendering.wrapPrintableASCII(text, indent: indent, first: first ?? indent) == nil)
      }
    }
  }
}
