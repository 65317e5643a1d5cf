using System.Globalization;

namespace LedgerReconcile.Psa;

/// <summary>Line references look like <c>cw:19300:801:40001</c>: a PSA prefix, then colon-separated integer ids.</summary>
internal static class PsaLineRef
{
    public static string Format(string prefix, params long[] ids) =>
        prefix + ":" + string.Join(':', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public static long[] Parse(string lineRef, string prefix, int idCount)
    {
        var parts = lineRef.Split(':');
        if (parts.Length != idCount + 1 || parts[0] != prefix)
            throw new ArgumentException($"'{lineRef}' is not a {prefix} line reference.", nameof(lineRef));
        var ids = new long[idCount];
        for (var i = 0; i < idCount; i++)
        {
            if (!long.TryParse(parts[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ids[i]))
                throw new ArgumentException($"'{lineRef}' is not a {prefix} line reference.", nameof(lineRef));
        }
        return ids;
    }
}
