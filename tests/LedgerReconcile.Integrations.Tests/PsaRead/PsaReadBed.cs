using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Integrations.PsaRead;
using LedgerReconcile.Integrations.Tests.WriteBack;
using LedgerReconcile.Psa;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Tests.PsaRead;

/// <summary>
/// A PSA simulator and a fresh ledger whose one customer (15 agents in Datto) is mapped to the simulator's Acme
/// company, its agents to the M365 line (12 billed on the PSA).
/// </summary>
public sealed class PsaReadBed : IAsyncDisposable
{
    private const string Person = "alice@msp.example";

    private PsaReadBed(PsaBed psa, IntegrationHost host, PsaLine line)
    {
        Psa = psa;
        Host = host;
        Line = line;
    }

    public PsaBed Psa { get; }

    public IntegrationHost Host { get; }

    /// <summary>The mapped M365 line as the PSA showed it before the first read.</summary>
    public PsaLine Line { get; }

    public static string CustomerKey => PsaBed.CustomerKey;

    public static async Task<PsaReadBed> StartAsync(PsaKind kind, Func<Action<LedgerIntegrationOptions>, Action<IServiceCollection>, Task<IntegrationHost>>? host = null, string companyName = "Acme Dental")
    {
        var psa = await PsaBed.StartAsync(kind);
        void Options(LedgerIntegrationOptions o) => o.PsaReadAsOf = (_, _) => PsaBed.EffectiveDate;
        void Services(IServiceCollection s) => PsaBed.Register(s, kind, psa.Address, TimeSpan.FromSeconds(10));
        var ledger = await (host ?? ((o, s) => IntegrationHost.StartAsync(o, s)))(Options, Services);
        var connector = ledger.Services.GetRequiredService<Integrations.WriteBack.IPsaConnectorSource>();
        var line = (await (await connector.GetAsync(IntegrationHost.Tenant, kind, CancellationToken.None))!.ListRecurringLinesAsync(psa.CompanyId, PsaBed.EffectiveDate))
            .Single(l => l.ProductCode == (kind == PsaKind.Syncro ? "9001" : "M365-BP"));
        var bed = new PsaReadBed(psa, ledger, line);
        await bed.MapAsync(companyName);
        return bed;
    }

    public Task<PsaReadResult> ReadAsync() =>
        Host.Services.GetRequiredService<PsaReadSync>().SyncAsync(IntegrationHost.Tenant, "on-demand", Person);

    /// <summary>Maps the customer's per-device service to a line of the same agreement that does not exist (any more).</summary>
    public async Task<string> MapVanishedLineAsync()
    {
        var gone = Line.LineRef[..(Line.LineRef.LastIndexOf(':') + 1)] + "987654";
        await Host.SendAsync(new MapService(Context(Person), CustomerKey, "PerDevice", null, gone, UnitRuleInput.Each, null, null));
        return gone;
    }

    public Task<CommandResult> ChooseAgreementTypesAsync(params string[] types) =>
        Host.SendAsync(new Application.Tenants.SetTenantSyncSettings(Context(Person), 360, 360, types, 2, 72));

    public Task<IReadOnlyList<ProposalItem>> ProposalsAsync(string? status = null) =>
        Host.SendAsync(new ListProposals(IntegrationHost.Tenant, new ProposalFilter(Status: status)));

    public async Task<IReadOnlyList<CustomerEvent>> LedgerAsync() => await PsaBed.LedgerAsync(Host);

    public ValueTask DisposeAsync() => DisposeBothAsync();

    private async ValueTask DisposeBothAsync()
    {
        await Host.DisposeAsync();
        await Psa.DisposeAsync();
    }

    private async Task MapAsync(string companyName)
    {
        await Host.SendAsync(new IngestUsageSnapshot(
            Context("system:datto-sync"), "snap-1", "run-1", DateTimeOffset.UtcNow.AddMinutes(-1), PsaBed.Organization, "Acme Dental", null,
            [new SnapshotDevice("SIRIS1", "acme-siris", "S5-4", false, null, false, new SnapshotStorage(1, "TB"))],
            [.. Enumerable.Range(1, 15).Select(i => new SnapshotAsset("SIRIS1", $"vol-{i}", $"pc-{i}", "Agent", false, false, "Windows 11", null))],
            null, null, null));
        // Halo's seeded recurring invoice has a negative id, which the ledger's id grammar refuses; the read does not depend on it.
        var agreement = Line.AgreementId.StartsWith('-') ? "recurring-invoice" + Line.AgreementId : Line.AgreementId;
        await Host.SendAsync(new MapAccount(Context(Person), CustomerKey, PsaBed.Organization, "Acme Dental", Psa.Kind.ToString(), Psa.CompanyId, companyName, agreement, null));
        await Host.SendAsync(new MapService(Context(Person), CustomerKey, "PerAgent", null, Line.LineRef, UnitRuleInput.Each, null, null));
    }

    private static CommandContext Context(string actor) => new(IntegrationHost.Tenant, actor, "test", Guid.CreateVersion7());
}
