using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>The demo's Syncro: one customer and one monthly invoice schedule per customer.</summary>
public sealed class DemoSyncro : DemoPsa
{
    private readonly SyncroSimulator _simulator;
    private readonly SyncroSimulatorOptions _options;

    private DemoSyncro(SyncroSimulator simulator, SyncroSimulatorOptions options)
        : base(PsaKind.Syncro, Integration.Syncro, simulator)
    {
        (_simulator, _options) = (simulator, options);
    }

    public override Uri Address => _simulator.ApiBase;

    public override IReadOnlyDictionary<string, string?> Credentials => new Dictionary<string, string?>
    {
        ["subdomain"] = "demo-msp",
        ["apiToken"] = _options.ApiToken,
        ["baseAddress"] = _simulator.ApiBase.AbsoluteUri,
    };

    public static async Task<DemoSyncro> StartAsync(IReadOnlyList<DemoCompany> companies, CancellationToken ct)
    {
        var seed = new SyncroSeed();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var nextRun = new DateOnly(today.Year, today.Month, 1).AddMonths(1);
        foreach (var company in companies)
        {
            var (customerId, scheduleId) = (32000L + company.Index, 5300L + company.Index);
            seed.Customers.Add(new SyncroCustomer(customerId, company.Name));
            var schedule = new SyncroSchedule { Id = scheduleId, CustomerId = customerId, Name = $"{company.Name} Datto Backup", NextRun = nextRun };
            schedule.Lines.AddRange(company.Lines.Select((line, l) => new SyncroLineItem
            {
                Id = 71000 + (company.Index * 10) + l,
                ProductId = DemoCatalog.ProductId(PsaKind.Syncro, line.Product.Service),
                Name = line.Product.Description,
                Description = line.Product.Code,
                Quantity = line.Quantity,
                RetailCents = (int)(line.Product.Price * 100),
                Position = l + 1,
            }));
            seed.Schedules.Add(schedule);
        }

        var options = new SyncroSimulatorOptions { Seed = seed };
        return new DemoSyncro(await SyncroSimulator.StartAsync(options, ct), options);
    }
}
