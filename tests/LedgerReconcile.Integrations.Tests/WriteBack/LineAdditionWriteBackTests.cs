using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Psa;
using LedgerReconcile.Simulators.Psa;
using Microsoft.Extensions.DependencyInjection;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.Tests.WriteBack;

/// <summary>New revenue through the write-back: an approved line addition reaches each PSA simulator exactly once.</summary>
public sealed class LineAdditionWriteBackTests
{
    public static TheoryData<PsaKind> Psas => [PsaKind.ConnectWise, PsaKind.Autotask, PsaKind.HaloPsa, PsaKind.Syncro];

    private static Task<IntegrationHost> HostFor(PsaBed psa) =>
        IntegrationHost.StartAsync(PsaBed.WriteOnTheSimulatorsDate, services => PsaBed.Register(services, psa.Kind, psa.Address, TimeSpan.FromSeconds(10)));

    private static Task<WriteBackReport> DispatchAsync(IntegrationHost host) =>
        host.Services.GetRequiredService<PsaWriteDispatcher>().DispatchPendingWritesAsync(IntegrationHost.Tenant);

    private static async Task<CustomerState> StateAsync(IntegrationHost host) => CustomerState.Fold(await PsaBed.LedgerAsync(host));

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task AnApprovedAdditionAddsOneLineThatTheServiceIsThenMappedTo(PsaKind kind)
    {
        await using var psa = await PsaBed.StartAsync(kind);
        var bed = LineAdditionBed.For(psa);
        await using var host = await HostFor(psa);
        var proposal = await bed.ProposeAsync(host);

        var report = await DispatchAsync(host);

        var step = Assert.Single(report.Steps);
        Assert.Equal((WriteBackAction.LineAdded, proposal, (decimal)LineAdditionBed.Agents), (step.Action, step.ProposalId, step.To));
        Assert.Equal(1, bed.LinesOfProduct(bed.NewProductId));
        var ledger = await PsaBed.LedgerAsync(host);
        var requested = Assert.Single(ledger.OfType<LineAdditionRequested>());
        var added = Assert.Single(ledger.OfType<LineAdded>());
        var mapped = Assert.Single(ledger.OfType<ServiceMappedByLineAddition>());
        Assert.Equal((requested.WriteId, step.PsaLineId, (decimal)LineAdditionBed.Agents), (added.WriteId, added.PsaLineId, added.Quantity));
        Assert.Equal((proposal, added.PsaLineId, 9.5m), (mapped.ProposalId, mapped.PsaLineId, mapped.UnitPrice.Amount));
        Assert.Equal((bed.NewProductId, LineAdditionBed.Agents, 9.5m, PsaBed.EffectiveDate), (requested.ProductId, (int)requested.Quantity, requested.UnitPrice, requested.EffectiveDate));
        var state = await StateAsync(host);
        Assert.Equal(added.PsaLineId, state.Services[new ServiceLine(BillableService.PerAgent)].PsaLineId);
        Assert.Equal(LineAdditionBed.Agents, state.PsaLines[added.PsaLineId].Quantity);

        var writes = psa.WritesReceived;
        Assert.Empty((await DispatchAsync(host)).Steps);
        Assert.Equal((writes, 1), (psa.WritesReceived, bed.LinesOfProduct(bed.NewProductId)));
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task ADispatcherThatSentTheLineButRecordedNothingFindsItInsteadOfAddingASecond(PsaKind kind)
    {
        await using var psa = await PsaBed.StartAsync(kind);
        var bed = LineAdditionBed.For(psa);
        await using var host = await HostFor(psa);
        var proposal = await bed.ProposeAsync(host);

        // A pass that recorded the request and sent the line, then died before recording what the PSA answered.
        await host.SendAsync(new RequestLineAddition(new CommandContext(IntegrationHost.Tenant, "system:write-back", "test", Guid.CreateVersion7()), PsaBed.CustomerKey, proposal));
        var request = Assert.Single((await PsaBed.LedgerAsync(host)).OfType<LineAdditionRequested>());
        var connector = (await host.Services.GetRequiredService<IPsaConnectorSource>().GetAsync(IntegrationHost.Tenant, kind, CancellationToken.None))!;
        Assert.IsType<LineAdditionOutcome.Added>(await connector.AddLineAsync(new NewPsaLine(
            request.PsaCompanyId, request.AgreementId, request.ProductId, request.Quantity, request.UnitPrice, request.EffectiveDate, request.IdempotencyKey)));
        var writesBeforeRecovery = psa.WritesReceived;

        var first = await DispatchAsync(host);
        var second = await DispatchAsync(host);

        Assert.Equal(WriteBackAction.AlreadyApplied, Assert.Single(first.Steps).Action);
        Assert.Empty(second.Steps);
        Assert.Equal(writesBeforeRecovery, psa.WritesReceived);
        Assert.Equal(1, bed.LinesOfProduct(bed.NewProductId));
        var ledger = await PsaBed.LedgerAsync(host);
        Assert.Equal(request.WriteId, Assert.Single(ledger.OfType<LineAdditionRequested>()).WriteId);
        Assert.Equal("FoundByMarker", Assert.Single(ledger.OfType<LineAdded>()).Evidence);
        Assert.Single(ledger.OfType<ServiceMappedByLineAddition>());
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task ALostRequestStaysPendingAndTheNextPassAddsTheLineOnceWithTheSameKey(PsaKind kind)
    {
        await using var psa = await PsaBed.StartAsync(kind);
        var bed = LineAdditionBed.For(psa);
        await using var host = await HostFor(psa);
        await bed.ProposeAsync(host);
        psa.Simulator.Faults.OnNextWrites(new SimulatedFault.DropConnection(AfterApply: false));

        var lost = await DispatchAsync(host);

        Assert.Equal(WriteBackAction.OutcomeUnknown, Assert.Single(lost.Steps).Action);
        Assert.Equal(0, bed.LinesOfProduct(bed.NewProductId));
        var pending = Assert.Single((await StateAsync(host)).LineAdditions.Values);
        Assert.Equal(LineAdditionStatus.Requested, pending.Status);

        var next = await DispatchAsync(host);

        Assert.Equal(WriteBackAction.LineAdded, Assert.Single(next.Steps).Action);
        Assert.Equal(1, bed.LinesOfProduct(bed.NewProductId));
        var ledger = await PsaBed.LedgerAsync(host);
        Assert.Single(ledger.OfType<LineAdditionRequested>());
        Assert.Single(ledger.OfType<LineAdded>());
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task ALineAlreadyBillingTheProductIsMappedInsteadOfAddingASecond(PsaKind kind)
    {
        await using var psa = await PsaBed.StartAsync(kind);
        var bed = LineAdditionBed.For(psa);
        await using var host = await HostFor(psa);
        await bed.ProposeAsync(host, bed.ExistingProductId);

        var report = await DispatchAsync(host);

        var step = Assert.Single(report.Steps);
        Assert.Equal(WriteBackAction.LineAlreadyOnAgreement, step.Action);
        Assert.Equal(1, bed.LinesOfProduct(bed.ExistingProductId));
        var ledger = await PsaBed.LedgerAsync(host);
        var found = Assert.Single(ledger.OfType<LineAdditionFoundExistingLine>());
        Assert.Empty(ledger.OfType<LineAdded>());
        Assert.Equal(found.PsaLineId, Assert.Single(ledger.OfType<ServiceMappedByLineAddition>()).PsaLineId);
    }

    [Fact]
    public async Task ALineThePsaRejectsFailsWithItsReasonAndIsNotSentAgain()
    {
        await using var psa = await PsaBed.StartAsync(PsaKind.ConnectWise);
        var bed = LineAdditionBed.For(psa);
        await using var host = await HostFor(psa);
        await bed.ProposeAsync(host);
        psa.Simulator.Faults.OnNextWrites(new SimulatedFault.Respond(
            """{"code":"InvalidObject","message":"addition object is invalid","errors":[{"code":"Required","message":"agreement type does not allow additions","field":"product"}]}""", 400));

        var report = await DispatchAsync(host);

        Assert.Equal(WriteBackAction.Failed, Assert.Single(report.Steps).Action);
        var failed = Assert.Single((await PsaBed.LedgerAsync(host)).OfType<LineAdditionFailed>());
        Assert.Contains("InvalidObject", failed.Error, StringComparison.Ordinal);
        Assert.Equal(LineAdditionStatus.Failed, Assert.Single((await StateAsync(host)).LineAdditions.Values).Status);
        var writes = psa.WritesReceived;
        Assert.Empty((await DispatchAsync(host)).Steps);
        Assert.Equal((writes, 0), (psa.WritesReceived, bed.LinesOfProduct(bed.NewProductId)));
    }
}
