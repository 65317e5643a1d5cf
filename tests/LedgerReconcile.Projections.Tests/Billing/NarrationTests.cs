using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.Projections.Billing;

namespace LedgerReconcile.Projections.Tests.Billing;

public sealed class NarrationTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 4, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnAutoApprovalNamesTheRuleThatAllowedIt()
    {
        var rule = new AutoApprovalTerms(BillableService.PerAgent, null, 2, 10);
        var approved = new CustomerEvent.QuantityChangeAutoApproved(Guid.CreateVersion7(), rule, 20, 22, "write-back@ledger", Noon);

        Assert.Equal(
            "Proposal auto-approved by the tenant's rule for PerAgent: 20 to 22 is within 2 units and 10%.",
            Narration.Describe(approved, null));
    }

    [Fact]
    public void SettingAndClearingAutoApprovalReadAsSentencesWithTheirReason()
    {
        var set = new TenantEvent.AutoApprovalPolicySet(
            new AutoApprovalTerms(BillableService.PerAgent, null, 1, 5), "small drifts are routine", Noon, "alice@msp.example", Noon);
        var cleared = new TenantEvent.AutoApprovalPolicyCleared(BillableService.PerAgent, null, "audit asked for manual review", Noon, "alice@msp.example", Noon);

        Assert.Equal("Auto-approval for PerAgent set: changes of at most 1 unit and 5% need no person, from 2026-11-04.", Narration.Describe(set));
        Assert.Equal("Auto-approval for PerAgent cleared: every change needs a person's approval.", Narration.Describe(cleared));
    }

    [Fact]
    public void ScheduleChangesReadAsSentencesAndAPauseCarriesItsReason()
    {
        var cron = new TenantEvent.JobCronSet(ScheduledJob.DattoSync, "0 6 * * 1-5", "Europe/Brussels", "alice@msp.example", Noon);
        var interval = new TenantEvent.JobIntervalSet(ScheduledJob.WriteBack, TimeSpan.FromMinutes(90), "alice@msp.example", Noon);
        var paused = new TenantEvent.JobPaused(ScheduledJob.PsaRead, "PSA migration", "alice@msp.example", Noon);

        Assert.Equal("The datto-sync runs at '0 6 * * 1-5' (Europe/Brussels) from now on.", Narration.Describe(cron));
        Assert.Equal("The write-back runs every 90 minutes from now on.", Narration.Describe(interval));
        Assert.Equal(("The psa-read schedule is paused; it runs only when asked for.", "PSA migration"), (Narration.Describe(paused), Narration.Reason(paused)));
    }

    [Fact]
    public void ALineAdditionThatFoundTheProductOnTheAgreementSaysItMappedThatLineInstead()
    {
        var found = new CustomerEvent.LineAdditionFoundExistingLine(Guid.CreateVersion7(), Guid.CreateVersion7(), "cw:19300:801:40002", 30, "write-back@ledger", Noon);

        Assert.Equal(
            "Nothing added: the agreement already had PSA line cw:19300:801:40002 (quantity 30) for the product; it is mapped instead.",
            Narration.Describe(found, null));
    }

    [Fact]
    public void AProposedLineAdditionNamesTheProductQuantityPriceAndDate()
    {
        var proposed = new CustomerEvent.LineAdditionProposed(
            Guid.CreateVersion7(), BillableService.PerDevice, null, PsaKind.ConnectWise, "19300", "801", "9502", 3, 3,
            UnitRule.Each.ToTerms(), new Money(6.5m, "USD"), new DateOnly(2026, 12, 1), "snap-1", "alice@msp.example", Noon);

        Assert.Equal(
            "Proposed to add ConnectWise product 9502 to agreement 801 for PerDevice: 3 at 6.5 USD, from 2026-12-01 (new revenue).",
            Narration.Describe(proposed, null));
    }
}
