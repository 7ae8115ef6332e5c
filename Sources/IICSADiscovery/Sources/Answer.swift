import Foundation
public import IICSADomain

/// Reading a source's answer: JSON decoded into the documented shape, and each item's text held
/// to `NetworkText`. A wrong shape fails the source, naming the field; a bad item is left out.
enum Answer {
  /// `body` decoded as `T`, or the shape error naming what is missing or wrong.
  static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8], source: DiscoverySource, url: String)
    throws(DiscoveryError) -> T
  {
    do {
      return try JSONDecoder().decode(T.self, from: Data(body))
    } catch let DecodingError.keyNotFound(key, context) {
      throw .shape(source, url: url, "no '\(path(context.codingPath + [key]))'")
    } catch let DecodingError.valueNotFound(_, context) {
      throw .shape(source, url: url, "'\(path(context.codingPath))' is null")
    } catch let DecodingError.typeMismatch(_, context) {
      throw .shape(source, url: url, "'\(path(context.codingPath))' is not of the documented type")
    } catch {
      throw .shape(source, url: url, "it is not JSON")
    }
  }

  private static func path(_ keys: [any CodingKey]) -> String {
    keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingCharacters(in: ["."])
  }

  /// The day of a timestamp such as `2026-01-14T00:00:00`, `2025-03-04T11:17:43.000+01:00` or
  /// `2015-12-14`: the date as written, which is the day in the UK the source meant.
  static func day(_ text: String?) -> Day? {
    guard let text, text.count >= 10 else { return nil }
    return Day(iso: text.prefix(10))
  }

  /// `base` with `path` and the query, each value percent-encoded.
  static func url(_ base: String, _ path: String, _ query: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    let encoded = query.map { name, value in
      "\(name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")"
    }
    let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
    return trimmed + path + (encoded.isEmpty ? "" : "?" + encoded.joined(separator: "&"))
  }
}
