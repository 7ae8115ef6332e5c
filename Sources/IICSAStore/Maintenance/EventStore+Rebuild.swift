internal import GRDB
public import IICSADomain
public import IICSALog

extension EventStore {
  /// Recreates every projection from the log, in one transaction, streaming it.
  ///
  /// Refuses a log whose hash chain is broken: projections drawn from a tampered log would look
  /// sound afterwards, and hide the damage from anyone who does not run `verify`.
  public func rebuild() throws(StoreError) -> LogHead {
    do {
      let side = try sideReader()
      return try writer.writeWithoutTransaction { db in
        var head = LogHead.empty
        try db.inTransaction(.immediate) {
          head = try Self.head(db)
          // Rebuilding would erase the one trace of a log cut short: refuse, as verify warns.
          let known = try Self.lastEventKnownToProjections(db)
          if known > head.length {
            let problem = VerifyReport.Problem.projectionsAheadOfLog(event: known, length: head.length)
            throw StoreError.damaged(sequence: head.length, detail: "\(problem); nothing was rebuilt")
          }
          let (chain, replayed) = try Self.checkingChain(db, through: head.length, side: side) {
            try ProjectionUpdater.rebuild(db)
          }
          // A broken chain explains whatever the replay ran into: it goes first.
          if let problem = chain.first {
            throw StoreError.damaged(sequence: head.length, detail: "\(problem); nothing was rebuilt")
          }
          do {
            try replayed.get()
          } catch StoreError.rule(let violation) {
            throw StoreError.damaged(sequence: head.length, detail: "the log no longer replays: \(violation)")
          }
          return .commit
        }
        return head
      }
    } catch {
      throw StoreError(error, path: path)
    }
  }
}
