namespace LedgerReconcile.Psa;

/// <summary>Line references look like <c>cw:19300:801:40001</c>: a PSA prefix, then colon-separated integer ids.</summary>
internal sealed record PsaLineRef(string Prefix, int IdCount)
{
    public string Format(params long[] ids) =>
        Prefix + ":" + string.Join(':', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public long[] Parse(string lineRef)
    {
        var parts = lineRef.Split(':');
        if (parts.Length != IdCount + 1 || parts[0] != Prefix)
            throw new ArgumentException($"'{lineRef}' is not a {Prefix} line reference.", nameof(lineRef));
        var ids = new long[IdCount];
        for (var i = 0; i < IdCount; i++)
        {
            if (!long.TryParse(parts[i + 1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ids[i]))
                throw new ArgumentException($"'{lineRef}' is not a {Prefix} line reference.", nameof(lineRef));
        }
        return ids;
    }
}
