public import IICSADomain

extension EventStore {
  /// Whether the log holds `head` as the hash of its event number `head.length`: the check an
  /// export's manifest asks for. False when no event has that hash, or it sits elsewhere.
  public func contains(_ head: LogHead) throws(StoreError) -> Bool {
    if head.length == 0 { return head.head.isEmpty }
    return try sequence(ofHead: head.head) == head.length
  }
}
