using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace LedgerReconcile.EventStore.Sqlite;

public sealed partial class SqliteEventStore
{
    // Pages stop at this many events or this many payload bytes, whichever comes first, so that a read never holds
    // the store (or one huge stream) in memory and never keeps a WAL snapshot open while its consumer is busy.
    private const int PageSize = 2048;
    private const long PageBytes = 8 * 1024 * 1024;

    private async Task<SqliteConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Raw statements bypass the driver's own retry on a busy file (e.g. while another process recovers the WAL).
            raw.sqlite3_busy_timeout(connection.Handle, SqliteSchema.BusyTimeoutMilliseconds);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // Each page is its own short read transaction: positions and revisions only ever grow, so continuing after the
    // last key read neither skips nor repeats, and no snapshot is held while the consumer works through a page.
    private async IAsyncEnumerable<T> ReadPagedAsync<T>(
        string sql,
        string? stream,
        long from,
        long maxCount,
        Func<SqliteEventRows, sqlite3_stmt, T> map,
        Func<T, long> nextFrom,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (maxCount == 0)
        {
            yield break;
        }

        await using var connection = await OpenReadConnectionAsync(cancellationToken).ConfigureAwait(false);
        var database = connection.Handle!;
        Check(raw.sqlite3_prepare_v2(database, sql, out var statement), database);
        try
        {
            var rows = new SqliteEventRows();
            var page = new List<T>((int)Math.Min(maxCount, PageSize));
            var remaining = maxCount;
            while (remaining > 0)
            {
                var limit = Math.Min(remaining, PageSize);
                ReadPage(database, statement, stream, from, limit, rows, map, page, out var cut);
                foreach (var item in page)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    yield return item;
                }

                remaining -= page.Count;
                if (page.Count == 0 || (!cut && page.Count < limit))
                {
                    yield break;
                }

                from = nextFrom(page[^1]);
                if (from < 0)
                {
                    yield break;
                }
            }
        }
        finally
        {
            statement.Dispose();
        }
    }

    private static void ReadPage<T>(
        sqlite3 database,
        sqlite3_stmt statement,
        string? stream,
        long from,
        long limit,
        SqliteEventRows rows,
        Func<SqliteEventRows, sqlite3_stmt, T> map,
        List<T> page,
        out bool cut)
    {
        page.Clear();
        rows.BytesRead = 0;
        cut = false;
        Check(raw.sqlite3_reset(statement), database);
        var parameter = 1;
        if (stream is not null)
        {
            Check(raw.sqlite3_bind_text(statement, parameter++, stream), database);
        }

        Check(raw.sqlite3_bind_int64(statement, parameter++, from), database);
        Check(raw.sqlite3_bind_int64(statement, parameter, limit), database);
        try
        {
            int step;
            while ((step = raw.sqlite3_step(statement)) == raw.SQLITE_ROW)
            {
                page.Add(map(rows, statement));
                if (rows.BytesRead >= PageBytes)
                {
                    cut = true;
                    return;
                }
            }

            Check(step, database);
        }
        finally
        {
            // Ends the page's read transaction, so no WAL snapshot outlives the page.
            raw.sqlite3_reset(statement);
        }
    }

    private static void Check(int resultCode, sqlite3 database)
    {
        if (resultCode is not (raw.SQLITE_OK or raw.SQLITE_ROW or raw.SQLITE_DONE))
        {
            SqliteException.ThrowExceptionForRC(resultCode, database);
        }
    }
}
