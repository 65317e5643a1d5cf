using System.Globalization;

namespace LedgerReconcile.Datto.Usage;

public enum DattoStorageReading { SizeAndUnits, BareNumberAsBytes, UnknownUnits, Unreadable }

// Size and Units are what Datto sent, kept so a later decision about the unit base can be replayed.
public sealed record DattoStorage(decimal? Size, string? Units, long? Bytes, DattoStorageReading Reading)
{
    public static DattoStorage FromSizeAndUnits(decimal size, string? units)
    {
        if (units is null || !DattoStorageUnits.TryGetBytesPerUnit(units, out var bytesPerUnit))
            return new(size, units, null, DattoStorageReading.UnknownUnits);
        // Checked before multiplying: a size near decimal.MaxValue times a unit would overflow decimal itself.
        if (size < 0 || size > long.MaxValue / bytesPerUnit) return new(size, units, null, DattoStorageReading.Unreadable);
        return new(size, units, (long)decimal.Round(size * bytesPerUnit, MidpointRounding.AwayFromZero), DattoStorageReading.SizeAndUnits);
    }

    // A negative size is no amount of storage: it is unreadable, never billed as less than nothing.
    public static DattoStorage FromBareNumber(decimal size) =>
        size is > long.MaxValue or < 0
            ? new(size, null, null, DattoStorageReading.Unreadable)
            : new(size, null, (long)decimal.Round(size, MidpointRounding.AwayFromZero), DattoStorageReading.BareNumberAsBytes);

    public override string ToString() =>
        $"{Size?.ToString(CultureInfo.InvariantCulture) ?? "?"} {Units ?? "(no units)"} = {Bytes?.ToString(CultureInfo.InvariantCulture) ?? "?"} bytes";
}

public static class DattoStorageUnits
{
    // KB/MB/GB/TB are read as binary (1024-based), like the IEC spellings. The only source that feeds live
    // `units` into a converter (the seatosky IT Glue sync) uses 1024, and the portal shows sizes the same way.
    // The choice is an ADR; the raw pair is kept on DattoStorage so it can be revisited.
    private const decimal Ki = 1024m;

    private static readonly Dictionary<string, decimal> BytesPerUnit = new(StringComparer.OrdinalIgnoreCase)
    {
        ["B"] = 1m,
        ["Byte"] = 1m,
        ["Bytes"] = 1m,
        ["KB"] = Ki,
        ["KiB"] = Ki,
        ["MB"] = Ki * Ki,
        ["MiB"] = Ki * Ki,
        ["GB"] = Ki * Ki * Ki,
        ["GiB"] = Ki * Ki * Ki,
        ["TB"] = Ki * Ki * Ki * Ki,
        ["TiB"] = Ki * Ki * Ki * Ki,
        ["PB"] = Ki * Ki * Ki * Ki * Ki,
        ["PiB"] = Ki * Ki * Ki * Ki * Ki,
    };

    public static IReadOnlyCollection<string> KnownSpellings => BytesPerUnit.Keys;

    public static bool TryGetBytesPerUnit(string units, out decimal bytesPerUnit) =>
        BytesPerUnit.TryGetValue(units.Trim(), out bytesPerUnit);
}
