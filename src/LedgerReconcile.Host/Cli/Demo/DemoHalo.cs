using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Simulators.Psa.Halo;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>The demo's HaloPSA: one client and one recurring invoice (contract) per customer.</summary>
public sealed class DemoHalo : DemoPsa
{
    private readonly HaloSimulator _simulator;
    private readonly HaloSimulatorOptions _options;

    private DemoHalo(HaloSimulator simulator, HaloSimulatorOptions options)
        : base(PsaKind.HaloPsa, Integration.HaloPsa, simulator)
    {
        (_simulator, _options) = (simulator, options);
    }

    public override Uri Address => _simulator.BaseAddress;

    public override IReadOnlyDictionary<string, string?> Credentials => new Dictionary<string, string?>
    {
        ["baseAddress"] = _simulator.BaseAddress.AbsoluteUri,
        ["clientId"] = _options.ClientId,
        ["clientSecret"] = _options.ClientSecret,
    };

    public static async Task<DemoHalo> StartAsync(IReadOnlyList<DemoCompany> companies, CancellationToken ct)
    {
        var seed = new HaloSeed();
        foreach (var company in companies)
        {
            var (clientId, invoiceId) = (400L + company.Index, 1400L + company.Index);
            seed.Clients.Add(HaloSeed.Client(clientId, company.Name));
            seed.Invoices.Add(HaloSeed.Invoice(invoiceId, clientId, $"{company.Name} Datto Backup",
            [
                .. company.Lines.Select((line, l) => HaloSeed.Line(28000 + (company.Index * 10) + l, invoiceId,
                    DemoCatalog.ProductId(PsaKind.HaloPsa, line.Product.Service), line.Product.Code, line.Product.Description, line.Quantity, line.Product.Price, l + 1)),
            ]));
        }

        var options = new HaloSimulatorOptions { Seed = seed };
        return new DemoHalo(await HaloSimulator.StartAsync(options, ct), options);
    }
}
