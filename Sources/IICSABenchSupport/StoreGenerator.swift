import Foundation
public import IICSADomain
public import IICSAStore

/// What building a synthetic store did, and how fast.
public struct GenerationResult: Hashable, Sendable {
  /// Events in the new store.
  public var events: Int
  /// `append` calls (one transaction each).
  public var transactions: Int
  /// Wall-clock seconds for creating the store and appending every event, closing included.
  public var seconds: Double
  /// The log's head afterwards.
  public var head: LogHead

  /// Events appended per second.
  public var rate: Double { seconds > 0 ? Double(events) / seconds : 0 }
}

/// Why a synthetic store could not be built.
public struct GenerationError: Error, CustomStringConvertible {
  /// What went wrong.
  public var description: String
}

/// Builds a synthetic store through the project's own write path: `EventStore.create(at:)`, then
/// `append` in batches, each batch one transaction checked by the domain rules.
public enum StoreGenerator {
  /// Creates a store at `path` (which must not exist) holding `SyntheticLog(config)`.
  /// - Parameter batch: events per `append` call; 0 or less appends everything in one call.
  /// - Parameter progress: called after each transaction with the events appended so far.
  public static func generate(
    _ config: GeneratorConfig, at path: String, batch: Int = 0,
    progress: (Int, Double) -> Void = { _, _ in }
  ) throws -> GenerationResult {
    if FileManager.default.fileExists(atPath: path) {
      throw GenerationError(description: "\(path) already exists: remove it or choose another path")
    }
    let size = batch > 0 ? batch : max(1, config.events)
    let clock = ContinuousClock()
    let start = clock.now
    let store = try EventStore.create(at: path)
    var log = SyntheticLog(config)
    var appended = 0
    var transactions = 0
    var head = LogHead.empty
    while appended < config.events {
      var events: [NewEvent] = []
      events.reserveCapacity(min(size, config.events - appended))
      while events.count < size, let event = log.next() { events.append(event) }
      if events.isEmpty { break }
      head = try store.append(events).head
      appended += events.count
      transactions += 1
      progress(appended, seconds(clock.now - start))
    }
    try store.close()
    guard appended == config.events, head.length == config.events else {
      throw GenerationError(
        description:
          "generated \(appended) of \(config.events) events; the store holds \(head.length)")
    }
    return GenerationResult(
      events: appended, transactions: transactions, seconds: seconds(clock.now - start), head: head)
  }

  /// A duration in seconds.
  public static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }
}
