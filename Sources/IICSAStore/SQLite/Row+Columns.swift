internal import GRDB

extension Row {
  /// The text in column `index`, or nil when it is NULL or not text.
  ///
  /// A damaged file can hold anything in any column; GRDB's typed subscripts trap on a value they
  /// cannot convert, so every read of the log goes through these and reports damage instead.
  func text(_ index: Int) -> String? {
    String.fromDatabaseValue(self[index] as DatabaseValue)
  }

  /// The integer in column `index`, or nil when it is NULL or not an integer.
  func integer(_ index: Int) -> Int? {
    Int.fromDatabaseValue(self[index] as DatabaseValue)
  }
}
