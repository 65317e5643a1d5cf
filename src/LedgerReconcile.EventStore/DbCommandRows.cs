using System.Data.Common;
using System.Runtime.CompilerServices;

namespace LedgerReconcile.EventStore;

/// <summary>Runs a query and reads its rows in order, the same way on every ADO.NET store.</summary>
public static class DbCommandRows
{
    /// <summary>Reads all the rows into a list.</summary>
    public static async Task<List<T>> ReadRowsAsync<T>(this DbCommand select, Func<DbDataReader, T> readRow, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(readRow(reader));
        }

        return rows;
    }

    /// <summary>Hands out the rows one at a time, without holding them all.</summary>
    public static async IAsyncEnumerable<T> StreamRowsAsync<T>(
        this DbCommand select, Func<DbDataReader, T> readRow, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return readRow(reader);
        }
    }
}
