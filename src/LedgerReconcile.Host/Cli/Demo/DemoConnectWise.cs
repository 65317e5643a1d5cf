using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Simulators.Psa.ConnectWise;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>The demo's ConnectWise Manage: one company and one managed-services agreement per customer.</summary>
public sealed class DemoConnectWise : DemoPsa
{
    private readonly ConnectWiseSimulator _simulator;
    private readonly ConnectWiseSimulatorOptions _options;

    private DemoConnectWise(ConnectWiseSimulator simulator, ConnectWiseSimulatorOptions options)
        : base(PsaKind.ConnectWise, Integration.ConnectWise, simulator)
    {
        (_simulator, _options) = (simulator, options);
    }

    public override Uri Address => _simulator.ApiBase;

    public override IReadOnlyDictionary<string, string?> Credentials => new Dictionary<string, string?>
    {
        ["baseAddress"] = _simulator.ApiBase.AbsoluteUri,
        ["companyId"] = _options.CompanyId,
        ["publicKey"] = _options.PublicKey,
        ["privateKey"] = _options.PrivateKey,
        ["clientId"] = _options.ClientId,
    };

    public static async Task<DemoConnectWise> StartAsync(IReadOnlyList<DemoCompany> companies, CancellationToken ct)
    {
        var seed = new ConnectWiseSeed();
        foreach (var company in companies)
        {
            var (companyId, agreementId) = (20100 + company.Index, 900 + company.Index);
            seed.Companies.Add(new ConnectWiseCompany(companyId, $"C{company.Index + 1:D3}", company.Name));
            seed.Agreements.Add(new ConnectWiseAgreement(agreementId, $"{company.Name} - Datto backup", companyId, "Active"));
            seed.Additions.AddRange(company.Lines.Select((line, l) => new ConnectWiseAddition
            {
                Id = 50000 + (company.Index * 10) + l,
                AgreementId = agreementId,
                ProductId = (int)DemoCatalog.ProductId(PsaKind.ConnectWise, line.Product.Service),
                ProductIdentifier = line.Product.Code,
                Description = line.Product.Description,
                Quantity = line.Quantity,
                UnitPrice = line.Product.Price,
            }));
        }

        var options = new ConnectWiseSimulatorOptions { Seed = seed };
        return new DemoConnectWise(await ConnectWiseSimulator.StartAsync(options, ct), options);
    }
}
