using LedgerReconcile.Application.Customers;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Application.Tests.Customers;

public class PsaWriteBackTests
{
    private const string Tenant = LedgerHost.Tenant;
    private const string Key = Snapshots.CustomerKey;

    /// <summary>Sync, map, read the PSA, propose, approve, write, confirm, close the month, correct it.</summary>
    public static async Task<(Guid ProposalId, Guid WriteId)> RunFullFlowAsync(LedgerHost host)
    {
        await host.SendAsync(Snapshots.Mixed());
        await host.SendAsync(new MapAccount(new CommandContext(Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Key, null, "Acme Ltd", "ConnectWise", "cw-250", "Acme Limited", "agr-77", null));
        await host.SendAsync(new MapService(new CommandContext(Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Key, "PerAgent", null, "line-agents", UnitRuleInput.Each, new PriceInput(12.5m, "EUR"), null));
        await host.SendAsync(new ObservePsaQuantity(new CommandContext(Tenant, "sync:psa", "corr-psa", Guid.CreateVersion7()), Key, "line-agents", 2m, host.Clock.GetUtcNow()));
        await host.SendAsync(new RecordPsaCompanyName(new CommandContext(Tenant, "sync:psa", "corr-psa", Guid.CreateVersion7()), Key, "cw-250", "Acme Group Limited", host.Clock.GetUtcNow()));
        await host.SendAsync(new IncludeAsset(new CommandContext(Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Key, "Volume", Snapshots.MixedAssets[4].Volume, "Customer data"));
        await host.SendAsync(new IgnoreAsset(new CommandContext(Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Key, "Volume", Snapshots.MixedAssets[5].Volume, "Scratch share"));

        var proposalId = Guid.CreateVersion7();
        var proposed = await host.SendAsync(new ProposeQuantityChange(new CommandContext(Tenant, "sync:reconcile", "corr-rec", proposalId), Key, "PerAgent", null));
        Assert.Equal(["customer.quantity_change_proposed.v1"], proposed.Appended);

        await host.SendAsync(new ApproveQuantityChange(new CommandContext(Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7(), proposed.Revision), Key, proposalId, "Checked with the customer"));
        var writeId = Guid.CreateVersion7();
        await host.SendAsync(new RequestPsaWrite(new CommandContext(Tenant, "worker:psa", "corr-psa", writeId), Key, proposalId, 2m, host.Clock.GetUtcNow(), null));
        await host.SendAsync(new ConfirmPsaWrite(new CommandContext(Tenant, "worker:psa", "corr-psa", Guid.CreateVersion7()), Key, writeId, 5m, host.Clock.GetUtcNow()));

        await host.SendAsync(new CloseBillingPeriod(
            new CommandContext(Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Key, "2025-10", new DateOnly(2025, 10, 1), new DateOnly(2025, 10, 31),
            [new InvoicedLine("PerAgent", null, "line-agents", 5m, new PriceInput(12.5m, "EUR"))]));
        await host.SendAsync(new AdjustClosedPeriod(new CommandContext(Tenant, Snapshots.Person, "corr-ui", Guid.CreateVersion7()), Key, "2025-10", "PerAgent", null, 4m, "acme-old01 was removed on Oct 1"));
        return (proposalId, writeId);
    }

    [Fact]
    public async Task AnApprovedChangeIsWrittenConfirmedInvoicedAndCorrected()
    {
        await using var host = await LedgerHost.StartAsync();

        var (proposalId, writeId) = await RunFullFlowAsync(host);

        var ledger = await host.SendAsync(new GetCustomerLedger(Tenant, Key));
        var state = ledger.State;
        Assert.Equal((2m, 5m, ProposalStatus.Written), (state.Proposals[proposalId].From, state.Proposals[proposalId].To, state.Proposals[proposalId].Status));
        Assert.Equal(PsaWriteStatus.Confirmed, state.Writes[writeId].Status);
        Assert.Equal(5m, state.PsaLines["line-agents"].Quantity);
        Assert.Equal(4m, state.ClosedPeriods["2025-10"].Lines[new ServiceLine(BillableService.PerAgent)].Quantity);
        Assert.Equal("Acme Group Limited", state.Account!.PsaCompanyName);
        Assert.Single(state.Drifts.Values, d => d.IsOpen);

        var stored = await host.ReadAsync(ledger.Stream);
        Assert.Equal(ledger.Revision, stored[^1].Revision);
        var writeRequested = stored.Single(e => e.Type == "customer.psa_write_requested.v1");
        Assert.Equal(EventIds.Derive(writeId, 0), writeRequested.EventId);
    }

    [Fact]
    public async Task AManualEditOnThePsaStopsTheWriteAndIsRecorded()
    {
        await using var host = await LedgerHost.StartAsync();
        await host.SendAsync(Snapshots.Mixed());
        await host.SendAsync(new MapAccount(new CommandContext(Tenant, Snapshots.Person, "corr", Guid.CreateVersion7()), Key, null, "Acme Ltd", "Autotask", "at-1", "Acme", "contract-9", null));
        await host.SendAsync(new MapService(new CommandContext(Tenant, Snapshots.Person, "corr", Guid.CreateVersion7()), Key, "PerAgent", null, "cs-1", UnitRuleInput.Each, null, null));
        await host.SendAsync(new ObservePsaQuantity(new CommandContext(Tenant, "sync:psa", "corr", Guid.CreateVersion7()), Key, "cs-1", 2m, host.Clock.GetUtcNow()));
        // Shares waiting for a decision would block the proposal; this tenant counts them.
        await host.SendAsync(new Tenants.SetTenantCountingPolicy(new CommandContext(Tenant, Snapshots.Person, "corr", Guid.CreateVersion7()), "NasShares", "Count", "Shares are agents here", null));
        var proposalId = Guid.CreateVersion7();
        await host.SendAsync(new ProposeQuantityChange(new CommandContext(Tenant, "sync:reconcile", "corr", proposalId), Key, "PerAgent", null));
        await host.SendAsync(new ApproveQuantityChange(new CommandContext(Tenant, Snapshots.Person, "corr", Guid.CreateVersion7()), Key, proposalId, null));

        var result = await host.SendAsync(new RequestPsaWrite(new CommandContext(Tenant, "worker:psa", "corr", Guid.CreateVersion7()), Key, proposalId, 7m, host.Clock.GetUtcNow(), new DateOnly(2025, 12, 1)));

        Assert.Equal(["customer.psa_quantity_observed.v1", "customer.psa_write_conflict_detected.v1"], result.Appended);
        var state = (await host.SendAsync(new GetCustomerLedger(Tenant, Key))).State;
        Assert.Equal(ProposalStatus.Conflicted, state.Proposals[proposalId].Status);
        Assert.Empty(state.Writes);
    }

    [Fact]
    public async Task EveryLogLineOfACommandCarriesItsCorrelationId()
    {
        await using var host = await LedgerHost.StartAsync();

        await host.SendAsync(Snapshots.Mixed() with { Context = Snapshots.SyncContext("corr-nightly-sync-42") });
        await Assert.ThrowsAsync<FluentValidation.ValidationException>(() => host.SendAsync(Snapshots.Mixed() with { SnapshotId = "", Context = Snapshots.SyncContext("corr-bad-sync-43") }));

        var lines = host.Logs.Entries.Where(e => e.Scopes.OfType<IReadOnlyDictionary<string, object>>().Any(s => s.TryGetValue("CorrelationId", out var id) && id is "corr-nightly-sync-42")).ToList();
        Assert.Contains(lines, l => l.Level == LogLevel.Information && l.Message.Contains("customer.usage_snapshot_recorded.v1", StringComparison.Ordinal));
        Assert.Contains(host.Logs.Entries, l =>
            l.Message.Contains("refused", StringComparison.Ordinal)
            && l.Scopes.OfType<IReadOnlyDictionary<string, object>>().Any(s => s.TryGetValue("CorrelationId", out var id) && id is "corr-bad-sync-43"));
    }
}
