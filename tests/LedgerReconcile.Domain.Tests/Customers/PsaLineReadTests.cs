using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.SyncRuns;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Domain.Tests.Customers.PsaQuantityTests;

namespace LedgerReconcile.Domain.Tests.Customers;

public class PsaLineReadTests
{
    private static readonly DateTimeOffset ReadAt = Sample.Now.AddHours(1);

    private static RecordPsaLineRead Read(decimal? quantity = 2m, bool billed = true, PsaLineStatus status = PsaLineStatus.Active, DateOnly? endDate = null) =>
        new("line-agents", quantity, billed, status, endDate, null, null, ReadAt, "run-psa-1", "sync:psa", ReadAt);

    [Fact]
    public void AReadThatSeesWhatTheLedgerHoldsAppendsNothing() =>
        Spec.Customer.Given(MappedAndRead()).When(Read()).ThenNothing();

    [Fact]
    public void AChangedQuantityIsRecordedWithWhoChangedItOnThePsaAndTheRun() =>
        Spec.Customer
            .Given(MappedAndRead())
            .When(Read(5m) with { ChangedBy = "jo@msp.example", ChangedAt = Sample.Now })
            .Then(new PsaLineQuantityChanged("line-agents", 5m, "jo@msp.example", Sample.Now, ReadAt, "run-psa-1", "sync:psa"));

    [Fact]
    public void AChangedQuantityIsWhatTheLineBillsFromThenOn()
    {
        var state = Spec.Customer.Given(MappedAndRead()).When(Read(5m)).ThenState();

        Assert.Equal(5m, state.PsaLines["line-agents"].Quantity);
    }

    [Fact]
    public void AnEditOnThePsaWhileAProposalIsOpenSupersedesTheProposal()
    {
        var decided = Spec.Customer.Given([.. MappedAndRead(), Proposed(), Approved]).When(Read(3m) with { ChangedBy = "jo@msp.example" }).Decide();

        Assert.IsType<PsaLineQuantityChanged>(decided[0]);
        var withdrawn = Assert.IsType<QuantityChangeWithdrawn>(decided[1]);
        Assert.Equal(ProposalId, withdrawn.ProposalId);
        Assert.Contains("jo@msp.example", withdrawn.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineMarkedNotBilledIsRecordedOnce()
    {
        var changed = new PsaLineBillingChanged("line-agents", false, ReadAt, "run-psa-1", "sync:psa");

        Spec.Customer.Given(MappedAndRead()).When(Read(billed: false)).Then(changed);
        Spec.Customer.Given([.. MappedAndRead(), changed]).When(Read(billed: false)).ThenNothing();
    }

    [Fact]
    public void AVanishedLineIsRecordedWithoutTouchingItsQuantityOrItsMapping()
    {
        var spec = Spec.Customer.Given(MappedAndRead()).When(Read(null, status: PsaLineStatus.Vanished));

        spec.Then(new PsaLineStatusChanged("line-agents", PsaLineStatus.Vanished, null, ReadAt, "run-psa-1", "sync:psa"));
        var state = spec.ThenState();
        Assert.Equal(2m, state.PsaLines["line-agents"].Quantity);
        Assert.Single(state.EndedLines());
        Assert.True(state.Services.ContainsKey(new ServiceLine(BillableService.PerAgent)));
    }

    [Fact]
    public void AnEndDatedLineCarriesItsEndDate() =>
        Spec.Customer
            .Given(MappedAndRead())
            .When(Read(status: PsaLineStatus.EndDated, endDate: new DateOnly(2025, 11, 30)))
            .Then(new PsaLineStatusChanged("line-agents", PsaLineStatus.EndDated, new DateOnly(2025, 11, 30), ReadAt, "run-psa-1", "sync:psa"));

    [Fact]
    public void ALineReadWithoutAQuantityMustHaveVanished() =>
        Spec.Customer.Given(MappedAndRead()).When(Read(null)).ThenViolates("psa.quantity_missing");

    [Fact]
    public void CantRecordAReadOfALineNoServiceIsMappedTo() =>
        Spec.Customer.Given(MappedAndRead()).When(Read() with { PsaLineId = "line-other" }).ThenViolates("psa.line_not_mapped");

    [Fact]
    public void APsaReadRunRecordsItsCountsAndUnreadableCompaniesAsWarnings()
    {
        var started = new SyncRunEvent.SyncRunStarted("run-psa-1", "psa:connectwise", "schedule", "sync:psa", Sample.Now);
        var warning = new SyncRunWarning("CompanyUnreadable", "cw-251", "403 Forbidden");
        var counts = new PsaReadCounts(3, 1, 7, 2);
        var spec = new DeciderSpec<SyncRunCommand, SyncRunEvent, SyncRunState>(SyncRunDecider.Decide, SyncRunState.Evolve, SyncRunState.Initial);

        spec.Given(started)
            .When(new SyncRunCommand.CompletePsaReadRun("run-psa-1", counts, [warning], "sync:psa", ReadAt))
            .Then(new SyncRunEvent.PsaReadRunCompleted("run-psa-1", counts, [warning], 1, TimeSpan.FromHours(1), "sync:psa", ReadAt));
        var run = spec.ThenState().Runs["run-psa-1"];
        Assert.Equal((SyncRunStatus.Completed, counts, ReadAt, 1), (run.Status, run.PsaCounts, run.CompletedAt, run.Warnings.Count));
    }
}
