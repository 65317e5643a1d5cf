using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Integrations.PsaRead;
using LedgerReconcile.Simulators.Psa;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using LedgerStatus = LedgerReconcile.Domain.Customers.PsaLineStatus;

namespace LedgerReconcile.Integrations.Tests.PsaRead;

public sealed class PsaReadTests
{
    public static TheoryData<PsaKind> Psas => [PsaKind.ConnectWise, PsaKind.Autotask, PsaKind.HaloPsa, PsaKind.Syncro];

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task AFirstReadRecordsTheMappedLineAndTheAutomaticProposalFollowsASecondReadAppendsOnlyItsRun(PsaKind kind)
    {
        await using var bed = await PsaReadBed.StartAsync(kind);

        var first = await bed.ReadAsync();

        var run = Assert.Single(first.Runs);
        Assert.Equal((PsaReadOutcome.Completed, PsaReadSources.Of(kind)), (run.Outcome, run.Source));
        Assert.Equal(new Domain.SyncRuns.PsaReadCounts(1, 0, 1, 1), run.Counts);
        var read = Assert.Single((await bed.LedgerAsync()).OfType<PsaLineQuantityChanged>());
        Assert.Equal((bed.Line.LineRef, 12m, run.RunId), (read.PsaLineId, read.Quantity, read.RunId));
        var proposal = Assert.Single(await bed.ProposalsAsync());
        Assert.Equal((bed.Line.LineRef, 12m, 15m, "Pending"), (proposal.PsaLineId, proposal.From, proposal.To, proposal.Status));

        var before = await bed.Host.ReadAllAsync();
        var second = await bed.ReadAsync();

        Assert.Equal(new Domain.SyncRuns.PsaReadCounts(1, 0, 1, 0), Assert.Single(second.Runs).Counts);
        var appended = (await bed.Host.ReadAllAsync()).Skip(before.Count).ToList();
        Assert.NotEmpty(appended);
        Assert.All(appended, e => Assert.Equal(StreamNames.SyncRuns(IntegrationHost.Tenant), e.Stream));
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task APersonsEditBetweenReadsIsRecordedAndSupersedesTheOpenProposal(PsaKind kind)
    {
        await using var bed = await PsaReadBed.StartAsync(kind);
        await bed.ReadAsync();
        var open = Assert.Single(await bed.ProposalsAsync());

        bed.Psa.EditByHand(14);
        await bed.ReadAsync();

        var ledger = await bed.LedgerAsync();
        Assert.Equal([12m, 14m], ledger.OfType<PsaLineQuantityChanged>().Select(e => e.Quantity));
        Assert.Contains(ledger.OfType<QuantityChangeWithdrawn>(), w => w.ProposalId == open.ProposalId && w.Reason.StartsWith("Superseded", StringComparison.Ordinal));
        var now = Assert.Single(await bed.ProposalsAsync());
        Assert.Equal((14m, 15m), (now.From, now.To));
        Assert.NotEqual(open.ProposalId, now.ProposalId);
        Assert.Equal(14m, bed.Psa.Quantity);
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task AMappedLineNoLongerOnTheAgreementIsRecordedAsVanishedAndStaysMappedForAPerson(PsaKind kind)
    {
        await using var bed = await PsaReadBed.StartAsync(kind);
        var gone = await bed.MapVanishedLineAsync();

        var read = await bed.ReadAsync();

        Assert.Equal(2, Assert.Single(read.Runs).Counts.Lines);
        var vanished = Assert.Single((await bed.LedgerAsync()).OfType<PsaLineStatusChanged>());
        Assert.Equal((gone, LedgerStatus.Vanished), (vanished.PsaLineId, vanished.Status));
        Assert.DoesNotContain((await bed.LedgerAsync()).OfType<PsaLineQuantityChanged>(), e => e.PsaLineId == gone);
        // The mapping stays: the line is one of the ended lines a person is asked about.
        var state = CustomerState.Fold(await bed.LedgerAsync());
        Assert.Equal(gone, Assert.Single(state.EndedLines()).Mapping.PsaLineId);
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task ACompanyThatCannotBeReadIsAWarningAndKeepsItsLastObservation(PsaKind kind)
    {
        await using var bed = await PsaReadBed.StartAsync(kind);
        await bed.ReadAsync();
        var before = await bed.LedgerAsync();
        bed.Psa.EditByHand(3);
        bed.Psa.Simulator.Faults.OnNextReads([.. Enumerable.Repeat<SimulatedFault>(new SimulatedFault.ServerError(503), 40)]);

        var read = await bed.ReadAsync();

        var run = Assert.Single(read.Runs);
        Assert.Equal((PsaReadOutcome.Completed, 1, 1, 0), (run.Outcome, run.Counts.Companies, run.Counts.CompaniesUnreadable, run.Counts.Lines));
        Assert.Contains(run.Warnings, w => w.Kind == "PsaCompanyUnreadable" && w.Subject == $"{kind}:{bed.Psa.CompanyId}");
        Assert.Equal(before.Count, (await bed.LedgerAsync()).Count);
        Assert.Equal(12m, Assert.Single(await bed.ProposalsAsync()).From);
    }

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task OnlyAgreementsOfTheChosenTypesAreReadAndALineOnAnotherTypeKeepsItsLastObservation(PsaKind kind)
    {
        await using var bed = await PsaReadBed.StartAsync(kind);
        await bed.ChooseAgreementTypesAsync("Type nobody uses");

        var read = await bed.ReadAsync();

        var run = Assert.Single(read.Runs);
        Assert.Equal((0, 0), (run.Counts.Lines, run.Counts.CompaniesUnreadable));
        Assert.Contains(run.Warnings, w => w.Kind == "PsaLineNotRead" && w.Subject == bed.Line.LineRef);
        Assert.DoesNotContain(await bed.LedgerAsync(), e => e is PsaLineQuantityChanged or PsaLineStatusChanged);
    }
}
