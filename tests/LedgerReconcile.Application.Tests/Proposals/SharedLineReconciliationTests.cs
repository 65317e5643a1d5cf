using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Application.Tests.Proposals;

/// <summary>Two Datto organizations billed on one PSA line, through the real mediator on a real SQLite file.</summary>
public class SharedLineReconciliationTests
{
    private const string Tenant = LedgerHost.Tenant;
    private const string Acme = Snapshots.CustomerKey;
    private const string Beta = "org-4712";
    private const string Line = "line-agents";

    private static CommandContext Person() => new(Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7());

    private static CommandContext PsaSync() => new(Tenant, "sync:psa", "corr-psa", Guid.CreateVersion7());

    private static IngestUsageSnapshot BetaSnapshot(string snapshotId = "run-1/4712", IReadOnlyList<SnapshotAsset>? assets = null) =>
        Snapshots.Mixed(snapshotId, assets: assets) with { OrganizationId = 4712, OrganizationName = "Beta Ltd", ClientCompanyName = "Beta Ltd" };

    // Each organization bills 5 agents once its NAS shares are decided (one included, one ignored).
    private static async Task MapAsync(LedgerHost host, string customerKey, string name)
    {
        await host.SendAsync(new MapAccount(Person(), customerKey, null, name, "ConnectWise", "cw-250", "Acme Group", "agr-77", null));
        await host.SendAsync(new MapService(Person(), customerKey, "PerAgent", null, Line, UnitRuleInput.Each, new PriceInput(12.5m, "EUR"), null));
        await host.SendAsync(new IncludeAsset(Person(), customerKey, "Volume", Snapshots.MixedAssets[4].Volume, "Customer data"));
        await host.SendAsync(new IgnoreAsset(Person(), customerKey, "Volume", Snapshots.MixedAssets[5].Volume, "Scratch share"));
    }

    private static async Task<LedgerHost> TwoOrganizationsOnOneLineAsync()
    {
        var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        await host.SendAsync(BetaSnapshot());
        await MapAsync(host, Acme, "Acme Ltd");
        await MapAsync(host, Beta, "Beta Ltd");
        // The PSA read recorded the line in Beta's stream only; Acme (the lower key) still reconciles it.
        await host.SendAsync(new RecordPsaLineRead(PsaSync(), Beta, Line, 2m, true, "Active", null, null, null, host.Clock.GetUtcNow(), "run-psa-1"));
        return host;
    }

    [Fact]
    public async Task TwoOrganizationsOnOneLineGetOneProposalForTheirSumWithBothContributionsShown()
    {
        await using var host = await TwoOrganizationsOnOneLineAsync();

        var reconciled = await host.SendAsync(new ReconcileTenant(PsaSync()));
        var again = await host.SendAsync(new ReconcileTenant(PsaSync()));

        Assert.Equal(["customer.psa_line_sharing_recorded.v1", "customer.quantity_change_proposed.v2"], reconciled.Results.Single(r => r.CustomerKey == Acme).Appended);
        Assert.Equal(["customer.psa_line_sharing_recorded.v1"], reconciled.Results.Single(r => r.CustomerKey == Beta).Appended);
        Assert.Equal(0, again.Changed);
        var proposal = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter())));
        Assert.Equal((Acme, 2m, 10m, 100m), (proposal.CustomerKey, proposal.From, proposal.To, proposal.MoneyImpact));
        Assert.Equal([(Acme, "Acme Ltd", 5m), (Beta, "Beta Ltd", 5m)], proposal.Contributions.Select(c => (c.CustomerKey, c.OrganizationName, c.Units)));
    }

    [Fact]
    public async Task AnApprovedSummedProposalIsWrittenAsTheSum()
    {
        await using var host = await TwoOrganizationsOnOneLineAsync();
        await host.SendAsync(new ReconcileTenant(PsaSync()));
        var proposal = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter()))).ProposalId!.Value;

        await host.SendAsync(new DecideProposals(Person(), "Approve", [proposal], null, null, null));
        await host.SendAsync(new RequestPsaWrite(PsaSync(), Acme, proposal, 2m, host.Clock.GetUtcNow(), null));

        var write = (await host.SendAsync(new GetCustomerLedger(Tenant, Acme))).State.Writes.Values.Single();
        Assert.Equal((Line, 2m, 10m), (write.PsaLineId, write.From, write.To));
    }

    [Fact]
    public async Task WhenOneOrganizationChangesTheSingleProposalIsSuperseded()
    {
        await using var host = await TwoOrganizationsOnOneLineAsync();
        await host.SendAsync(new ReconcileTenant(PsaSync()));
        var first = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter()))).ProposalId;

        await host.SendAsync(BetaSnapshot("run-2/4712", [.. Snapshots.MixedAssets.Where(a => a.Name != "acme-fs01")]));
        var reconciled = await host.SendAsync(new ReconcileTenant(PsaSync()));

        Assert.Equal(
            ["customer.psa_line_sharing_recorded.v1", "customer.quantity_change_withdrawn.v1", "customer.quantity_change_proposed.v2"],
            reconciled.Results.Single(r => r.CustomerKey == Acme).Appended);
        var proposal = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter())));
        Assert.NotEqual(first, proposal.ProposalId);
        Assert.Equal((2m, 9m), (proposal.From, proposal.To));
        Assert.Equal([5m, 4m], proposal.Contributions.Select(c => c.Units));
    }

    [Fact]
    public async Task WhenOneOrganizationIsUnmappedTheOtherIsReconciledAlone()
    {
        await using var host = await TwoOrganizationsOnOneLineAsync();
        await host.SendAsync(new ReconcileTenant(PsaSync()));

        await host.SendAsync(new UnmapService(Person(), Acme, "PerAgent", null, "billed on its own agreement now", null));
        var reconciled = await host.SendAsync(new ReconcileTenant(PsaSync()));

        Assert.Equal(["customer.psa_line_sharing_ended.v1", "customer.quantity_change_withdrawn.v1"], reconciled.Results.Single(r => r.CustomerKey == Acme).Appended);
        Assert.Equal(["customer.psa_line_sharing_ended.v1", "customer.quantity_change_proposed.v1"], reconciled.Results.Single(r => r.CustomerKey == Beta).Appended);
        var proposal = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter())));
        Assert.Equal((Beta, 2m, 5m), (proposal.CustomerKey, proposal.From, proposal.To));
        Assert.Empty(proposal.Contributions);
    }

    [Fact]
    public async Task ReconcilingOneCustomerOfASharedLineProposesTheSumToo()
    {
        await using var host = await TwoOrganizationsOnOneLineAsync();

        var beta = await host.SendAsync(new ReconcileCustomer(PsaSync(), Beta));
        var acme = await host.SendAsync(new ReconcileCustomer(PsaSync(), Acme));

        Assert.Equal(["customer.psa_line_sharing_recorded.v1"], beta.Appended);
        Assert.Equal(["customer.psa_line_sharing_recorded.v1", "customer.quantity_change_proposed.v2"], acme.Appended);
        var state = (await host.SendAsync(new GetCustomerLedger(Tenant, Acme))).State;
        Assert.Equal(10m, state.Proposals.Values.Single().To);
    }

    [Fact]
    public async Task ProposingOneOrganizationsCountToASharedLineByHandIsRefusedAndAppendsNothing()
    {
        await using var host = await TwoOrganizationsOnOneLineAsync();
        var before = (await host.ReadAsync(StreamNames.Customer(Tenant, Beta))).Count;

        var refused = await Assert.ThrowsAsync<RuleViolationException>(async () => await host.SendAsync(new ProposeQuantityChange(PsaSync(), Beta, "PerAgent", null)));

        Assert.Equal("proposal.shared_line", refused.Rule);
        Assert.Equal(before, (await host.ReadAsync(StreamNames.Customer(Tenant, Beta))).Count);
    }

    [Fact]
    public async Task AssetsWaitingForADecisionInEitherOrganizationBlockTheSharedLine()
    {
        await using var host = await TwoOrganizationsOnOneLineAsync();
        await host.SendAsync(new RevokeInclusion(Person(), Beta, "Volume", Snapshots.MixedAssets[4].Volume, "not sure after all"));

        var reconciled = await host.SendAsync(new ReconcileTenant(PsaSync()));

        Assert.Equal(["customer.psa_line_sharing_recorded.v1", "customer.quantity_change_blocked.v1"], reconciled.Results.Single(r => r.CustomerKey == Acme).Appended);
        var blocked = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter())));
        Assert.Equal((ProposalFilterValidator.Blocked, BlockReason.AssetsNeedDecision), (blocked.Status, blocked.BlockedBecause));
        Assert.Contains("Beta Ltd (org-4712)", blocked.Detail, StringComparison.Ordinal);
    }
}
