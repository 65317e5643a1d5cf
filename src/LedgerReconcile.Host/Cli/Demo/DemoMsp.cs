using System.Globalization;
using LedgerReconcile.Api.Http;
using LedgerReconcile.Api.Security;
using LedgerReconcile.Application;
using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Psa;
using LedgerReconcile.Simulators.Datto;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using Mediator;

namespace LedgerReconcile.Host.Cli.Demo;

/// <summary>One key per role, shown once.</summary>
public sealed record DemoKeys(string Admin, string Finance, string Auditor);

/// <summary>What the demo did, for the console.</summary>
public sealed record DemoReport(
    int Customers,
    int Mapped,
    int Unmapped,
    int Proposed,
    int Approved,
    int Rejected,
    int Written,
    Uri DattoSimulator,
    Uri PsaSimulator,
    DemoKeys Keys);

/// <summary>
/// A realistic MSP for the quickstart: a Datto partner and a ConnectWise PSA, both simulated in-process on loopback,
/// and one full reconciliation cycle through the ledger's own use cases: credentials, a Datto sync, account and
/// service mappings (two organizations left unmapped), PSA quantities read, an ignore and an include decision,
/// proposals approved by finance (one rejected), and the approved quantities written back to the PSA.
/// </summary>
public sealed class DemoMsp : IAsyncDisposable
{
    public const string Tenant = "demo-msp";
    private const string Admin = "admin@demo-msp.example";
    private const string Finance = "finance@demo-msp.example";
    private const string Reconciliation = "system:reconciliation";
    private const int MappedCustomers = 6;
    private static readonly BillableService[] Services = [BillableService.PerDevice, BillableService.PerAgent, BillableService.OffsiteStorage];

    // What the PSA bills differs from Datto on purpose: under-billing (the common leak) and over-billing.
    private static readonly decimal[] PsaOffsets = [0, -2, 1, 0, -1, 0, 0, -3, 0, 2, 0, -1, 0, 0, -1, 1, 0, 0];

    private readonly DattoSimulator _datto;
    private readonly ConnectWiseSimulator _psa;
    private readonly ConnectWiseSimulatorOptions _psaOptions;
    private readonly IReadOnlyList<SimulatedOrganization> _organizations;

    private DemoMsp(DattoSimulator datto, ConnectWiseSimulator psa, ConnectWiseSimulatorOptions psaOptions, IReadOnlyList<SimulatedOrganization> organizations)
    {
        _datto = datto;
        _psa = psa;
        _psaOptions = psaOptions;
        _organizations = organizations;
    }

    public static async Task<DemoMsp> StartAsync(CancellationToken ct)
    {
        var datto = await DattoSimulator.StartAsync(new DattoSimulatorOptions
        {
            OrganizationCount = 8,
            DevicesPerOrganization = 1.5,
            AgentsPerDevice = 4,
            SharesPerDevice = 0.5,
            DtcAssetsPerOrganization = 0,
            EndpointAgentsPerOrganization = 0.5,
            SaasDomainsPerOrganization = 0.25,
            SeatsPerDomain = 12,
            HiddenDeviceEvery = 5,
            PausedAgentEvery = 7,
            ArchivedAgentEvery = 9,
        }, ct);
        var organizations = datto.Read(p => p.Organizations.Select(o => new SimulatedOrganization { Id = o.Id, Name = o.Name }).ToList());

        var seed = new ConnectWiseSeed();
        for (var i = 0; i < Math.Min(MappedCustomers, organizations.Count); i++)
        {
            var company = CompanyId(i);
            seed.Companies.Add(new ConnectWiseCompany(company, $"C{i + 1:D3}", organizations[i].Name));
            seed.Agreements.Add(new ConnectWiseAgreement(AgreementId(i), $"{organizations[i].Name} - Datto backup", company, "Active"));
            for (var s = 0; s < Services.Length; s++)
            {
                seed.Additions.Add(new ConnectWiseAddition
                {
                    Id = AdditionId(i, s),
                    AgreementId = AgreementId(i),
                    ProductId = 7000 + s,
                    ProductIdentifier = Services[s] switch { BillableService.PerDevice => "DATTO-BCDR", BillableService.PerAgent => "DATTO-AGENT", _ => "DATTO-CLOUD-TB" },
                    Description = Services[s] switch { BillableService.PerDevice => "Datto BCDR appliance", BillableService.PerAgent => "Protected system", _ => "Offsite storage per TB" },
                    Quantity = 0,
                    UnitPrice = Price(Services[s]),
                });
            }
        }

        var psaOptions = new ConnectWiseSimulatorOptions { Seed = seed };
        var psa = await ConnectWiseSimulator.StartAsync(psaOptions, ct);
        return new DemoMsp(datto, psa, psaOptions, organizations);
    }

    public async Task<DemoReport> SeedAsync(IServiceProvider services, TextWriter log, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var mediator = sp.GetRequiredService<IMediator>();
        var correlation = $"demo-{Guid.CreateVersion7()}";
        CommandContext As(string actor) => new(Tenant, actor, correlation, Guid.CreateVersion7());

        log.WriteLine($"  Datto simulator:       {_datto.BaseAddress} ({_organizations.Count} organizations)");
        log.WriteLine($"  ConnectWise simulator: {_psa.ApiBase}");

        var credentials = sp.GetRequiredService<IntegrationCredentials>();
        await credentials.SetAsync(As(Admin), Integration.Datto, new Dictionary<string, string?>
        {
            ["publicKey"] = _datto.Options.PublicKey,
            ["secretKey"] = _datto.Options.SecretKey,
            ["baseAddress"] = _datto.BaseAddress.AbsoluteUri,
        }, ct);
        var psaValues = new Dictionary<string, string>
        {
            ["baseAddress"] = _psa.ApiBase.AbsoluteUri,
            ["companyId"] = _psaOptions.CompanyId,
            ["publicKey"] = _psaOptions.PublicKey,
            ["privateKey"] = _psaOptions.PrivateKey,
            ["clientId"] = _psaOptions.ClientId,
        };
        await credentials.SetAsync(As(Admin), Integration.ConnectWise, psaValues.ToDictionary(v => v.Key, v => (string?)v.Value), ct);

        var sync = await sp.GetRequiredService<DattoUsageSync>().SyncAsync(new SyncDattoUsage(Tenant, SyncDattoUsage.Triggers.OnDemand, Admin, correlation), ct);
        if (sync.Outcome != DattoSyncOutcome.Completed)
        {
            throw new LedgerFailure($"the demo's Datto sync failed: {sync.FailureReason}");
        }

        log.WriteLine($"  Datto sync {sync.RunId}: {sync.Counts.Organizations} organizations, {sync.Counts.Devices} devices recorded.");

        await using var psaServices = PsaServices(psaValues);
        var connector = psaServices.GetRequiredService<IPsaConnector>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        int proposed = 0, approved = 0, rejected = 0, written = 0, offset = 0;
        var proposals = new List<(string Customer, Guid ProposalId)>();

        for (var i = 0; i < Math.Min(MappedCustomers, _organizations.Count); i++)
        {
            var organization = _organizations[i];
            var customer = CustomerKeys.ForOrganization(organization.Id);
            var state = (await mediator.Send(new GetCustomerLedger(Tenant, customer), ct)).State;
            if (state.Account is null)
            {
                var c = As(Finance);
                await mediator.Send(new MapAccount(c, customer, organization.Id, organization.Name, nameof(Domain.Billing.PsaKind.ConnectWise),
                    CompanyId(i).ToString(CultureInfo.InvariantCulture), organization.Name, AgreementId(i).ToString(CultureInfo.InvariantCulture),
                    null), ct);
            }

            for (var s = 0; s < Services.Length; s++)
            {
                var c = As(Finance);
                await mediator.Send(new MapService(c, customer, Services[s].ToString(), null, LineRef(i, s), Rule(Services[s]),
                    new PriceInput(Price(Services[s]), "USD"), null), ct);
            }

            await DecideAsync(mediator, customer, i, state, As(Finance), ct);

            // The PSA bills what Datto counted, give or take a forgotten agent or a removed device.
            var billable = await mediator.Send(new GetBillableQuantities(Tenant, customer), ct);
            for (var s = 0; s < Services.Length; s++)
            {
                var quantity = billable.For(Services[s]).Quantity;
                _psa.SetQuantity(AdditionId(i, s), Math.Max(0, quantity + PsaOffsets[offset++ % PsaOffsets.Length] * (Services[s] == BillableService.OffsiteStorage ? 0.5m : 1m)));
            }

            foreach (var line in await connector.ListRecurringLinesAsync(CompanyId(i).ToString(CultureInfo.InvariantCulture), today, ct))
            {
                var c = As(Reconciliation);
                await mediator.Send(new ObservePsaQuantity(c, customer, line.LineRef, line.Quantity, line.ObservedAt), ct);
            }

            foreach (var service in Services)
            {
                var c = As(Reconciliation);
                try
                {
                    var result = await mediator.Send(new ProposeQuantityChange(c, customer, service.ToString(), null), ct);
                    // A line whose assets still wait for a decision is blocked, not proposed.
                    if (result.Appended.Contains(EventRegistry.StoredNameOf(typeof(CustomerEvent.QuantityChangeProposed))))
                    {
                        proposed++;
                        proposals.Add((customer, c.CommandId));
                    }
                }
                catch (RuleViolationException)
                {
                    // e.g. a write still in flight from an earlier demo run: nothing to propose now.
                }
            }
        }

        for (var p = 0; p < proposals.Count; p++)
        {
            var (customer, proposalId) = proposals[p];
            var c = As(Finance);
            if (p == proposals.Count - 1 && proposals.Count > 1)
            {
                await mediator.Send(new RejectQuantityChange(c, customer, proposalId, "Customer disputes the count; checking with their IT lead first"), ct);
                rejected++;
                continue;
            }

            await mediator.Send(new ApproveQuantityChange(c, customer, proposalId, "Matches the Datto portal"), ct);
            approved++;
        }

        var report = await sp.GetRequiredService<PsaWriteDispatcher>().DispatchPendingWritesAsync(Tenant, ct);
        written = report.Steps.Count(s => s.Action is WriteBackAction.Written or WriteBackAction.AlreadyApplied);

        var registry = sp.GetRequiredService<ApiKeyRegistry>();
        var keys = new DemoKeys(
            (await registry.IssueAsync(Tenant, Roles.Admin, "demo admin", "demo", ct, correlation)).Plaintext,
            (await registry.IssueAsync(Tenant, Roles.Finance, "demo finance", "demo", ct, correlation)).Plaintext,
            (await registry.IssueAsync(Tenant, Roles.Auditor, "demo auditor", "demo", ct, correlation)).Plaintext);
        var mapped = Math.Min(MappedCustomers, _organizations.Count);
        return new DemoReport(sync.Counts.Organizations, mapped, sync.Counts.Organizations - mapped, proposed, approved, rejected, written,
            _datto.BaseAddress, _psa.ApiBase, keys);
    }

    public async ValueTask DisposeAsync()
    {
        await _psa.DisposeAsync();
        await _datto.DisposeAsync();
    }

    /// <summary>One ignore decision and one include decision, so the audit trail shows both.</summary>
    private static async Task DecideAsync(IMediator mediator, string customer, int index, CustomerState before, CommandContext c, CancellationToken ct)
    {
        var state = (await mediator.Send(new GetCustomerLedger(Tenant, customer), ct)).State;
        var content = state.Usage?.Content;
        if (content is null)
        {
            return;
        }

        if (index == 0 && content.Volumes.FirstOrDefault(v => v.Type == VolumeType.Agent) is { } agent && !state.Ignored.ContainsKey(AssetRef.Volume(agent.VolumeId)))
        {
            await mediator.Send(new IgnoreAsset(c, customer, nameof(AssetKind.Volume), agent.VolumeId,
                $"{agent.Name} is the MSP's own monitoring server, protected at no charge"), ct);
        }

        var share = content.Volumes.FirstOrDefault(v => v.Type == VolumeType.Share);
        if (index % 2 == 1 && share is not null && !state.Included.ContainsKey(AssetRef.Volume(share.VolumeId)))
        {
            await mediator.Send(new IncludeAsset(c with { CommandId = Guid.CreateVersion7() }, customer, nameof(AssetKind.Volume), share.VolumeId,
                $"Customer asked us to protect the '{share.Name}' share; billed as an agent"), ct);
        }

        _ = before;
    }

    private static ServiceProvider PsaServices(IReadOnlyDictionary<string, string> values)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        IntegrationCredentials.AddPsa(services, Integration.ConnectWise, values);
        return services.BuildServiceProvider();
    }

    private static UnitRuleInput Rule(BillableService service) =>
        service == BillableService.OffsiteStorage ? new UnitRuleInput("Terabyte", 1024, "Up", 0.5m, 0m, 0m) : UnitRuleInput.Each;

    private static decimal Price(BillableService service) => service switch
    {
        BillableService.PerDevice => 45m,
        BillableService.PerAgent => 12m,
        _ => 20m,
    };

    private static int CompanyId(int index) => 20100 + index;

    private static int AgreementId(int index) => 900 + index;

    private static int AdditionId(int index, int service) => 50000 + (index * 10) + service;

    private static string LineRef(int index, int service) =>
        string.Create(CultureInfo.InvariantCulture, $"cw:{CompanyId(index)}:{AgreementId(index)}:{AdditionId(index, service)}");
}
