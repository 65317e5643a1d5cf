using System.Globalization;

namespace LedgerReconcile.Exports;

/// <summary>The one text form of a value in every export, whatever the culture of the machine that writes it.</summary>
internal static class ExportCells
{
    // ISO-8601 with the offset; trailing zero fractions are left out (2026-10-31T23:59:59+00:00).
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz";

    public static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        DateTimeOffset time => time.ToString(TimeFormat, CultureInfo.InvariantCulture),
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        Enum choice => choice.ToString(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// Text that came from outside (names, notes, reasons, ids) gets a leading apostrophe when it starts with a
    /// character a spreadsheet reads as the start of a formula (= + - @, or a tab or carriage return that some
    /// spreadsheets skip before one), so opening the file never runs it. Numbers and times are written by us and
    /// are never altered, so a negative difference stays a number.
    /// </summary>
    public static string GuardAgainstFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;
}
