import Foundation
public import IICSADomain
import IICSAStore
import IICSALog

/// What building a synthetic store did, and how fast.
public struct GenerationResult: Hashable, Sendable {
  /// Events in the new store.
  public var events: Int
  /// `append` calls (one transaction each).
  public var transactions: Int
  /// Seconds spent in the store: creating it, every `append` call and closing it. Making the
  /// synthetic events is left out, so that this is what `import` costs after parsing.
  public var seconds: Double
  /// Wall-clock seconds, making the events included.
  public var totalSeconds: Double
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
    var inStore = Duration.zero
    var mark = clock.now
    let store = try EventStore.create(at: path)
    inStore += clock.now - mark
    var log = SyntheticLog(config)
    var appended = 0
    var transactions = 0
    var head = LogHead.empty
    while appended < config.events {
      var events: [NewEvent] = []
      events.reserveCapacity(min(size, config.events - appended))
      while events.count < size, let event = log.next() { events.append(event) }
      if events.isEmpty { break }
      mark = clock.now
      head = try store.append(events).head
      inStore += clock.now - mark
      appended += events.count
      transactions += 1
      progress(appended, seconds(clock.now - start))
    }
    mark = clock.now
    try store.close()
    inStore += clock.now - mark
    guard appended == config.events, head.length == config.events else {
      throw GenerationError(
        description:
          "generated \(appended) of \(config.events) events; the store holds \(head.length)")
    }
    return GenerationResult(
      events: appended, transactions: transactions, seconds: seconds(inStore),
      totalSeconds: seconds(clock.now - start), head: head)
  }

  /// A duration in seconds.
  public static func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
  }
}
