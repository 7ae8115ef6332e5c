import Foundation
import Testing

@testable import iicsa

/// `iicsa site` (issue 16): every page of the real record, stable addresses, byte-identical
/// builds, a MANIFEST `verify` accepts, hostile text inert, and a folder that is not ours left
/// alone. The pages in a browser (axe, the crawl) are Tests/site/check_site.py's, run by .ci/run.
@Suite struct SiteTests {
  static let knownAt = "2026-12-08T01:30:00Z"

  static func files(in folder: String) throws -> [String: Data] {
    var files: [String: Data] = [:]
    let base = URL(fileURLWithPath: folder).standardizedFileURL.path
    guard let walker = FileManager.default.enumerator(atPath: base) else { return [:] }
    for case let path as String in walker {
      var isFolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: base + "/" + path, isDirectory: &isFolder), !isFolder.boolValue {
        files[path] = try Data(contentsOf: URL(fileURLWithPath: base + "/" + path))
      }
    }
    return files
  }

  @Test func theRealRecordBuildsEveryPageAndTwoBuildsAreByteIdentical() throws {
    let store = try BundledStore()
    let first = store.folder + "/site"
    let built = try store.run(["site", "--out", first, "--known-at", Self.knownAt, "--base-url", "https://example.org/tracker/"])
    #expect(built.status == 0, "\(built.stderr)")
    let files = try Self.files(in: first)
    for page in [
      "index.html", "about/index.html", "pledges/index.html", "alerts/index.html", "months/index.html",
      "recommendations/index.html", "statements/index.html", "404.html", "feed.atom", "sitemap.xml", "MANIFEST",
      "recommendations/iicsa-13/index.html", "recommendations/jay-5/index.html", "recommendations/casey25-12/index.html",
      "statements/2025-02-05-lord-chancellor-limitation-removal/index.html",
      "months/2025-06/index.html", "months/2025-06/status.json", "months/2025-06/MANIFEST",
    ] {
      #expect(files[page] != nil, "\(page) is missing")
    }
    let status = try JSONSerialization.jsonObject(with: Data(try store.run(["status", "--format", "json"]).stdout.utf8)) as? [String: Any]
    let count = (status?["recommendations"] as? [Any])?.count ?? 0
    #expect(files.keys.filter { $0.hasPrefix("recommendations/") && $0.hasSuffix("/index.html") }.count == count + 1)

    // The page of a recommendation: its text, status, history with sources, pledges, first call.
    let page = String(decoding: try #require(files["recommendations/iicsa-13/index.html"]), as: UTF8.self)
    for words in ["Mandatory reporting", "What it asked for", "History", "Pledges", "First called for", "<html lang=\"en-GB\">", "href=\"../../statements/"] {
      #expect(page.contains(words), "\(words)")
    }
    #expect(page.components(separatedBy: "<h1>").count == 2, "one h1")
    #expect(!page.contains("<script") && !page.contains("http-equiv=\"refresh\""))
    // A correction shows as one, on the corrected statement's page too.
    #expect(page.contains("Corrected on 2026-12-01"))

    let second = store.folder + "/again"
    #expect(try store.run(["site", "--out", second, "--known-at", Self.knownAt, "--base-url", "https://example.org/tracker/"]).status == 0)
    #expect(try Self.files(in: second) == files, "the same store and --known-at give the same bytes")

    let manifest = try store.run(["verify", "--manifest", first + "/MANIFEST"])
    #expect(manifest.status == 0, "\(manifest.stderr)")
    #expect(manifest.stdout.contains("Site \(first)/MANIFEST matches"))
    #expect(try store.run(["verify", "--manifest", first + "/months/2025-06/MANIFEST"]).status == 0, "a month's own bundle checks too")
    let sitemap = String(decoding: try #require(files["sitemap.xml"]), as: UTF8.self)
    #expect(sitemap.contains("<loc>https://example.org/tracker/recommendations/iicsa-13/</loc>"))
    let feed = String(decoding: try #require(files["feed.atom"]), as: UTF8.self)
    #expect(feed.contains("head \(try store.run(["verify"]).stdout.split(separator: " ").last.map { String($0.dropLast(2)) } ?? "?")"))
  }

  @Test func hostileTextRendersInertOnEveryPageThatShowsIt() throws {
    let store = try BundledStore()
    let hostile = """
      id: 2026-12-01-hostile
      date: 2026-12-01
      recorded_at: 2026-12-08T01:10:00Z
      speaker: '<script>alert(1)</script> "Minister" & co'
      role: "' onmouseover='alert(1)"
      kind: written_answer
      title: '<img src=x onerror=alert(1)> Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'
      summary: 'A summary quoting &lt;b&gt; and </main><h1>injected</h1>'
      sources:
        - url: 'https://www.gov.uk/x?a="><script>alert(1)</script>'
          publisher: '"><svg onload=alert(1)>'
      reaffirms: [IICSA-13]
      """
    try Data(hostile.utf8).write(to: URL(fileURLWithPath: store.folder + "/hostile.yaml"))
    let recorded = try store.run(["record", store.folder + "/hostile.yaml"])
    #expect(recorded.status == 0, "\(recorded.stderr)")
    let site = store.folder + "/site"
    #expect(try store.run(["site", "--out", site, "--known-at", Self.knownAt]).status == 0)
    let files = try Self.files(in: site)
    for path in ["statements/2026-12-01-hostile/index.html", "recommendations/iicsa-13/index.html", "index.html", "statements/index.html"] {
      let page = String(decoding: try #require(files[path], "\(path)"), as: UTF8.self)
      #expect(!page.contains("<script>alert") && !page.contains("<img src=x") && !page.contains("<svg onload"), "\(path)")
      // In a text it is inert; it must never stand inside a tag.
      #expect(page.range(of: "<[^>]*onmouseover", options: .regularExpression) == nil, "\(path)")
      #expect(page.components(separatedBy: "<h1>").count == 2, "\(path): the summary cannot add a heading")
    }
    let page = String(decoding: try #require(files["statements/2026-12-01-hostile/index.html"]), as: UTF8.self)
    #expect(page.contains("&lt;script&gt;alert(1)&lt;/script&gt; \"Minister\" &amp; co"))
    #expect(page.contains("&amp;lt;b&amp;gt;"), "text that looks like an entity reads as written")
    #expect(page.contains("href=\"https://www.gov.uk/x?a=&quot;&gt;&lt;script&gt;"), "the URL stays inside its attribute")
  }

  @Test func aFolderThatIsNotASiteIsLeftAloneAndAFailedBuildKeepsThePreviousSite() throws {
    let store = try BundledStore()
    let other = store.folder + "/mine"
    try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
    try Data("keep".utf8).write(to: URL(fileURLWithPath: other + "/notes.txt"))
    let refused = try store.run(["site", "--out", other])
    #expect(refused.status == 1 && refused.stderr.contains("is not a site iicsa built"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: other) == ["notes.txt"])
    let file = store.folder + "/file.txt"
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    #expect(try store.run(["site", "--out", file]).stderr.contains("is a file, not a folder"))

    let site = store.folder + "/site"
    #expect(try store.run(["site", "--out", site, "--known-at", Self.knownAt]).status == 0)
    let before = try Self.files(in: site)
    // A build that fails leaves the site as it was, and nothing beside it.
    let failed = try store.run(["site", "--out", site, "--known-at", "99999"])
    #expect(failed.status == 64)
    #expect(try Self.files(in: site) == before)
    // A site iicsa built is replaced whole, and no building folder is left beside it.
    #expect(try store.run(["site", "--out", site]).status == 0)
    #expect(try Self.files(in: site) != before)
    #expect(try FileManager.default.contentsOfDirectory(atPath: store.folder).allSatisfy { !$0.contains(".building-") && !$0.contains(".old-") })
  }

  /// A build killed at any moment leaves a whole site: the previous one, or the new one once
  /// swapped in; never a mix. Checked by the site's own MANIFEST after each kill.
  @Test func aBuildKilledPartWayLeavesAWholeSite() throws {
    let store = try BundledStore()
    let site = store.folder + "/site"
    #expect(try store.run(["site", "--out", site, "--known-at", Self.knownAt]).status == 0)
    for delay in [0.05, 0.2, 0.5, 1.0] {
      let child = try Child(["site", "--db", store.path, "--out", site], folder: store.folder)
      Thread.sleep(forTimeInterval: delay)
      child.kill()
      _ = child.wait()
      let check = try store.run(["verify", "--manifest", site + "/MANIFEST"])
      #expect(check.status == 0, "killed after \(delay) s: \(check.stderr)")
    }
  }

  @Test func htmlNodesEscapeEveryTextAndAttributeAndLinkOnlyToSafeAddresses() {
    let node = H.el("p", [("title", "\"'<>&")], [.text("<b>&amp;</b>"), H.link("x", to: "javascript:alert(1)"), H.link("y", to: "../a/")])
    #expect(node.render() == "<p title=\"&quot;&#39;&lt;&gt;&amp;\">&lt;b&gt;&amp;amp;&lt;/b&gt;x<a href=\"../a/\">y</a></p>\n")
    #expect(!H.isSafe("data:text/html,x") && !H.isSafe("JavaScript:x") && H.isSafe("https://a.b/") && H.isSafe("#x"))
  }
}
