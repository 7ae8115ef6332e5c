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

    -- Resuming from projections reads the few reports and checks for corrections by type.
    CREATE INDEX event_by_type ON event(type);

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
    -- `sequence` is the statement's place in the log: the order of same-day changes.
    CREATE TABLE statusChange (
      recommendation TEXT NOT NULL REFERENCES recommendation(id),
      date TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      statement TEXT NOT NULL,
      position TEXT NOT NULL CHECK (position IN
        ('no_response', 'considering', 'rejected', 'accepted_in_principle', 'accepted_in_part', 'accepted')),
      stage TEXT NOT NULL CHECK (stage IN
        ('not_started', 'planned', 'consulting', 'legislating', 'enacted', 'partially_delivered', 'delivered')),
      PRIMARY KEY (recommendation, date, sequence)
    ) WITHOUT ROWID;

    -- Every pledge, with what fulfils it, so that a new statement is checked without replaying.
    CREATE TABLE pledge (
      statement TEXT NOT NULL,
      ordinal INTEGER NOT NULL,
      recommendation TEXT NOT NULL REFERENCES recommendation(id),
      made_on TEXT NOT NULL,
      text TEXT NOT NULL,
      target TEXT NOT NULL,
      due TEXT,
      due_text TEXT,
      fulfilled_on TEXT,
      fulfilled_by TEXT,
      PRIMARY KEY (statement, ordinal)
    );
    CREATE INDEX pledge_by_recommendation ON pledge(recommendation, made_on);
    CREATE INDEX pledge_open ON pledge(recommendation) WHERE fulfilled_on IS NULL;

    -- The statements that stand (as corrected), by date: timelines seek a date range here.
    -- `content` is the sequence of the event holding the current text (a replacement's, if any).
    CREATE TABLE statement (
      sequence INTEGER PRIMARY KEY,
      id TEXT NOT NULL UNIQUE,
      date TEXT NOT NULL,
      content INTEGER NOT NULL
    );
    CREATE INDEX statement_by_date ON statement(date, sequence);

    -- Which statements name which recommendation: `show` seeks one recommendation's history.
    CREATE TABLE mention (
      recommendation TEXT NOT NULL,
      date TEXT NOT NULL,
      sequence INTEGER NOT NULL,
      PRIMARY KEY (recommendation, date, sequence)
    ) WITHOUT ROWID;
    """
}
