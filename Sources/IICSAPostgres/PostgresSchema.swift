/// The store's tables on PostgreSQL: the log, append-only in the database itself, and a table of
/// facts about the store (its schema version). No projections on the server: each editor's local
/// replica holds them (`PostgresReplica`).
///
/// Every name starts with `iicsa_`, so the store can share a database (and its backups) with
/// whatever else a campaign group keeps there.
enum PostgresSchema {
  /// The key every writer locks (`pg_advisory_xact_lock`) before it reads the head: appends from
  /// many machines are serialised by the database, and the head check stays exact.
  static let writeLock = 0x1_1C5A

  /// The editors' role: it may read and append to the log, nothing else.
  static let editorRole = "iicsa_editor"

  /// Each step of the schema, in order; the store's version is how many have run. A newer iicsa
  /// appends steps, and the first command that writes (or a read command, which says so) runs
  /// the ones a store lacks.
  static let migrations: [[String]] = [
    [
      "CREATE TABLE iicsa_meta (key text PRIMARY KEY, value text NOT NULL)",
      """
      CREATE TABLE iicsa_event (
        sequence bigint PRIMARY KEY CHECK (sequence > 0),
        id text NOT NULL UNIQUE CHECK (id <> ''),
        type text NOT NULL CHECK (type IN ('report_published', 'statement_recorded', 'event_corrected')),
        recorded_at text NOT NULL CHECK (recorded_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'),
        payload text NOT NULL,
        hash text NOT NULL UNIQUE CHECK (hash ~ '^[0-9a-f]{64}$')
      )
      """,
      """
      CREATE INDEX iicsa_event_correction_target ON iicsa_event (((payload::jsonb) ->> 'target'))
        WHERE type = 'event_corrected'
      """,
      """
      -- The log only grows: no row is changed or removed, by anyone who is not the table's owner
      -- disabling this trigger on purpose.
      CREATE FUNCTION iicsa_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the iicsa log is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
      END $$
      """,
      """
      CREATE TRIGGER iicsa_event_append_only BEFORE UPDATE OR DELETE ON iicsa_event
        FOR EACH ROW EXECUTE FUNCTION iicsa_refuse_change()
      """,
      """
      CREATE TRIGGER iicsa_event_no_truncate BEFORE TRUNCATE ON iicsa_event
        FOR EACH STATEMENT EXECUTE FUNCTION iicsa_refuse_change()
      """,
      """
      -- Each new event is the next in the log and not recorded before the last one: what the
      -- chain and every --known-at answer rely on, held by the database as well as by iicsa.
      CREATE FUNCTION iicsa_check_next() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last iicsa_event%ROWTYPE;
      BEGIN
        SELECT * INTO last FROM iicsa_event ORDER BY sequence DESC LIMIT 1;
        IF NEW.sequence <> COALESCE(last.sequence, 0) + 1 THEN
          RAISE EXCEPTION 'the iicsa log is append-only: event % is not the next (the log ends at %)',
            NEW.sequence, COALESCE(last.sequence, 0);
        END IF;
        IF last.recorded_at IS NOT NULL AND NEW.recorded_at COLLATE "C" < last.recorded_at COLLATE "C" THEN
          RAISE EXCEPTION 'the iicsa log is append-only: event % is recorded at %, before the last event (%)',
            NEW.sequence, NEW.recorded_at, last.recorded_at;
        END IF;
        RETURN NEW;
      END $$
      """,
      """
      CREATE TRIGGER iicsa_event_next BEFORE INSERT ON iicsa_event
        FOR EACH ROW EXECUTE FUNCTION iicsa_check_next()
      """,
      """
      CREATE TRIGGER iicsa_meta_append_only BEFORE DELETE OR TRUNCATE ON iicsa_meta
        FOR EACH STATEMENT EXECUTE FUNCTION iicsa_refuse_change()
      """,
    ],
    // 2: the log holds sweeps. Only the CHECK widens: no row changes, and the ALTER takes the
    // table's lock for the moment it checks the rows against the new constraint. Altering needs
    // the table's owner, as the first step did.
    [
      """
      ALTER TABLE iicsa_event DROP CONSTRAINT iicsa_event_type_check,
        ADD CONSTRAINT iicsa_event_type_check
        CHECK (type IN ('report_published', 'statement_recorded', 'event_corrected', 'sweep_recorded'))
      """
    ],
  ]

  static var version: Int { migrations.count }

  /// The grants that give the editors' role the log: read and append, nothing else.
  static let grants = [
    "REVOKE ALL ON iicsa_event, iicsa_meta FROM PUBLIC",
    "GRANT SELECT, INSERT ON iicsa_event TO \(editorRole)",
    "GRANT SELECT ON iicsa_meta TO \(editorRole)",
  ]
}
