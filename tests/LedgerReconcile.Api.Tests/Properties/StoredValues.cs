using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using LedgerReconcile.Application.Validation;

namespace LedgerReconcile.Api.Tests.Properties;

/// <summary>
/// What an accepted request may have stored, read back from the event payloads: text without control characters or
/// bidirectional overrides, ids in their grammar, times inside the ledger's window and no negative amounts.
/// </summary>
public static partial class StoredValues
{
    /// <summary>Fields that hold an id (of ours or of Datto and the PSAs); each must match an id grammar.</summary>
    private static readonly HashSet<string> IdFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "snapshotId", "syncRunId", "serialNumber", "deviceSerial", "volumeId", "assetUuid", "mainId", "psaCompanyId", "agreementId",
        "psaLineId", "periodId", "id",
    };

    /// <summary>
    /// Datto's own contract date, only ever compared with today: a far end means "not expired", which is what Datto says,
    /// so it has no window of ours.
    /// </summary>
    private const string DattoServicePeriodEnd = "servicePeriodEnd";

    public static IReadOnlyList<string> Violations(JsonElement data, DateTimeOffset now)
    {
        var found = new List<string>();
        Walk(data, "$", null, now, found);
        return found;
    }

    private static void Walk(JsonElement element, string path, string? field, DateTimeOffset now, List<string> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Walk(property.Value, $"{path}.{property.Name}", property.Name, now, found);
                }

                break;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item, $"{path}[{index++}]", field, now, found);
                }

                break;
            case JsonValueKind.String:
                Text(element.GetString()!, path, field, now, found);
                break;
            case JsonValueKind.Number when element.GetDecimal() < 0:
                found.Add($"{path} stores the negative number {element.GetRawText()}");
                break;
        }
    }

    private static void Text(string text, string path, string? field, DateTimeOffset now, List<string> found)
    {
        if (!LedgerRules.IsFreeText(text, LedgerRules.ReasonLength, multiline: true))
        {
            found.Add($"{path} stores text outside the free-text rules: {Escaped(text)}");
        }

        if (field is not null && IdFields.Contains(field) && !LedgerRules.IsIdentifier(text, IdKind.Asset))
        {
            found.Add($"{path} stores an id outside the id grammar: {Escaped(text)}");
        }

        if (field is not null && TimeField().IsMatch(field) && field != DattoServicePeriodEnd && TimeOf(text) is { } time
            && (time < LedgerRules.Epoch.AddDays(-1) || time > now + LedgerRules.Horizon + TimeSpan.FromDays(1)))
        {
            found.Add($"{path} stores the time {text}, outside {LedgerRules.Epoch:yyyy-MM-dd} to now + {LedgerRules.Horizon.TotalDays:0} days");
        }
    }

    private static DateTimeOffset? TimeOf(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? new DateTimeOffset(date, TimeOnly.MinValue, TimeSpan.Zero)
            : null;

    private static string Escaped(string text) =>
        string.Concat(text.Take(80).Select(c => c is < ' ' or > '~' ? $"\\u{(int)c:X4}" : c.ToString())) + (text.Length > 80 ? $"…({text.Length} chars)" : "");

    /// <summary>Times and dates are named for when: observedAt, effectiveFrom, periodStart, servicePeriodEnd.</summary>
    [GeneratedRegex("(At|From|Start|End)$")]
    private static partial Regex TimeField();
}
