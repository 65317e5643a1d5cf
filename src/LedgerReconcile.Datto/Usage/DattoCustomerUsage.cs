using System.Globalization;

namespace LedgerReconcile.Datto.Usage;

public enum DattoCustomerKeyKind { Organization, CompanyName, Unassigned }

public readonly record struct DattoCustomerKey(DattoCustomerKeyKind Kind, string Value)
{
    public static DattoCustomerKey ForOrganization(long organizationId) =>
        new(DattoCustomerKeyKind.Organization, organizationId.ToString(CultureInfo.InvariantCulture));

    public static DattoCustomerKey ForCompanyName(string companyName) =>
        new(DattoCustomerKeyKind.CompanyName, NormaliseCompanyName(companyName));

    public static readonly DattoCustomerKey Unassigned = new(DattoCustomerKeyKind.Unassigned, "");

    // Old devices carry only the free-text clientCompanyName, typed by hand in the portal: case, spacing and
    // punctuation drift. Same rule as LedgerReconcile.Domain.CustomerKeys.NormaliseName (lowercase letters and digits,
    // runs of anything else become one dash), so "name-" + Value is the ledger's customer key.
    public static string NormaliseCompanyName(string companyName)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        foreach (var character in companyName.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(character))
            {
                word.Append(character);
                continue;
            }
            if (word.Length > 0) words.Add(word.ToString());
            word.Clear();
        }
        if (word.Length > 0) words.Add(word.ToString());
        return string.Join('-', words);
    }

    public override string ToString() => Kind switch
    {
        DattoCustomerKeyKind.Organization => $"org:{Value}",
        DattoCustomerKeyKind.CompanyName => $"name:{Value}",
        _ => "unassigned",
    };
}

public sealed record DattoCustomerUsage(
    DattoCustomerKey Key,
    string DisplayName,
    IReadOnlyList<DattoDevice> Devices,
    IReadOnlyList<DattoDtcAsset> DtcAssets,
    IReadOnlyList<DattoEndpointAgent> EndpointAgents,
    IReadOnlyList<DattoSaasDomain> SaasDomains)
{
    public int DeviceCount => Devices.Count;

    // Counts over devices whose assets were read; see DevicesWithUnknownAssets before treating a drop as real.
    public int AgentCount => KnownAssets.Count(a => a.Type == DattoAssetType.Agent);
    public int ShareCount => KnownAssets.Count(a => a.Type == DattoAssetType.Share);
    public int ArchivedAgentCount => KnownAssets.Count(a => a.Type == DattoAssetType.Agent && a.IsArchived);
    public int PausedAgentCount => KnownAssets.Count(a => a.Type == DattoAssetType.Agent && a.IsPaused);
    public int DevicesWithUnknownAssets => Devices.Count(d => d.AssetsUnknown);
    public bool AssetsComplete => DevicesWithUnknownAssets == 0;

    public long OffsiteBytes => Devices.Sum(d => d.OffsiteBytes ?? 0);
    public int DevicesWithUnknownStorage => Devices.Count(d => d.OffsiteBytes is null);

    public int BillableSeatCount => SaasDomains.Sum(d => d.BillableSeatCount ?? 0);

    private IEnumerable<DattoAsset> KnownAssets => Devices.SelectMany(d => d.Assets ?? []);
}

internal static class DattoCustomerGrouping
{
    public static IReadOnlyList<DattoCustomerUsage> Group(DattoPartnerUsage usage)
    {
        var organizationsByName = OrganizationsByName(usage);

        DattoCustomerKey KeyOf(long? organizationId, params string?[] names)
        {
            if (organizationId is { } id) return DattoCustomerKey.ForOrganization(id);
            foreach (var name in names)
            {
                if (string.IsNullOrWhiteSpace(name) || DattoCustomerKey.NormaliseCompanyName(name).Length == 0) continue;
                // A name-only device joins its organisation when that name points at exactly one organisation,
                // so a customer with old and new appliances is not split in two.
                return organizationsByName.TryGetValue(DattoCustomerKey.NormaliseCompanyName(name), out var ids) && ids.Count == 1
                    ? DattoCustomerKey.ForOrganization(ids.Single())
                    : DattoCustomerKey.ForCompanyName(name);
            }
            return DattoCustomerKey.Unassigned;
        }

        var groups = new Dictionary<DattoCustomerKey, Builder>();
        Builder For(DattoCustomerKey key) =>
            groups.TryGetValue(key, out var builder) ? builder : groups[key] = new Builder();

        foreach (var device in usage.Devices)
        {
            var builder = For(KeyOf(device.OrganizationId, device.ClientCompanyName, device.OrganizationName));
            builder.Devices.Add(device);
            builder.Name(device.OrganizationName);
            builder.FallbackName(device.ClientCompanyName);
        }
        foreach (var asset in usage.DtcAssets ?? [])
        {
            var builder = For(KeyOf(asset.OrganizationId, asset.OrganizationName));
            builder.DtcAssets.Add(asset);
            builder.Name(asset.OrganizationName);
        }
        foreach (var agent in usage.EndpointAgents ?? [])
        {
            var builder = For(KeyOf(agent.OrganizationId, agent.OrganizationName, agent.ClientName));
            builder.EndpointAgents.Add(agent);
            builder.Name(agent.OrganizationName);
            builder.FallbackName(agent.ClientName);
        }
        foreach (var domain in usage.SaasDomains ?? [])
        {
            var builder = For(KeyOf(domain.OrganizationId, domain.OrganizationName, domain.SaasCustomerName));
            builder.SaasDomains.Add(domain);
            builder.Name(domain.OrganizationName);
            builder.FallbackName(domain.SaasCustomerName);
        }

        return groups
            .OrderBy(g => g.Key.Kind)
            .ThenBy(g => g.Key.Kind == DattoCustomerKeyKind.Organization ? long.Parse(g.Key.Value, CultureInfo.InvariantCulture) : 0)
            .ThenBy(g => g.Key.Value, StringComparer.Ordinal)
            .Select(g => new DattoCustomerUsage(g.Key, g.Value.DisplayName ?? g.Key.Value,
                g.Value.Devices, g.Value.DtcAssets, g.Value.EndpointAgents, g.Value.SaasDomains))
            .ToArray();
    }

    private static Dictionary<string, HashSet<long>> OrganizationsByName(DattoPartnerUsage usage)
    {
        var map = new Dictionary<string, HashSet<long>>(StringComparer.Ordinal);
        void Add(long? id, string? name)
        {
            if (id is null || string.IsNullOrWhiteSpace(name)) return;
            var key = DattoCustomerKey.NormaliseCompanyName(name);
            if (!map.TryGetValue(key, out var ids)) map[key] = ids = [];
            ids.Add(id.Value);
        }
        foreach (var d in usage.Devices) { Add(d.OrganizationId, d.ClientCompanyName); Add(d.OrganizationId, d.OrganizationName); }
        foreach (var a in usage.DtcAssets ?? []) Add(a.OrganizationId, a.OrganizationName);
        foreach (var a in usage.EndpointAgents ?? []) { Add(a.OrganizationId, a.OrganizationName); Add(a.OrganizationId, a.ClientName); }
        foreach (var s in usage.SaasDomains ?? []) Add(s.OrganizationId, s.OrganizationName);
        return map;
    }

    private sealed class Builder
    {
        public List<DattoDevice> Devices { get; } = [];
        public List<DattoDtcAsset> DtcAssets { get; } = [];
        public List<DattoEndpointAgent> EndpointAgents { get; } = [];
        public List<DattoSaasDomain> SaasDomains { get; } = [];
        private string? _name;
        private string? _fallbackName;

        // The organisation's name wins over free text typed on a device or a SaaS customer.
        public string? DisplayName => _name ?? _fallbackName;
        public void Name(string? candidate) => _name ??= Clean(candidate);
        public void FallbackName(string? candidate) => _fallbackName ??= Clean(candidate);

        private static string? Clean(string? name) =>
            string.IsNullOrWhiteSpace(name) ? null : string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
