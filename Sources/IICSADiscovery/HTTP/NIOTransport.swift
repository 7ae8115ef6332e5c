#if Discovery
  import AsyncHTTPClient
  import NIOCore
  import NIOHTTP1

  /// HTTP over AsyncHTTPClient: connections pooled per host, TLS verified by the system's roots,
  /// at most a few redirects, and the body read no further than its cap.
  public final class NIOTransport: HTTPTransport {
    private let client: HTTPClient

    /// `timeout`: the longest silence while a body is read, as each request's own deadline
    /// bounds the wait for its answer.
    public init(timeout: Double) {
      // No Accept-Encoding is sent (decompression stays off), so the cap counts the bytes sent.
      let configuration = HTTPClient.Configuration(
        redirectConfiguration: .follow(max: 3, allowCycles: false),
        timeout: .init(connect: .seconds(10), read: .milliseconds(Int64(max(timeout, 0.001) * 1000))))
      client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func get(_ url: String, headers: [String: String], timeout: Double, maximumBytes: Int)
      async throws(TransportFailure) -> HTTPResponse
    {
      var request = HTTPClientRequest(url: url)
      for (name, value) in headers.sorted(by: { $0.key < $1.key }) { request.headers.add(name: name, value: value) }
      let deadline = TimeAmount.milliseconds(Int64(max(timeout, 0.001) * 1000))
      do {
        let response = try await client.execute(request, timeout: deadline)
        if let length = response.headers.first(name: "content-length").flatMap(Int.init), length > maximumBytes {
          throw TransportFailure.tooLarge(limit: maximumBytes)
        }
        let body = try await response.body.collect(upTo: maximumBytes)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return HTTPResponse(status: Int(response.status.code), headers: fields, body: Array(buffer: body))
      } catch let failure as TransportFailure {
        throw failure
      } catch is NIOTooManyBytesError {
        throw .tooLarge(limit: maximumBytes)
      } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
        throw .timedOut
      } catch {
        throw .connection(String(describing: error))
      }
    }

    public func shutdown() async { try? await client.shutdown() }
  }
#endif
