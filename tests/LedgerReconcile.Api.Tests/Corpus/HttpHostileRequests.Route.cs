using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests.Corpus;

public static partial class HttpHostileRequests
{
    /// <summary>Where a route value goes: the endpoint, its path with <c>{x}</c> for the value, and a valid value.</summary>
    private sealed record RouteSlot(string Endpoint, string Path, string Valid, bool IsEnum = false, bool IsCaseSensitive = true);

    private static readonly RouteSlot[] RouteSlots =
    [
        new("GetCustomer", "/api/customers/{x}", Customer),
        new("IgnoreAsset", "/api/customers/{x}/ignores", Customer),
        new("GetInvoicedPeriod", "/api/customers/{c}/periods/{x}", "2026-10"),
        new("AdjustBillingPeriod", "/api/customers/{c}/periods/{x}/adjustments", "2026-10"),
        new("MapService", "/api/customers/{c}/services/{x}", "PerAgent", IsEnum: true, IsCaseSensitive: false),
        new("UnmapService", "/api/customers/{c}/services/{x}/unmap", "PerAgent", IsEnum: true, IsCaseSensitive: false),
        new("SetCustomerPolicy", "/api/customers/{c}/policies/{x}", "NasShares", IsEnum: true, IsCaseSensitive: false),
        new("SetTenantPolicy", "/api/tenant/policies/{x}", "PausedAgents", IsEnum: true, IsCaseSensitive: false),
        new("AcknowledgeDrift", "/api/customers/{c}/drifts/{x}/acknowledge", "drift-1"),
        new("ApproveQuantityChange", "/api/customers/{c}/proposals/{x}/approve", EndpointCatalog.SomeProposal.ToString(), IsCaseSensitive: false),
        new("RevokeApiKey", "/api/keys/{x}", "0123456789abcdef"),
        new("SetCredentials", "/api/integrations/{x}/credentials", "datto", IsEnum: true, IsCaseSensitive: false),
    ];

    /// <summary>
    /// Hostile forms of a valid route value, percent-encoded as a client would send them. A NUL in the path never reaches
    /// the app (the server refuses it first): see <c>KestrelRefusalTests</c>.
    /// </summary>
    private static IEnumerable<(string Name, Func<string, string> Mutate)> RouteValueMutations(RouteSlot slot)
    {
        yield return ("control character inside", v => v[..1] + "%01" + v[1..]);
        yield return ("DEL appended", v => v + "%7F");
        yield return ("bidi override", v => "%E2%80%AE" + v);
        yield return ("zero-width space", v => v[..1] + "%E2%80%8B" + v[1..]);
        yield return ("encoded ../", v => "..%2F" + v);
        yield return ("encoded ..\\", v => "%2e%2e%5C" + v);
        yield return ("SQL-looking text", v => v + "'%20OR%20'1'%3D'1");
        yield return ("SQL statement", v => v + "%3BDROP%20TABLE%20events%3B--");
        yield return ("10 KB value", v => v + new string('a', 10_000));
        yield return ("Cyrillic look-alike", LookAlike);
        yield return ("fullwidth characters", v => "%EF%BC%90" + v);
        yield return ("trailing space", v => v + "%20");
        yield return ("trailing tab", v => v + "%09");
        yield return ("leading space", v => "%20" + v);
        if (slot.IsCaseSensitive && slot.Valid.ToUpperInvariant() != slot.Valid)
        {
            yield return ("wrong case", v => v.ToUpperInvariant());
        }

        if (slot.IsEnum)
        {
            yield return ("number for enum", _ => "3");
            yield return ("zero for enum", _ => "0");
            yield return ("comma-combined names", v => v + "%2C" + v);
        }
    }

    /// <summary>The first Latin letter replaced by its Cyrillic twin: reads the same, is not the same id.</summary>
    private static string LookAlike(string value)
    {
        var twins = new Dictionary<char, string> { ['o'] = "%D0%BE", ['a'] = "%D0%B0", ['e'] = "%D0%B5", ['P'] = "%D0%A0", ['N'] = "%D0%9D", ['d'] = "%D4%81", ['r'] = "%D0%B3" };
        var index = value.IndexOfAny([.. twins.Keys]);
        return index < 0 ? "%D0%BE" + value : value[..index] + twins[value[index]] + value[(index + 1)..];
    }

    private static IEnumerable<HostileRequest> RouteCases() =>
        from slot in RouteSlots
        from mutation in RouteValueMutations(slot)
        select From("route", slot.Endpoint, $"{mutation.Name} in '{slot.Valid}'", slot.Path.Replace("{x}", mutation.Mutate(slot.Valid), StringComparison.Ordinal));
}
