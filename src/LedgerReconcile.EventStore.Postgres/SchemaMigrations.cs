using Npgsql;

namespace LedgerReconcile.EventStore.Postgres;

/// <summary>
/// Versioned schema changes, applied in order on open, each exactly once. Released migrations are never edited:
/// a change is a new migration at the end of the list.
/// </summary>
internal static class SchemaMigrations
{
    private static readonly Func<SchemaName, Migration>[] All =
    [
        s => new(1, "events", $"""
            CREATE TABLE {s.Quoted}.events (
                position    bigint NOT NULL,
                event_id    uuid   NOT NULL,
                stream      text   NOT NULL,
                revision    bigint NOT NULL,
                type        text   NOT NULL,
                data        bytea  NOT NULL,
                metadata    bytea  NOT NULL,
                recorded_at bigint NOT NULL,
                occurred_at bigint NOT NULL,
                hash        bytea  NOT NULL,
                CONSTRAINT events_pkey PRIMARY KEY (position),
                CONSTRAINT events_event_id_key UNIQUE (event_id),
                CONSTRAINT events_stream_revision_key UNIQUE (stream, revision),
                CONSTRAINT events_position_positive CHECK (position > 0),
                CONSTRAINT events_revision_not_negative CHECK (revision >= 0)
            );
            COMMENT ON COLUMN {s.Quoted}.events.recorded_at IS 'Record time, microseconds since the Unix epoch (UTC); covered by the hash.';
            COMMENT ON COLUMN {s.Quoted}.events.occurred_at IS 'Valid time, microseconds since the Unix epoch (UTC); covered by the hash.';
            COMMENT ON COLUMN {s.Quoted}.events.metadata IS 'The exact bytes of MetadataJson.Serialize; covered by the hash.';
            """),

        // The ledger is append-only: a projection or a hand-written fix sharing the database must not edit history.
        // Someone with owner rights can still switch this off, which is what the hash chain is for.
        s => new(2, "events_append_only", $"""
            CREATE FUNCTION {s.Quoted}.events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
                RAISE EXCEPTION 'the event log is append-only: % on %.events is refused', TG_OP, TG_TABLE_SCHEMA
                    USING ERRCODE = 'restrict_violation';
            END;
            $body$;
            CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON {s.Quoted}.events
                FOR EACH ROW EXECUTE FUNCTION {s.Quoted}.events_refuse_change();
            CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON {s.Quoted}.events
                FOR EACH STATEMENT EXECUTE FUNCTION {s.Quoted}.events_refuse_change();
            """),
    ];

    /// <summary>The number of migrations this build knows.</summary>
    public static int LatestVersion => All.Length;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, SchemaName schema, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({schema.MigrationLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            $"""
            CREATE SCHEMA IF NOT EXISTS {schema.Quoted};
            CREATE TABLE IF NOT EXISTS {schema.Quoted}.schema_migrations (
                version    integer     NOT NULL PRIMARY KEY,
                name       text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            );
            """,
            cancellationToken).ConfigureAwait(false);

        var applied = new HashSet<int>();
        await using (var select = new NpgsqlCommand($"SELECT version FROM {schema.Quoted}.schema_migrations", connection, transaction))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(reader.GetInt32(0));
            }
        }

        if (applied.Count > 0 && applied.Max() > LatestVersion)
        {
            throw new InvalidOperationException(
                $"Schema '{schema.Name}' is at migration {applied.Max()}, newer than this build knows ({LatestVersion}); upgrade the application.");
        }

        foreach (var migration in All.Select(create => create(schema)).Where(m => !applied.Contains(m.Version)))
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = new NpgsqlCommand(
                $"INSERT INTO {schema.Quoted}.schema_migrations (version, name) VALUES ($1, $2)", connection, transaction)
            {
                Parameters = { new() { Value = migration.Version }, new() { Value = migration.Name } },
            };
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private sealed record Migration(int Version, string Name, string Sql);
}
