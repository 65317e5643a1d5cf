using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Proposals;
using LedgerReconcile.Application.Sync;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Application.Tests.Proposals;

/// <summary>PSA read → reconcile → list → bulk decide, through the real mediator on a real SQLite file.</summary>
public class ReconciliationFlowTests
{
    private const string Tenant = LedgerHost.Tenant;
    private const string Key = Snapshots.CustomerKey;

    private static CommandContext Person(string correlation = "corr-ui") => new(Tenant, Snapshots.Person, correlation, Guid.CreateVersion7());

    private static CommandContext PsaSync() => new(Tenant, "sync:psa", "corr-psa", Guid.CreateVersion7());

    private static async Task MapAsync(LedgerHost host, bool decideShares = true)
    {
        await host.SendAsync(Snapshots.Mixed());
        await host.SendAsync(new MapAccount(Person(), Key, null, "Acme Ltd", "ConnectWise", "cw-250", "Acme Limited", "agr-77", null));
        await host.SendAsync(new MapService(Person(), Key, "PerAgent", null, "line-agents", UnitRuleInput.Each, new PriceInput(12.5m, "EUR"), null));
        if (decideShares)
        {
            await host.SendAsync(new IncludeAsset(Person(), Key, "Volume", Snapshots.MixedAssets[4].Volume, "Customer data"));
            await host.SendAsync(new IgnoreAsset(Person(), Key, "Volume", Snapshots.MixedAssets[5].Volume, "Scratch share"));
        }
    }

    private static RecordPsaLineRead Read(LedgerHost host, decimal? quantity, string status = "Active", string? changedBy = null, bool billed = true) =>
        new(PsaSync(), Key, "line-agents", quantity, billed, status, null, changedBy, null, host.Clock.GetUtcNow(), "run-psa-1");

    [Fact]
    public async Task AReadThatConfirmsAppendsNothingAndTheRunRecordsTheRead()
    {
        await using var host = await LedgerHost.StartAsync();
        await MapAsync(host);
        await host.SendAsync(new StartSyncRun(PsaSync(), "run-psa-1", "psa:connectwise", "on-demand"));

        var first = await host.SendAsync(Read(host, 2m));
        var again = await host.SendAsync(Read(host, 2m));
        await host.SendAsync(new CompletePsaReadRun(PsaSync(), "run-psa-1", new PsaReadCounts(2, 1, 1, 1), [new SyncRunWarning("CompanyUnreadable", "cw-251", "403")]));

        Assert.Equal(["customer.psa_line_quantity_changed.v1"], first.Appended);
        Assert.Empty(again.Appended);
        Assert.NotNull(again.Note);
        var runs = await host.SendAsync(new GetSyncRuns(Tenant));
        Assert.Equal(SyncRunStatus.Completed, runs.State.Runs["run-psa-1"].Status);
        Assert.Contains(await host.ReadAsync(StreamNames.SyncRuns(Tenant)), e => e.Type == "syncrun.psa_read_completed.v1");
    }

    [Fact]
    public async Task ReconcilingProposesOnceAndAnEditOnThePsaSupersedesTheProposal()
    {
        await using var host = await LedgerHost.StartAsync();
        await MapAsync(host);
        await host.SendAsync(Read(host, 2m));

        var reconciled = await host.SendAsync(new ReconcileCustomer(PsaSync(), Key));
        var twice = await host.SendAsync(new ReconcileCustomer(PsaSync(), Key));
        var edited = await host.SendAsync(Read(host, 3m, changedBy: "jo@msp.example"));
        var after = await host.SendAsync(new ReconcileCustomer(PsaSync(), Key));

        Assert.Equal(["customer.quantity_change_proposed.v1"], reconciled.Appended);
        Assert.Empty(twice.Appended);
        Assert.Equal(["customer.psa_line_quantity_changed.v1", "customer.quantity_change_withdrawn.v1"], edited.Appended);
        Assert.Equal(["customer.quantity_change_proposed.v1"], after.Appended);
        var open = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter())));
        Assert.Equal((3m, 5m, "Pending", 25m), (open.From, open.To, open.Status, open.MoneyImpact));
    }

    [Fact]
    public async Task ALineWithSharesWaitingForADecisionIsListedAsBlockedWithThem()
    {
        await using var host = await LedgerHost.StartAsync();
        await MapAsync(host, decideShares: false);
        await host.SendAsync(Read(host, 2m));

        var reconciled = await host.SendAsync(new ReconcileCustomer(PsaSync(), Key));

        Assert.Equal(["customer.quantity_change_blocked.v1"], reconciled.Appended);
        var blocked = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter(Status: "Blocked"))));
        Assert.Equal((null, BlockReason.AssetsNeedDecision, 2), (blocked.ProposalId, blocked.BlockedBecause, blocked.Assets.Count));
    }

    [Fact]
    public async Task ReconcilingTheTenantReachesEveryCustomer()
    {
        await using var host = await LedgerHost.StartAsync();
        await MapAsync(host);
        await host.SendAsync(Read(host, 2m));
        await host.SendAsync(Snapshots.Mixed("run-1/4712") with { OrganizationId = 4712, OrganizationName = "Beta Ltd", ClientCompanyName = "Beta Ltd" });

        var result = await host.SendAsync(new ReconcileTenant(PsaSync()));

        Assert.Equal((2, 1), (result.Customers, result.Changed));
        Assert.Equal(["customer.quantity_change_proposed.v1"], result.Results.Single(r => r.CustomerKey == Key).Appended);
    }

    [Fact]
    public async Task ABulkApprovalAppliesTheKnownIdsRefusesTheUnknownAndSharesOneCorrelationAndTheDefaultDate()
    {
        await using var host = await LedgerHost.StartAsync();
        await MapAsync(host);
        await host.SendAsync(Read(host, 2m));
        await host.SendAsync(new ReconcileCustomer(PsaSync(), Key));
        var proposal = Assert.Single(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter()))).ProposalId!.Value;
        var unknown = Guid.CreateVersion7();
        var before = (await host.ReadAsync(StreamNames.Customer(Tenant, Key))).Count;

        var decided = await host.SendAsync(new DecideProposals(Person("corr-bulk-1"), "Approve", [proposal, unknown], null, "spot-checked", null));

        Assert.Equal((2, 1, new DateOnly(2025, 12, 1)), (decided.Matched, decided.Applied, decided.EffectiveDate));
        Assert.Equal(ItemOutcome.Applied, decided.Items.Single(i => i.ProposalId == proposal).Outcome);
        Assert.Equal(("proposal.unknown", ItemOutcome.Refused), (decided.Items.Single(i => i.ProposalId == unknown).Code, decided.Items.Single(i => i.ProposalId == unknown).Outcome));
        var appended = (await host.ReadAsync(StreamNames.Customer(Tenant, Key))).Skip(before).ToList();
        var approval = Assert.Single(appended);
        Assert.Equal(("customer.quantity_change_approved.v2", "corr-bulk-1"), (approval.Type, approval.Metadata.CorrelationId));
        var state = (await host.SendAsync(new GetCustomerLedger(Tenant, Key))).State;
        Assert.Equal(new DateOnly(2025, 12, 1), state.Proposals[proposal].EffectiveDate);

        var again = await host.SendAsync(new DecideProposals(Person("corr-bulk-2"), "Approve", [proposal], null, null, new DateOnly(2025, 11, 15)));
        Assert.Equal(ItemOutcome.NoOp, Assert.Single(again.Items).Outcome);
    }

    [Fact]
    public async Task ABulkDismissalByFilterHoldsTheChangeAndAFilterMatchingNothingDecidesNothing()
    {
        await using var host = await LedgerHost.StartAsync();
        await MapAsync(host);
        await host.SendAsync(Read(host, 2m));
        await host.SendAsync(new ReconcileCustomer(PsaSync(), Key));

        var none = await host.SendAsync(new DecideProposals(Person(), "Dismiss", null, new ProposalFilter(Service: "PerDevice"), "not this month", null));
        var dismissed = await host.SendAsync(new DecideProposals(Person(), "Dismiss", null, new ProposalFilter(MaxMoneyImpact: 40m), "not this month", null));
        var reconciled = await host.SendAsync(new ReconcileCustomer(PsaSync(), Key));

        Assert.Equal((0, 0), (none.Matched, none.Items.Count));
        Assert.Equal(["customer.quantity_change_dismissed.v1"], Assert.Single(dismissed.Items).Appended);
        Assert.Empty(reconciled.Appended);
        Assert.Empty(await host.SendAsync(new ListProposals(Tenant, new ProposalFilter())));

        host.Clock.Advance(TimeSpan.FromDays(31));
        Assert.Equal(["customer.quantity_change_proposed.v1"], (await host.SendAsync(new ReconcileCustomer(PsaSync(), Key))).Appended);
    }

    [Fact]
    public async Task ABulkRequestWithBothIdsAndAFilterIsRefusedWhole()
    {
        await using var host = await LedgerHost.StartAsync();

        await Assert.ThrowsAsync<FluentValidation.ValidationException>(async () =>
            await host.SendAsync(new DecideProposals(Person(), "Approve", [Guid.CreateVersion7()], new ProposalFilter(), null, null)));
        await Assert.ThrowsAsync<FluentValidation.ValidationException>(async () =>
            await host.SendAsync(new DecideProposals(Person(), "Reject", [Guid.CreateVersion7()], null, null, null)));
    }
}
