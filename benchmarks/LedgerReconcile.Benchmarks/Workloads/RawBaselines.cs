using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace LedgerReconcile.Benchmarks.Workloads;

// The physical limit of each engine here: the same row shape, the same bytes and the same unique indexes as the
// stores, written with plain statements and no event-store logic (no head or revision reads, no hash, no group commit).
internal static class RawBaselines
{
    public static readonly byte[] Hash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
    public static readonly byte[] Metadata = """{"tenant":"bench-msp","actor":"sync:datto","$correlationId":"corr-1","$causationId":"cmd-1","commandId":"cmd-1"}"""u8.ToArray();

    public const string SqliteTable = """
        CREATE TABLE IF NOT EXISTS raw_events (
            position    INTEGER PRIMARY KEY,
            event_id    BLOB    NOT NULL,
            stream      TEXT    NOT NULL,
            revision    INTEGER NOT NULL,
            type        TEXT    NOT NULL,
            data        BLOB    NOT NULL,
            metadata    BLOB    NOT NULL,
            recorded_at INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL,
            hash        BLOB    NOT NULL);
        CREATE UNIQUE INDEX IF NOT EXISTS raw_events_event_id ON raw_events (event_id);
        CREATE UNIQUE INDEX IF NOT EXISTS raw_events_stream_revision ON raw_events (stream, revision);
        """;

    public const string PostgresTable = """
        CREATE SCHEMA IF NOT EXISTS raw;
        CREATE TABLE IF NOT EXISTS raw.events (
            position    bigint NOT NULL PRIMARY KEY,
            event_id    uuid   NOT NULL UNIQUE,
            stream      text   NOT NULL,
            revision    bigint NOT NULL,
            type        text   NOT NULL,
            data        bytea  NOT NULL,
            metadata    bytea  NOT NULL,
            recorded_at bigint NOT NULL,
            occurred_at bigint NOT NULL,
            hash        bytea  NOT NULL,
            UNIQUE (stream, revision));
        """;

    public const string PostgresInsert =
        "INSERT INTO raw.events (position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

    public const string PostgresInsertMany = """
        INSERT INTO raw.events (position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash)
        SELECT * FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::bigint[], $5::text[], $6::bytea[], $7::bytea[], $8::bigint[], $9::bigint[], $10::bytea[])
        """;

    public const string PostgresCopy =
        "COPY raw.events (position, event_id, stream, revision, type, data, metadata, recorded_at, occurred_at, hash) FROM STDIN (FORMAT BINARY)";

    // A connection to a raw SQLite file configured like the store's writer: WAL, `synchronous=FULL`.
    public static SqliteConnection OpenSqlite(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -32768; PRAGMA busy_timeout = 30000;");
        Execute(connection, SqliteTable);
        return connection;
    }

    public static SqliteCommand PrepareSqliteInsert(SqliteConnection connection)
    {
        var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO raw_events VALUES ($p, $id, $s, $r, $t, $d, $m, $ra, $oa, $h);";
        foreach (var name in new[] { "$p", "$id", "$s", "$r", "$t", "$d", "$m", "$ra", "$oa", "$h" })
        {
            insert.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        insert.Prepare();
        return insert;
    }

    public static void BindSqlite(SqliteCommand insert, long position, Guid id, string stream, long revision, string type, byte[] data)
    {
        var p = insert.Parameters;
        p[0].Value = position;
        p[1].Value = id.ToByteArray(bigEndian: true);
        p[2].Value = stream;
        p[3].Value = revision;
        p[4].Value = type;
        p[5].Value = data;
        p[6].Value = Metadata;
        p[7].Value = 1_700_000_000_000_000L + position;
        p[8].Value = 1_700_000_000_000_000L;
        p[9].Value = Hash;
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static async Task CreatePostgresTableAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(PostgresTable);
        await command.ExecuteNonQueryAsync();
    }

    public static NpgsqlCommand PreparePostgresInsert(NpgsqlConnection connection)
    {
        var insert = new NpgsqlCommand(PostgresInsert, connection);
        insert.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter<Guid> { NpgsqlDbType = NpgsqlDbType.Uuid });
        insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Text });
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea });
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = Metadata });
        insert.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter<long> { NpgsqlDbType = NpgsqlDbType.Bigint, TypedValue = 1_700_000_000_000_000L });
        insert.Parameters.Add(new NpgsqlParameter<byte[]> { NpgsqlDbType = NpgsqlDbType.Bytea, TypedValue = Hash });
        return insert;
    }

    public static void BindPostgres(NpgsqlCommand insert, long position, Guid id, string stream, long revision, string type, byte[] data)
    {
        ((NpgsqlParameter<long>)insert.Parameters[0]).TypedValue = position;
        ((NpgsqlParameter<Guid>)insert.Parameters[1]).TypedValue = id;
        ((NpgsqlParameter<string>)insert.Parameters[2]).TypedValue = stream;
        ((NpgsqlParameter<long>)insert.Parameters[3]).TypedValue = revision;
        ((NpgsqlParameter<string>)insert.Parameters[4]).TypedValue = type;
        ((NpgsqlParameter<byte[]>)insert.Parameters[5]).TypedValue = data;
        ((NpgsqlParameter<long>)insert.Parameters[7]).TypedValue = 1_700_000_000_000_000L + position;
    }
}
