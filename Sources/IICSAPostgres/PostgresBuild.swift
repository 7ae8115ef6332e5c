/// Whether this iicsa was built with PostgreSQL (the package trait `PostgreSQL`, on by default).
public enum PostgresBuild {
  #if PostgreSQL
    public static let isAvailable = true
  #else
    public static let isAvailable = false
  #endif

  /// What a command says when given a `postgres://` store by a build without PostgreSQL.
  public static let missing =
    "This iicsa was built without PostgreSQL (swift build --disable-default-traits), so it cannot open a "
    + "postgres:// store. Build it with the default traits (swift build), or use an SQLite file; nothing was changed."
}
