using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>A Datto product the demo's PSAs sell as a recurring line.</summary>
public sealed record DemoProduct(BillableService Service, string Code, string Description, decimal Price);

/// <summary>What one PSA line of the demo bills before the ledger has looked at it.</summary>
public sealed record DemoLine(DemoProduct Product, decimal Quantity);

/// <summary>The PSA company the demo seeds for one Datto organization: a look-alike name and one agreement's lines.</summary>
public sealed record DemoCompany(int Index, string Name, IReadOnlyList<DemoLine> Lines);

/// <summary>
/// The demo MSP's PSA side: which PSA bills which Datto organization, under which name, and with which (deliberately
/// wrong) quantities. Everything is derived from the Datto simulator's partner, so each run is consistent with it.
/// </summary>
public static class DemoCatalog
{
    /// <summary>The first organizations get a PSA company; the rest are left for a person to map.</summary>
    public const int MappedCustomers = 6;

    public static readonly PsaKind[] Psas = [PsaKind.ConnectWise, PsaKind.Autotask, PsaKind.HaloPsa, PsaKind.Syncro];

    public static readonly DemoProduct[] Products =
    [
        new(BillableService.PerDevice, "DATTO-BCDR", "Datto BCDR appliance", 45m),
        new(BillableService.PerAgent, "DATTO-AGENT", "Protected system", 12m),
        new(BillableService.OffsiteStorage, "DATTO-CLOUD-TB", "Cloud storage per TB", 20m),
    ];

    // What the PSA bills differs from Datto on purpose: under-billing (the common leak) and over-billing.
    private static readonly decimal[] Offsets = [0, -2, 1, 0, -1, 0, 1, -3, 0, 2, 0, -1, -1, 0, 1, 1, 0, -2];

    /// <summary>The PSA's own id of the product: a catalog item, service, item or product, numbered its own way per PSA.</summary>
    public static long ProductId(PsaKind psa, BillableService service)
    {
        var first = psa switch
        {
            PsaKind.ConnectWise => 7000,
            PsaKind.Autotask => 3101,
            PsaKind.HaloPsa => 801,
            _ => 9101,
        };
        return first + Array.FindIndex(Products, p => p.Service == service);
    }

    /// <summary>Storage is billed per started half terabyte, except on Autotask, whose units are whole numbers.</summary>
    public static UnitRuleInput Rule(PsaKind psa, BillableService service) => service switch
    {
        BillableService.OffsiteStorage => new UnitRuleInput("Terabyte", 1024, "Up", psa == PsaKind.Autotask ? 1m : 0.5m, 0m, 0m),
        _ => UnitRuleInput.Each,
    };

    public static PsaKind PsaOf(int index) => Psas[index % Psas.Length];

    /// <summary>The PSA companies of the first <see cref="MappedCustomers"/> organizations, each on its PSA.</summary>
    public static IReadOnlyList<(PsaKind Psa, DemoCompany Company)> Companies(SimulatedPartner partner) =>
        [.. partner.Organizations.Take(MappedCustomers).Select((organization, index) => (PsaOf(index), Company(partner, organization, index)))];

    private static DemoCompany Company(SimulatedPartner partner, SimulatedOrganization organization, int index)
    {
        var devices = partner.Devices.Where(d => d.OrganizationId == organization.Id && !d.Hidden).ToList();
        var agents = devices.Sum(d => d.Assets.Count(a => a.Type == "agent" && !a.IsArchived));
        var gigabytes = devices.Sum(d => d.OffsiteStorage.Units?.ToUpperInvariant() switch
        {
            "TB" or "TIB" => d.OffsiteStorage.Size * 1024,
            "GB" or "GIB" => d.OffsiteStorage.Size,
            _ => 0,
        });
        decimal[] counted = [devices.Count, agents, Math.Ceiling(gigabytes / 1024)];
        var lines = Products.Select((product, p) =>
            new DemoLine(product, Math.Max(0, counted[p] + Offsets[((index * Products.Length) + p) % Offsets.Length]))).ToList();
        return new DemoCompany(index, LookAlike(organization.Name, index), lines);
    }

    /// <summary>How the PSA spells the customer: the same name, another legal suffix, capitals, or a word more.</summary>
    private static string LookAlike(string organizationName, int index)
    {
        var words = organizationName.Split(' ');
        var withoutSuffix = string.Join(' ', words.Take(3));
        return (index % 4) switch
        {
            0 => organizationName,
            1 => withoutSuffix + " Inc.",
            2 => withoutSuffix.ToUpperInvariant() + ", L.L.C.",
            _ => withoutSuffix + " Group",
        };
    }
}
