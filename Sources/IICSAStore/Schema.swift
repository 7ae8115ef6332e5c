internal import GRDB

/// The database schema. Migrations are frozen once shipped: add a new one, never edit one.
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in try db.execute(sql: v1) }
    return migrator
  }

  static let v1 = """
    CREATE TABLE event (
      sequence INTEGER PRIMARY KEY CHECK (sequence >= 1),
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL
        CHECK (type IN ('report_published', 'statement_recorded', 'event_corrected')),
      recorded_at TEXT NOT NULL
        CHECK (recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'),
      payload TEXT NOT NULL CHECK (json_valid(payload)),
      hash TEXT NOT NULL CHECK (length(hash) = 64)
    );

    CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN
      SELECT RAISE(ABORT, 'event log is append-only: record a correction with iicsa correct');
    END;

    CREATE TRIGGER event_no_delete BEFORE DELETE ON event BEGIN
      SELECT RAISE(ABORT, 'event log is append-only: record a correction with iicsa correct');
    END;

    -- The log is gap-free and moves forward in time, so "known at T" is always a prefix of it.
    CREATE TRIGGER event_in_order BEFORE INSERT ON event
    WHEN NEW.sequence IS NOT (SELECT coalesce(max(sequence), 0) + 1 FROM event)
      OR NEW.recorded_at < (SELECT recorded_at FROM event ORDER BY sequence DESC LIMIT 1)
    BEGIN
      SELECT RAISE(ABORT, 'event log: each event follows the last, in sequence and in time');
    END;

    -- Projections: disposable, rebuilt from the log by `iicsa rebuild`.
    CREATE TABLE source (
      id TEXT PRIMARY KEY,
      prefix TEXT NOT NULL UNIQUE,
      title TEXT NOT NULL,
      author TEXT NOT NULL,
      published TEXT NOT NULL,
      url TEXT NOT NULL
    );

    CREATE TABLE recommendation (
      id TEXT PRIMARY KEY,
      source TEXT NOT NULL REFERENCES source(id),
      number INTEGER NOT NULL,
      title TEXT NOT NULL,
      published TEXT NOT NULL,
      UNIQUE (source, number)
    );
    CREATE INDEX recommendation_in_order ON recommendation(published, source, number);

    -- One row per status change under current knowledge; "as of D" seeks the last row <= D.
    CREATE TABLE statusChange (
      recommendation TEXT NOT NULL REFERENCES recommendation(id),
      date TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      statement TEXT NOT NULL,
      position TEXT NOT NULL CHECK (position IN
        ('no_response', 'considering', 'rejected', 'accepted_in_principle', 'accepted_in_part', 'accepted')),
      stage TEXT NOT NULL CHECK (stage IN
        ('not_started', 'planned', 'consulting', 'legislating', 'enacted', 'partially_delivered', 'delivered')),
      PRIMARY KEY (recommendation, date, ordinal)
    ) WITHOUT ROWID;

    CREATE TABLE pledge (
      statement TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      recommendation TEXT NOT NULL REFERENCES recommendation(id),
      made_on TEXT NOT NULL,
      due TEXT,
      fulfilled_on TEXT,
      fulfilled_by TEXT,
      PRIMARY KEY (statement, ordinal)
    );
    CREATE INDEX pledge_by_recommendation ON pledge(recommendation, made_on);
    """
}
