using System.Globalization;
using CsvHelper;

namespace LedgerReconcile.Exports;

/// <summary>
/// RFC 4180 CSV through CsvHelper: UTF-8 without a byte-order mark, a header row, CRLF line ends, fields with a
/// comma, quote or line break quoted, quotes doubled. CsvHelper's own injection option stays off because it would also
/// mark negative numbers; <see cref="ExportCells.GuardAgainstFormula"/> guards text only.
/// </summary>
internal sealed class CsvRowWriter<TRow>(Stream output, IReadOnlyList<ExportColumn<TRow>> columns) : IRowWriter<TRow>
{
    private readonly CsvWriter _csv = CsvWriter.Create(
        output,
        new CsvWriterOptions
        {
            Injection = CsvInjection.None,
            NewLine = "\r\n",
            FormatProvider = CultureInfo.InvariantCulture,
            WriteByteOrderMark = false,
            BufferSize = 16 * 1024,
        },
        leaveOpen: true);

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        _csv.WriteHeader(columns.Select(c => c.Name).ToArray());
        return Task.CompletedTask;
    }

    public void Write(TRow row)
    {
        foreach (var column in columns)
        {
            var value = column.Value(row);
            var text = ExportCells.Text(value) ?? "";
            _csv.WriteField(value is string ? ExportCells.GuardAgainstFormula(text) : text);
        }

        _csv.EndRecord();
    }

    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _csv.FlushAsync(cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task EndAsync(CancellationToken cancellationToken) => FlushAsync(cancellationToken);

    public ValueTask DisposeAsync() => _csv.DisposeAsync();
}
