/// One HTTP response, its body already cut at the size cap.
public struct HTTPResponse: Sendable {
  public var status: Int
  /// Header names in lower case.
  public var headers: [String: String]
  public var body: [UInt8]

  public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }
}

/// Why one request got no response.
public enum TransportFailure: Error, Sendable, Equatable {
  /// No answer within the time allowed.
  case timedOut
  /// The body was longer than the cap: nothing of it is used.
  case tooLarge(limit: Int)
  /// No connection, or it broke: the system's words.
  case connection(String)
}

/// What sends a GET and brings back its answer: AsyncHTTPClient in the command, a fake in unit
/// tests. Everything polite (rate, retries, User-Agent) is `PoliteClient`'s, above it.
public protocol HTTPTransport: Sendable {
  /// GETs `url` with `headers`, giving up after `timeout` seconds or once the body passes
  /// `maximumBytes`.
  func get(_ url: String, headers: [String: String], timeout: Double, maximumBytes: Int) async throws(TransportFailure)
    -> HTTPResponse
  /// Closes the connections.
  func shutdown() async
}
