namespace LedgerReconcile.Exports;

/// <summary>How an export is written: CSV for spreadsheets, or one JSON array of flat objects with the same column names.</summary>
public enum ExportFormat
{
    Csv,
    Json,
}

public static class ExportFormats
{
    public static string MediaType(this ExportFormat format) =>
        format == ExportFormat.Csv ? "text/csv; charset=utf-8" : "application/json; charset=utf-8";

    public static string Extension(this ExportFormat format) => format == ExportFormat.Csv ? "csv" : "json";

    /// <summary>'csv' or 'json' (any case); nothing means CSV, the format finance opens.</summary>
    public static bool TryParse(string? text, out ExportFormat format)
    {
        format = ExportFormat.Csv;
        if (string.IsNullOrEmpty(text) || text.Equals("csv", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.Equals("json", StringComparison.OrdinalIgnoreCase))
        {
            format = ExportFormat.Json;
            return true;
        }

        return false;
    }
}
