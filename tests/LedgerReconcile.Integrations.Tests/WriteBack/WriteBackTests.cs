using LedgerReconcile.Application.WriteBack;
using LedgerReconcile.Application;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Simulators.Psa;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.Tests.WriteBack;

public sealed class WriteBackTests
{
    public static TheoryData<PsaKind> Psas => [PsaKind.ConnectWise, PsaKind.Autotask, PsaKind.HaloPsa, PsaKind.Syncro];

    private static Task<IntegrationHost> HostFor(PsaBed psa, TimeSpan? attemptTimeout = null, Action<LedgerIntegrationOptions>? configure = null) =>
        IntegrationHost.StartAsync(
            o =>
            {
                PsaBed.WriteOnTheSimulatorsDate(o);
                configure?.Invoke(o);
            },
            services => PsaBed.Register(services, psa.Kind, psa.Address, attemptTimeout ?? TimeSpan.FromSeconds(10)));

    private static PsaWriteDispatcher Dispatcher(IntegrationHost host) => host.Services.GetRequiredService<PsaWriteDispatcher>();

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task AnApprovedChangeIsWrittenOnceAndTheLedgerShowsRequestedThenConfirmedWithTheApproval(PsaKind kind)
    {
        await using var psa = await PsaBed.StartAsync(kind);
        await using var host = await HostFor(psa);
        var proposal = await psa.ProposeAsync(host);

        var report = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Equal(WriteBackAction.Written, Assert.Single(report.Steps).Action);
        Assert.Equal((1, 1, 15m), (psa.AppliedWrites, psa.WritesReceived, psa.Quantity));
        var ledger = await PsaBed.LedgerAsync(host);
        var approved = Assert.Single(ledger.OfType<QuantityChangeApprovedWithEffectiveDate>());
        var requested = Assert.Single(ledger.OfType<PsaWriteRequested>());
        var confirmed = Assert.Single(ledger.OfType<PsaWriteConfirmed>());
        Assert.Equal((proposal, "alice@msp.example", 12m, 15m, PsaBed.EffectiveDate), (requested.ProposalId, requested.ApprovedBy, requested.From, requested.To, requested.EffectiveDate));
        Assert.Equal((requested.WriteId, 15m), (confirmed.WriteId, confirmed.QuantityAfter));
        Assert.True(ledger.ToList().IndexOf(approved) < ledger.ToList().IndexOf(requested) && ledger.ToList().IndexOf(requested) < ledger.ToList().IndexOf(confirmed));
        Assert.Empty(ledger.OfType<PsaWriteFailed>());

        var again = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);
        Assert.Empty(again.Steps);
        Assert.Equal(1, psa.WritesReceived);
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task RateLimitsAndServerErrorsAreRetriedIntoExactlyOneAppliedWrite(PsaKind kind)
    {
        await using var psa = await PsaBed.StartAsync(kind);
        await using var host = await HostFor(psa);
        await psa.ProposeAsync(host);
        psa.Simulator.Faults.OnNextReads(new SimulatedFault.TooManyRequests(1), new SimulatedFault.ServerError(503));
        psa.Simulator.Faults.OnNextWrites(new SimulatedFault.TooManyRequests(), new SimulatedFault.ServerError(502));

        var report = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Equal(WriteBackAction.Written, Assert.Single(report.Steps).Action);
        Assert.Equal((1, 15m), (psa.AppliedWrites, psa.Quantity));
        Assert.Contains(psa.Simulator.Requests, r => r.IsWrite && r.StatusCode == 429);
        Assert.Contains(psa.Simulator.Requests, r => r.IsWrite && r.StatusCode == 502);
        Assert.Single((await PsaBed.LedgerAsync(host)).OfType<PsaWriteConfirmed>());
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task ATimeoutAfterTheWriteTookEffectDoesNotWriteAgain(PsaKind kind)
    {
        await using var psa = await PsaBed.StartAsync(kind);
        await using var host = await HostFor(psa, attemptTimeout: TimeSpan.FromSeconds(2));
        await psa.ProposeAsync(host);
        psa.Simulator.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(20)));

        await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);
        await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Equal((1, 1, 15m), (psa.AppliedWrites, psa.WritesReceived, psa.Quantity));
        var ledger = await PsaBed.LedgerAsync(host);
        Assert.Single(ledger.OfType<PsaWriteRequested>());
        Assert.Single(ledger.OfType<PsaWriteConfirmed>());
        Assert.Empty(ledger.OfType<PsaWriteFailed>());
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task AManualEditStopsTheWriteAndRecordsAConflictForAPerson(PsaKind kind)
    {
        await using var psa = await PsaBed.StartAsync(kind);
        await using var host = await HostFor(psa);
        var proposal = await psa.ProposeAsync(host);
        psa.EditByHand(13);

        var report = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Equal(WriteBackAction.ConflictRecorded, Assert.Single(report.Steps).Action);
        Assert.Equal((0, 0, 13m), (psa.AppliedWrites, psa.WritesReceived, psa.Quantity));
        var ledger = await PsaBed.LedgerAsync(host);
        var conflict = Assert.Single(ledger.OfType<PsaWriteConflictDetected>());
        Assert.Equal((proposal, psa.LineRef, 12m, 13m), (conflict.ProposalId, conflict.PsaLineId, conflict.ExpectedQuantity, conflict.FoundQuantity));
        Assert.Empty(ledger.OfType<PsaWriteRequested>());
        Assert.Empty((await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant)).Steps);
    }

    // Only Autotask can catch this race: its write is a delta checked against a fresh read. ConnectWise and HaloPSA
    // have no compare-and-set, so an edit landing between the adapter's read and its write is overwritten there.
    [Fact]
    public async Task AnAutotaskEditThatLandsJustBeforeTheWriteIsCaughtAndRecordedAsAConflict()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.Autotask);
        await using var host = await HostFor(psa);
        await psa.ProposeAsync(host);
        psa.EditWhenNextWriteArrives(14);

        var report = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        var ledger = await PsaBed.LedgerAsync(host);
        Assert.Equal(WriteBackAction.ConflictRecorded, Assert.Single(report.Steps).Action);
        Assert.Single(ledger.OfType<PsaWriteFailed>());
        Assert.Single(ledger.OfType<PsaWriteConflictDetected>());
        Assert.Empty(ledger.OfType<PsaWriteConfirmed>());
        Assert.Empty((await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant)).Steps);
    }

    [Fact]
    public async Task AnAutotaskDeltaWhoseOutcomeIsUnknownIsResolvedByReadingAndNeverSentTwice()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.Autotask);
        await using var host = await HostFor(psa, attemptTimeout: TimeSpan.FromSeconds(2));
        await psa.ProposeAsync(host);
        psa.Simulator.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(20), AfterApply: false));

        var first = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);
        var second = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Equal(WriteBackAction.OutcomeUnknown, Assert.Single(first.Steps).Action);
        Assert.Equal([WriteBackAction.Failed, WriteBackAction.Written], second.Steps.Select(s => s.Action));
        Assert.Equal((1, 2, 15m), (psa.AppliedWrites, psa.WritesReceived, psa.Quantity));
        var ledger = await PsaBed.LedgerAsync(host);
        Assert.Equal(2, ledger.OfType<PsaWriteRequested>().Count());
        Assert.Single(ledger.OfType<PsaWriteFailed>());
        Assert.Single(ledger.OfType<PsaWriteConfirmed>());
    }

    [Fact]
    public async Task AnUnknownOutcomeIsNotConcludedWhileTheRequestMightStillBeInFlight()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.Autotask);
        await using var host = await HostFor(psa, attemptTimeout: TimeSpan.FromSeconds(2), configure: o => o.UnknownOutcomeGrace = TimeSpan.FromHours(1));
        await psa.ProposeAsync(host);
        psa.Simulator.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromSeconds(20), AfterApply: false));

        await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);
        var second = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Equal(WriteBackAction.OutcomeUnknown, Assert.Single(second.Steps).Action);
        Assert.Equal(1, psa.WritesReceived);
        Assert.Empty((await PsaBed.LedgerAsync(host)).OfType<PsaWriteFailed>());
    }

    [Fact]
    public async Task ASmallChangeUnderTheTenantsAutoApprovalRuleIsWrittenWithoutAPerson()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.ConnectWise);
        await using var host = await HostFor(psa);
        var proposal = await psa.ProposeAsync(host, agents: 15, approve: false);
        await host.SendAsync(new SetAutoApprovalPolicy(new CommandContext(IntegrationHost.Tenant, "alice@msp.example", "test", Guid.CreateVersion7()), "PerAgent", null, 5, 30, "routine changes", null));

        var report = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Equal([WriteBackAction.AutoApproved, WriteBackAction.Written], report.Steps.Select(s => s.Action));
        Assert.Equal(1, psa.AppliedWrites);
        var ledger = await PsaBed.LedgerAsync(host);
        var approved = Assert.Single(ledger.OfType<QuantityChangeAutoApproved>());
        Assert.Equal((proposal, 5m, 30m), (approved.ProposalId, approved.Rule.MaxAbsoluteChange, approved.Rule.MaxPercentChange));
        Assert.Equal(QuantityChangeAutoApproved.Approver, Assert.Single(ledger.OfType<PsaWriteRequested>()).ApprovedBy);
    }

    [Fact]
    public async Task WithoutAnApprovalOrAboveTheRuleNothingIsWritten()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.ConnectWise);
        await using var host = await HostFor(psa);
        await psa.ProposeAsync(host, agents: 30, approve: false);
        await host.SendAsync(new SetAutoApprovalPolicy(new CommandContext(IntegrationHost.Tenant, "alice@msp.example", "test", Guid.CreateVersion7()), "PerAgent", null, 5, 30, "routine changes", null));

        var report = await Dispatcher(host).DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Empty(report.Steps);
        Assert.Equal((0, 12m), (psa.WritesReceived, psa.Quantity));
        Assert.Empty((await PsaBed.LedgerAsync(host)).OfType<QuantityChangeAutoApproved>());
    }

    [Fact]
    public async Task ADryRunListsWhatWouldBeWrittenAndWhyWithoutAppendingOrWritingAnything()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.HaloPsa);
        await using var host = await HostFor(psa);
        var proposal = await psa.ProposeAsync(host);
        var head = await host.Store.ReadHeadPositionAsync();

        var planned = await Dispatcher(host).DryRunAsync(IntegrationHost.Tenant);

        var write = Assert.Single(planned);
        Assert.Equal((PsaBed.CustomerKey, proposal, psa.LineRef, 12m, 15m, true, 12m), (write.CustomerKey, write.ProposalId, write.PsaLineId, write.From, write.To, write.WouldWrite, write.CurrentOnPsa));
        Assert.Contains("alice@msp.example", write.Reason);
        Assert.Equal(head, await host.Store.ReadHeadPositionAsync());
        Assert.Equal(0, psa.WritesReceived);

        psa.EditByHand(13);
        var stopped = Assert.Single(await Dispatcher(host).DryRunAsync(IntegrationHost.Tenant));
        Assert.False(stopped.WouldWrite);
        Assert.Contains("edited by hand", stopped.Reason);
        Assert.Equal(head, await host.Store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task TheHostedDispatcherWritesApprovedChanges()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.ConnectWise);
        await using var host = await IntegrationHost.StartAsync(
            o =>
            {
                PsaBed.WriteOnTheSimulatorsDate(o);
                o.WriteBackInterval = TimeSpan.FromMilliseconds(200);
            },
            services =>
            {
                PsaBed.Register(services, psa.Kind, psa.Address, TimeSpan.FromSeconds(10));
                services.AddLedgerIntegrationWorkers();
            });
        var workers = host.Services.GetServices<IHostedService>().ToList();
        foreach (var worker in workers)
        {
            await worker.StartAsync(CancellationToken.None);
        }

        try
        {
            await psa.ProposeAsync(host);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!(await PsaBed.LedgerAsync(host)).OfType<PsaWriteConfirmed>().Any())
            {
                Assert.True(DateTime.UtcNow < deadline, "The hosted dispatcher did not write within 20 s.");
                await Task.Delay(100);
            }
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.StopAsync(CancellationToken.None);
            }
        }

        Assert.Equal(1, psa.AppliedWrites);
    }
}
