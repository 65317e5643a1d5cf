using System.Globalization;
using CsvHelper;

namespace LedgerReconcile.Exports;

/// <summary>
/// RFC 4180 CSV through CsvHelper: UTF-8 without a byte-order mark, a header row, CRLF line ends, fields with a
/// comma, quote or line break quoted, quotes doubled. CsvHelper's own injection option stays off because it would also
/// mark negative numbers; <see cref="ExportCells.GuardAgainstFormula"/> guards text only.
/// </summary>
internal sealed class CsvRowWriter<TRow> : IRowWriter<TRow>
{
    private readonly Stream _output;
    private readonly IReadOnlyList<ExportColumn<TRow>> _columns;

    // CsvHelper writes synchronously when its buffer fills, which an HTTP response refuses; it writes a batch of rows
    // here and each flush copies the batch to the output asynchronously, so memory holds one batch at most.
    private readonly MemoryStream _batch = new();
    private readonly CsvWriter _csv;

    public CsvRowWriter(Stream output, IReadOnlyList<ExportColumn<TRow>> columns)
    {
        _output = output;
        _columns = columns;
        _csv = CsvWriter.Create(
            _batch,
            new CsvWriterOptions { Injection = CsvInjection.None, NewLine = "\r\n", FormatProvider = CultureInfo.InvariantCulture, WriteByteOrderMark = false },
            leaveOpen: true);
    }

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        _csv.WriteHeader(_columns.Select(c => c.Name).ToArray());
        return Task.CompletedTask;
    }

    public void Write(TRow row)
    {
        foreach (var column in _columns)
        {
            var value = column.Value(row);
            var text = ExportCells.Text(value) ?? "";
            _csv.WriteField(value is string ? ExportCells.GuardAgainstFormula(text) : text);
        }

        _csv.EndRecord();
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        _csv.Flush();
        _batch.Position = 0;
        await _batch.CopyToAsync(_output, cancellationToken).ConfigureAwait(false);
        _batch.SetLength(0);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task EndAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _csv.DisposeAsync().ConfigureAwait(false);
        await _batch.DisposeAsync().ConfigureAwait(false);
    }
}
