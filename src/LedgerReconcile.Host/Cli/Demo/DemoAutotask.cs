using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Simulators.Psa.Autotask;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>The demo's Autotask: one recurring-service contract per customer, its units set month by month.</summary>
public sealed class DemoAutotask : DemoPsa
{
    private readonly AutotaskSimulator _simulator;
    private readonly AutotaskSimulatorOptions _options;

    private DemoAutotask(AutotaskSimulator simulator, AutotaskSimulatorOptions options)
        : base(PsaKind.Autotask, Integration.Autotask, simulator)
    {
        (_simulator, _options) = (simulator, options);
    }

    public override Uri Address => _simulator.ZoneLookupAddress;

    public override IReadOnlyDictionary<string, string?> Credentials => new Dictionary<string, string?>
    {
        ["userName"] = _options.UserName,
        ["secret"] = _options.Secret,
        ["apiIntegrationCode"] = _options.ApiIntegrationCode,
        ["zoneLookupAddress"] = _simulator.ZoneLookupAddress.AbsoluteUri,
    };

    public static async Task<DemoAutotask> StartAsync(IReadOnlyList<DemoCompany> companies, CancellationToken ct)
    {
        var seed = new AutotaskSeed();
        var thisMonth = DateOnly.FromDateTime(DateTime.UtcNow);
        thisMonth = new DateOnly(thisMonth.Year, thisMonth.Month, 1);
        seed.Services.AddRange(DemoCatalog.Products.Select(p => new AutotaskService(DemoCatalog.ProductId(PsaKind.Autotask, p.Service), p.Code, p.Description, p.Price)));
        foreach (var company in companies)
        {
            var (companyId, contractId) = (29700000L + company.Index, 5500L + company.Index);
            seed.Companies.Add(new AutotaskCompany(companyId, company.Name));
            seed.Contracts.Add(new AutotaskContract(contractId, companyId, $"{company.Name} Datto Backup", 7, thisMonth.AddMonths(-6), thisMonth.AddMonths(18).AddDays(-1)));
            foreach (var (line, l) in company.Lines.Select((line, l) => (line, l)))
            {
                var contractServiceId = 75000L + (company.Index * 10) + l;
                var serviceId = DemoCatalog.ProductId(PsaKind.Autotask, line.Product.Service);
                seed.ContractServices.Add(new AutotaskContractService(contractServiceId, contractId, serviceId, line.Product.Price, line.Product.Description));
                // A units row per month, from a month ago to a year ahead, so that dated writes find their month.
                for (var month = -1; month <= 12; month++)
                {
                    var start = thisMonth.AddMonths(month);
                    seed.Units.Add(new AutotaskUnitsRow
                    {
                        Id = 200_000 + seed.Units.Count,
                        ContractId = contractId,
                        ContractServiceId = contractServiceId,
                        ServiceId = serviceId,
                        StartDate = start,
                        EndDate = start.AddMonths(1).AddDays(-1),
                        Units = (int)line.Quantity,
                    });
                }
            }
        }

        var options = new AutotaskSimulatorOptions { Seed = seed };
        return new DemoAutotask(await AutotaskSimulator.StartAsync(options, ct), options);
    }
}
