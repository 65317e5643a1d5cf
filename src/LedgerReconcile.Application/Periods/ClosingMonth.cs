using System.Globalization;

namespace LedgerReconcile.Application.Periods;

/// <summary>A calendar month closed for the whole book, named yyyy-MM; its days run from the 1st to the last, in UTC.</summary>
public sealed record ClosingMonth(int Year, int Month)
{
    public string Id => $"{Year:D4}-{Month:D2}";

    public DateOnly Start => new(Year, Month, 1);

    public DateOnly End => Start.AddMonths(1).AddDays(-1);

    public DateTimeOffset EndsAt => FrozenPeriod.LastInstantOf(End);

    public static bool TryParse(string? text, out ClosingMonth month)
    {
        month = null!;
        if (text is not { Length: 7 } || !DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
        {
            return false;
        }

        month = new ClosingMonth(first.Year, first.Month);
        return true;
    }

    public static ClosingMonth Parse(string text) =>
        TryParse(text, out var month) ? month : throw new FormatException($"'{text}' is not a month (yyyy-MM).");
}
