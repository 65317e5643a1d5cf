using System.Text;

namespace LedgerReconcile.Exports;

/// <summary>The columns and the row source of one export, written as CSV or JSON.</summary>
public sealed class Export<TRow>(string name, IReadOnlyList<ExportColumn<TRow>> columns, IAsyncEnumerable<TRow> rows) : IExport
{
    /// <summary>How many rows go out before a flush: small enough that a reader sees progress, large enough to batch.</summary>
    public const int RowsPerFlush = 200;

    public string Name { get; } = SafeName(name);

    public string FileName(ExportFormat format) => $"{Name}.{format.Extension()}";

    public async Task<long> WriteAsync(Stream output, ExportFormat format, CancellationToken cancellationToken)
    {
        await using IRowWriter<TRow> writer = format == ExportFormat.Csv ? new CsvRowWriter<TRow>(output, columns) : new JsonRowWriter<TRow>(output, columns);
        await writer.BeginAsync(cancellationToken).ConfigureAwait(false);
        var written = 0L;
        await foreach (var row in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            writer.Write(row);
            if (++written % RowsPerFlush == 0)
            {
                await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await writer.EndAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    private static string SafeName(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        return safe.ToString();
    }
}
