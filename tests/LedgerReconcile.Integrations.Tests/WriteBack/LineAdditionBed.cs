using System.Globalization;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Mapping;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Simulators.Psa.Autotask;
using LedgerReconcile.Simulators.Psa.ConnectWise;
using LedgerReconcile.Simulators.Psa.Halo;
using LedgerReconcile.Simulators.Psa.Syncro;

namespace LedgerReconcile.Integrations.Tests.WriteBack;

/// <summary>
/// New revenue on one PSA simulator: Acme's managed-services agreement, a product it does not bill yet, and how the
/// simulator counts the lines of that product on the agreement.
/// </summary>
public sealed record LineAdditionBed(PsaBed Psa, string AgreementId, string NewProductId, string ExistingProductId, Func<string, int> LinesOfProduct)
{
    public const int Agents = 6;
    private const string Person = "alice@msp.example";

    public static LineAdditionBed For(PsaBed psa) => psa.Simulator switch
    {
        ConnectWiseSimulator cw => new(psa, Id(ConnectWiseSeed.AcmeManagedServices), "9502", "9002",
            product => cw.AdditionsOf(ConnectWiseSeed.AcmeManagedServices).Count(a => Id(a.ProductId) == product && a.CancelledDate is null)),
        AutotaskSimulator at => new(psa, Id(AutotaskSeed.AcmeManagedServices), "3009", "3002",
            product => at.ContractServicesOf(AutotaskSeed.AcmeManagedServices).Count(s => Id(s.ServiceId) == product)),
        HaloSimulator halo => new(psa, Id(HaloSeed.AcmeManagedServices), "777", "502",
            product => halo.LinesOf(HaloSeed.AcmeManagedServices).Count(l => Id(l["_itemid"]!.GetValue<long>()) == product)),
        SyncroSimulator syncro => new(psa, Id(SyncroSeed.AcmeManagedServices), "9099", "9002",
            product => syncro.LinesOf(SyncroSeed.AcmeManagedServices).Count(l => Id(l.ProductId) == product)),
        _ => throw new ArgumentOutOfRangeException(nameof(psa)),
    };

    /// <summary>
    /// Acme with <see cref="Agents"/> agents, mapped to the agreement (as the assistant confirms it) with no line for agents; a template bills agents
    /// with <paramref name="productId"/> (default the new product) at 9.50 USD; a line addition proposed and, unless told
    /// otherwise, approved by a person through the bulk decision path.
    /// </summary>
    public async Task<Guid> ProposeAsync(IntegrationHost host, string? productId = null, bool approve = true)
    {
        await host.SendAsync(new IngestUsageSnapshot(
            Context("system:datto-sync"), "snap-1", "run-1", DateTimeOffset.UtcNow.AddMinutes(-1), PsaBed.Organization, "Acme Dental", null,
            [new SnapshotDevice("SIRIS1", "acme-siris", "S5-4", false, null, false, new SnapshotStorage(1, "TB"))],
            [.. Enumerable.Range(1, Agents).Select(i => new SnapshotAsset("SIRIS1", $"vol-{i}", $"pc-{i}", "Agent", false, false, "Windows 11", null))],
            null, null, null));
        var mapped = await host.SendAsync(new ConfirmAccountMappings(
            Context(Person), [new AccountMappingConfirmation(PsaBed.CustomerKey, Psa.Kind.ToString(), Psa.CompanyId, AgreementId, null)]));
        Assert.Equal(1, mapped.Applied);

        // Set after mapping: a template for a product the agreement already bills would have mapped that line at once.
        await host.SendAsync(new SetServiceTemplate(
            Context(Person), Psa.Kind.ToString(), productId ?? NewProductId, nameof(BillableService.PerAgent), null, UnitRuleInput.Each, new PriceInput(9.5m, "USD")));
        var proposalId = Guid.CreateVersion7();
        await host.SendAsync(new ProposeLineAddition(
            new CommandContext(IntegrationHost.Tenant, Person, "test", proposalId), PsaBed.CustomerKey, nameof(BillableService.PerAgent), null, null, null, PsaBed.EffectiveDate));
        if (approve)
        {
            var decided = await host.SendAsync(new DecideProposals(Context(Person), "Approve", [proposalId], null, "new backup customer", null));
            Assert.Equal(1, decided.Applied);
        }

        return proposalId;
    }

    private static CommandContext Context(string actor) => new(IntegrationHost.Tenant, actor, "test", Guid.CreateVersion7());

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
