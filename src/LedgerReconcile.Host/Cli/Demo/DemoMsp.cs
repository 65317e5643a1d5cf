using LedgerReconcile.Api.Security;
using LedgerReconcile.Application;
using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.ApiKeys;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Integrations.PsaRead;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Simulators.Datto;
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
    IReadOnlyList<(string Psa, Uri Address)> PsaSimulators,
    DemoKeys Keys);

/// <summary>
/// A realistic MSP for the quickstart: a Datto partner and four PSAs (ConnectWise, Autotask, HaloPSA, Syncro), all
/// simulated in-process on loopback, and one monthly cycle through exactly the ledger's own use cases, as a real tenant
/// runs it: credentials, service templates, a Datto sync, the mapping assistant (two organizations left unmapped), an
/// ignore and an include decision, the PSA read with its automatic proposals, a bulk approval (one proposal rejected),
/// the write-back, one new-revenue line added where the month has one, and a second PSA read that confirms it.
/// </summary>
public sealed class DemoMsp : IAsyncDisposable
{
    public const string Tenant = "demo-msp";
    private const string Admin = "admin@demo-msp.example";
    private const string Finance = "finance@demo-msp.example";

    private readonly DattoSimulator _datto;
    private readonly IReadOnlyList<DemoPsa> _psas;
    private readonly IReadOnlyList<string> _customers;

    private DemoMsp(DattoSimulator datto, IReadOnlyList<DemoPsa> psas, IReadOnlyList<string> customers)
    {
        _datto = datto;
        _psas = psas;
        _customers = customers;
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
        var companies = datto.Read(DemoCatalog.Companies);
        var customers = datto.Read(p => p.Organizations.Take(DemoCatalog.MappedCustomers).Select(o => CustomerKeys.ForOrganization(o.Id)).ToList());
        return new DemoMsp(datto, await DemoPsa.StartAllAsync(companies, ct), customers);
    }

    public async Task<DemoReport> SeedAsync(IServiceProvider services, TextWriter log, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var mediator = sp.GetRequiredService<IMediator>();
        var correlation = $"demo-{Guid.CreateVersion7()}";
        CommandContext As(string actor) => new(Tenant, actor, correlation, Guid.CreateVersion7());

        log.WriteLine($"  Datto simulator:       {_datto.BaseAddress}");
        foreach (var psa in _psas)
        {
            log.WriteLine($"  {psa.Kind + " simulator:",-22} {psa.Address}");
        }

        await ConnectAsync(sp.GetRequiredService<IntegrationCredentials>(), () => As(Admin), ct);
        await SetServiceTemplatesAsync(mediator, () => As(Admin), ct);
        await DemoNewRevenue.SetTemplateAsync(mediator, As(Admin), ct);

        var sync = await sp.GetRequiredService<DattoUsageSync>().SyncAsync(new SyncDattoUsage(Tenant, SyncDattoUsage.Triggers.OnDemand, Admin, correlation), ct);
        if (sync.Outcome != DattoSyncOutcome.Completed)
        {
            throw new LedgerFailure($"the demo's Datto sync failed: {sync.FailureReason}");
        }

        log.WriteLine($"  Datto sync {sync.RunId}: {sync.Counts.Organizations} organizations, {sync.Counts.Devices} devices recorded.");
        await DemoMappingAssistant.MapAsync(mediator, As(Finance), log, ct);
        await DemoDecisions.DecideAssetsAsync(mediator, () => As(Finance), _customers, ct);

        var psaRead = sp.GetRequiredService<PsaReadSync>();
        await ReadPsasAsync(psaRead, correlation, log, ct);
        var proposed = (await mediator.Send(new ListProposals(Tenant, new ProposalFilter(Status: nameof(ProposalStatus.Pending))), ct)).Count;
        // A read asks the PSA for today's quantity, and an Autotask change dated next month (the default, billing in
        // advance) is not there yet, so that read would propose it again; the demo approves as an MSP billing in
        // arrears does, effective today, and the second read confirms every write.
        var today = DateOnly.FromDateTime(sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var (approved, rejected) = await DemoDecisions.DecideProposalsAsync(mediator, As(Finance), today, ct);

        Task<WriteBackReport> WriteBackAsync() => sp.GetRequiredService<WriteBackRuns>().RunAsync(Tenant, SyncDattoUsage.Triggers.OnDemand, Admin, recordIdle: true, correlation, ct);
        var writes = await WriteBackAsync();
        var written = writes.Steps.Count(s => s.Action is WriteBackAction.Written or WriteBackAction.AlreadyApplied);
        written += await DemoNewRevenue.AddFirstAsync(mediator, WriteBackAsync, () => As(Finance), today, log, ct);
        await ReadPsasAsync(psaRead, correlation, log, ct);

        var registry = sp.GetRequiredService<ApiKeyRegistry>();
        var keys = new DemoKeys(
            (await registry.IssueAsync(Tenant, Roles.Admin, "demo admin", "demo", ct, correlation)).Plaintext,
            (await registry.IssueAsync(Tenant, Roles.Finance, "demo finance", "demo", ct, correlation)).Plaintext,
            (await registry.IssueAsync(Tenant, Roles.Auditor, "demo auditor", "demo", ct, correlation)).Plaintext);
        var unmapped = await DemoMappingAssistant.UnmappedAsync(mediator, Tenant, ct);
        return new DemoReport(sync.Counts.Organizations, sync.Counts.Organizations - unmapped, unmapped, proposed, approved, rejected, written,
            _datto.BaseAddress, [.. _psas.Select(p => (p.Kind.ToString(), p.Address))], keys);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var psa in _psas)
        {
            await psa.DisposeAsync();
        }

        await _datto.DisposeAsync();
    }

    private async Task ConnectAsync(IntegrationCredentials credentials, Func<CommandContext> admin, CancellationToken ct)
    {
        await credentials.SetAsync(admin(), Integration.Datto, new Dictionary<string, string?>
        {
            ["publicKey"] = _datto.Options.PublicKey,
            ["secretKey"] = _datto.Options.SecretKey,
            ["baseAddress"] = _datto.BaseAddress.AbsoluteUri,
        }, ct);
        foreach (var psa in _psas)
        {
            await credentials.SetAsync(admin(), psa.Integration, psa.Credentials, ct);
        }
    }

    /// <summary>Each PSA's Datto products, mapped once per tenant; every agreement carrying them is then mapped by the templates.</summary>
    private static async Task SetServiceTemplatesAsync(IMediator mediator, Func<CommandContext> admin, CancellationToken ct)
    {
        foreach (var psa in DemoCatalog.Psas)
        {
            foreach (var product in DemoCatalog.Products)
            {
                await mediator.Send(new SetServiceTemplate(admin(), psa.ToString(), DemoCatalog.ProductId(psa, product.Service).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    product.Service.ToString(), null, DemoCatalog.Rule(psa, product.Service), new PriceInput(product.Price, "USD")), ct);
            }
        }
    }

    private static async Task ReadPsasAsync(PsaReadSync psaRead, string correlation, TextWriter log, CancellationToken ct)
    {
        var read = await psaRead.SyncAsync(Tenant, SyncDattoUsage.Triggers.OnDemand, Admin, correlation, ct);
        foreach (var run in read.Runs.Where(r => r.Outcome != PsaReadOutcome.Completed))
        {
            throw new LedgerFailure($"the demo's {run.Psa} read failed: {run.FailureReason}");
        }

        log.WriteLine($"  PSA read: {read.Runs.Count} runs ({string.Join(", ", read.Runs.Select(r => r.Psa))}), {read.CustomersReconciled ?? 0} customers reconciled.");
    }
}
