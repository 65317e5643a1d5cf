namespace LedgerReconcile.Domain.Billing;

/// <summary>
/// Normalises Datto's <c>{size, units}</c> storage pairs to bytes. Datto's set of unit strings is not documented, so
/// the known spellings are accepted case-insensitively and anything else is refused rather than guessed.
/// </summary>
public static class StorageSize
{
    // The clients that read these values against the live API treat KB/MB/GB/TB as binary multiples, like KiB..TiB.
    private static readonly Dictionary<string, decimal> BytesPerUnit = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B"] = 1m,
        ["Byte"] = 1m,
        ["Bytes"] = 1m,
        ["KB"] = 1024m,
        ["KiB"] = 1024m,
        ["MB"] = 1024m * 1024,
        ["MiB"] = 1024m * 1024,
        ["GB"] = 1024m * 1024 * 1024,
        ["GiB"] = 1024m * 1024 * 1024,
        ["TB"] = 1024m * 1024 * 1024 * 1024,
        ["TiB"] = 1024m * 1024 * 1024 * 1024,
    };

    public static IReadOnlyCollection<string> KnownUnits => BytesPerUnit.Keys;

    /// <summary>Missing units mean the newer plain-number form, which is bytes; the snapshot flags it.</summary>
    public static bool IsMissing(string? units) => string.IsNullOrWhiteSpace(units);

    public static bool IsKnownUnit(string? units) => IsMissing(units) || BytesPerUnit.ContainsKey(units!.Trim());

    public static bool TryToBytes(decimal size, string? units, out long bytes)
    {
        bytes = 0;
        if (size < 0)
        {
            return false;
        }

        decimal multiplier;
        if (IsMissing(units))
        {
            multiplier = 1m;
        }
        else if (!BytesPerUnit.TryGetValue(units!.Trim(), out multiplier))
        {
            return false;
        }

        if (size > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = (long)Math.Round(size * multiplier, MidpointRounding.AwayFromZero);
        return true;
    }
}
