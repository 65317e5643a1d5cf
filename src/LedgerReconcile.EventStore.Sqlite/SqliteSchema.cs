using Microsoft.Data.Sqlite;

namespace LedgerReconcile.EventStore.Sqlite;

/// <summary>The store's tables, migrated forward with <c>PRAGMA user_version</c> when a store opens.</summary>
internal static class SqliteSchema
{
    internal const int BusyTimeoutMilliseconds = 30_000;

    // Index i brings the schema from version i to version i + 1. Never edit a shipped entry: add one.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE events (
            position    INTEGER PRIMARY KEY,
            event_id    BLOB    NOT NULL,
            stream      TEXT    NOT NULL,
            revision    INTEGER NOT NULL,
            type        TEXT    NOT NULL,
            data        BLOB    NOT NULL,
            metadata    BLOB    NOT NULL,
            recorded_at INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL,
            hash        BLOB    NOT NULL
        );
        CREATE UNIQUE INDEX events_event_id ON events (event_id);
        CREATE UNIQUE INDEX events_stream_revision ON events (stream, revision);

        -- The ledger is append-only; the hash chain makes any edit that bypasses these triggers evident.
        CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
        """,
    ];

    /// <summary>The schema version this build writes.</summary>
    internal static int CurrentVersion => Migrations.Length;

    internal static void ConfigureWriter(SqliteConnection connection, bool durable)
    {
        Execute(connection, $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds};");
        var mode = Scalar(connection, "PRAGMA journal_mode = WAL;");
        if (!string.Equals(mode as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"The store file could not be switched to WAL (journal_mode is '{mode}').");
        }

        Execute(connection, durable ? "PRAGMA synchronous = FULL;" : "PRAGMA synchronous = NORMAL;");
        Execute(connection, "PRAGMA cache_size = -32768;");
        Execute(connection, "PRAGMA temp_store = MEMORY;");
        Execute(connection, "PRAGMA wal_autocheckpoint = 8192;");
        Execute(connection, "PRAGMA journal_size_limit = 67108864;");
    }

    internal static void Migrate(SqliteConnection connection)
    {
        // IMMEDIATE: two processes opening a fresh file at once must not both create the tables.
        Execute(connection, "BEGIN IMMEDIATE;");
        try
        {
            var version = Convert.ToInt32(Scalar(connection, "PRAGMA user_version;"), System.Globalization.CultureInfo.InvariantCulture);
            if (version > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"The store file has schema version {version}; this build knows versions up to {CurrentVersion}.");
            }

            for (var next = version; next < CurrentVersion; next++)
            {
                Execute(connection, Migrations[next]);
            }

            if (version != CurrentVersion)
            {
                Execute(connection, $"PRAGMA user_version = {CurrentVersion};");
            }

            Execute(connection, "COMMIT;");
        }
        catch
        {
            Execute(connection, "ROLLBACK;");
            throw;
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
