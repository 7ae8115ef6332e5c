import Foundation

/// How `PoliteClient` behaves towards a source's host.
public struct ClientSettings: Sendable {
  /// Names iicsa and its version to the host, so its operators know who asks.
  public var userAgent: String
  /// Seconds one request may take.
  public var timeout: Double = 30
  /// The largest body taken; a longer one is refused whole.
  public var maximumBytes: Int = 5 << 20
  /// The least time, in seconds, between the starts of two requests to one host.
  public var interval: Double = 0.5
  /// How many times a request is tried again after a 429, a 5xx, a timeout or a broken
  /// connection.
  public var retries: Int = 3
  /// The first wait before trying again, doubled each time, when the host names none.
  public var backoff: Double = 1
  /// The longest `Retry-After` waited for; a host asking for more is given up on.
  public var longestWait: Double = 120

  public init(userAgent: String) { self.userAgent = userAgent }
}

/// Why a source could not be asked, or answered with something unusable. Each message is one
/// line that names the source.
public enum DiscoveryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// No usable answer after the retries.
  case unreachable(DiscoverySource, url: String, TransportFailure)
  /// The host answered with an error status.
  case status(DiscoverySource, url: String, status: Int)
  /// The host asked to wait longer than iicsa waits.
  case waitTooLong(DiscoverySource, url: String, seconds: Double)
  /// The answer is not of the shape the source documents.
  case shape(DiscoverySource, url: String, String)

  public var source: DiscoverySource {
    switch self {
    case .unreachable(let source, _, _), .status(let source, _, _), .waitTooLong(let source, _, _),
      .shape(let source, _, _):
      return source
    }
  }

  public var description: String {
    switch self {
    case .unreachable(let source, let url, .timedOut):
      return "\(source.label): no answer in time from \(url)"
    case .unreachable(let source, let url, .tooLarge(let limit)):
      return "\(source.label): the answer from \(url) is over \(limit) bytes and was not read"
    case .unreachable(let source, let url, .connection(let detail)):
      return "\(source.label): cannot reach \(url) (\(detail))"
    case .status(let source, let url, let status):
      return "\(source.label): \(url) answered HTTP \(status)"
    case .waitTooLong(let source, let url, let seconds):
      return "\(source.label): \(url) asked to wait \(Int(seconds)) seconds before asking again; try later"
    case .shape(let source, let url, let detail):
      return "\(source.label): the answer from \(url) is not of the expected shape: \(detail)"
    }
  }
}

/// Asks one host at a time, politely: a User-Agent naming iicsa, requests spaced by
/// `interval`, retries with back-off on 429 and 5xx honouring `Retry-After`, a timeout and a
/// size cap on every response.
public final class PoliteClient: Sendable {
  private let transport: any HTTPTransport
  public let settings: ClientSettings
  private let pacer: Pacer

  public init(transport: any HTTPTransport, settings: ClientSettings) {
    self.transport = transport
    self.settings = settings
    self.pacer = Pacer(interval: settings.interval)
  }

  /// The body of a 200 answer to `url`, from `source`'s host.
  public func get(_ url: String, from source: DiscoverySource, accept: String = "application/json")
    async throws(DiscoveryError) -> [UInt8]
  {
    let headers = ["User-Agent": settings.userAgent, "Accept": accept]
    var attempt = 0
    while true {
      await pacer.wait(for: NetworkText.host(of: url) ?? url)
      let wait: Double
      do {
        let response = try await transport.get(
          url, headers: headers, timeout: settings.timeout, maximumBytes: settings.maximumBytes)
        switch response.status {
        case 200: return response.body
        case 429, 500, 502, 503, 504:
          guard attempt < settings.retries else { throw DiscoveryError.status(source, url: url, status: response.status) }
          let asked = response.headers["retry-after"].flatMap { PoliteClient.seconds(retryAfter: $0) }
          if let asked, asked > settings.longestWait { throw DiscoveryError.waitTooLong(source, url: url, seconds: asked) }
          wait = asked ?? backoff(attempt)
        default:
          throw DiscoveryError.status(source, url: url, status: response.status)
        }
      } catch let error as DiscoveryError {
        throw error
      } catch let failure as TransportFailure {
        // A body over the cap will be over it again.
        guard attempt < settings.retries, failure != .tooLarge(limit: settings.maximumBytes) else {
          throw DiscoveryError.unreachable(source, url: url, failure)
        }
        wait = backoff(attempt)
      } catch {
        throw DiscoveryError.unreachable(source, url: url, .connection(String(describing: error)))
      }
      attempt += 1
      try? await Task.sleep(nanoseconds: UInt64(max(wait, 0) * 1e9))
    }
  }

  public func shutdown() async { await transport.shutdown() }

  private func backoff(_ attempt: Int) -> Double { settings.backoff * Double(1 << min(attempt, 10)) }

  /// `Retry-After` as seconds to wait: a number of seconds, or an HTTP date.
  static func seconds(retryAfter value: String, now: Date = Date()) -> Double? {
    let text = value.trimmingCharacters(in: .whitespaces)
    if let seconds = Int(text), seconds >= 0 { return Double(seconds) }
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
    return formatter.date(from: text).map { max(0, $0.timeIntervalSince(now)) }
  }
}

/// Spaces the requests to each host: each caller is given the next free slot.
actor Pacer {
  private let interval: Double
  private var next: [String: ContinuousClock.Instant] = [:]

  init(interval: Double) { self.interval = interval }

  func wait(for host: String) async {
    let now = ContinuousClock.now
    let slot = max(now, next[host] ?? now)
    next[host] = slot.advanced(by: .milliseconds(Int64(interval * 1000)))
    if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
  }
}
