using System.Text.Json;

namespace LedgerReconcile.Exports;

/// <summary>
/// One JSON array of flat objects whose properties are the CSV column names: numbers as JSON numbers, times and
/// dates as ISO-8601 strings, missing values as null. An array rather than JSON lines, so the same JSON tools that
/// read the views read the export.
/// </summary>
internal sealed class JsonRowWriter<TRow>(Stream output, IReadOnlyList<ExportColumn<TRow>> columns) : IRowWriter<TRow>
{
    private readonly Utf8JsonWriter _json = new(output, new JsonWriterOptions { SkipValidation = false });

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        _json.WriteStartArray();
        return Task.CompletedTask;
    }

    public void Write(TRow row)
    {
        _json.WriteStartObject();
        foreach (var column in columns)
        {
            _json.WritePropertyName(column.Name);
            WriteValue(column.Value(row));
        }

        _json.WriteEndObject();
    }

    public Task FlushAsync(CancellationToken cancellationToken) => _json.FlushAsync(cancellationToken);

    public Task EndAsync(CancellationToken cancellationToken)
    {
        _json.WriteEndArray();
        return _json.FlushAsync(cancellationToken);
    }

    public ValueTask DisposeAsync() => _json.DisposeAsync();

    private void WriteValue(object? value)
    {
        switch (value)
        {
            case null:
                _json.WriteNullValue();
                break;
            case decimal number:
                _json.WriteNumberValue(number);
                break;
            case long number:
                _json.WriteNumberValue(number);
                break;
            case int number:
                _json.WriteNumberValue(number);
                break;
            case bool flag:
                _json.WriteBooleanValue(flag);
                break;
            default:
                _json.WriteStringValue(ExportCells.Text(value));
                break;
        }
    }
}
