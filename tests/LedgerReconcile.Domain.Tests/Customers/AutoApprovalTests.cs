using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Domain.Tests.Customers.PsaQuantityTests;

namespace LedgerReconcile.Domain.Tests.Customers;

public class AutoApprovalTests
{
    private static AutoApproveQuantityChange AutoApprove(params AutoApprovalRule[] rules) => new(ProposalId, rules, "worker:write-back", Sample.Now);

    private static AutoApprovalRule Agents(decimal maxUnits, decimal maxPercent) => new(BillableService.PerAgent, null, maxUnits, maxPercent);

    [Fact]
    public void AChangeWithinBothLimitsIsApprovedInThePolicysNameWithTheRuleCopiedIn()
    {
        var proposed = Proposed();
        var rule = Agents(10, 500);

        Spec.Customer
            .Given([.. MappedAndRead(), proposed])
            .When(AutoApprove(rule))
            .Then(new QuantityChangeAutoApproved(ProposalId, rule.ToTerms(), proposed.From, proposed.To, "worker:write-back", Sample.Now));
    }

    [Fact]
    public void AnAutoApprovedChangeCanBeWrittenAndNamesThePolicyAsApprover()
    {
        var proposed = Proposed();
        var approved = new QuantityChangeAutoApproved(ProposalId, Agents(10, 500).ToTerms(), proposed.From, proposed.To, "worker:write-back", Sample.Now);

        var requested = Assert.IsType<PsaWriteRequested>(Assert.Single(Spec.Customer
            .Given([.. MappedAndRead(), proposed, approved])
            .When(new RequestPsaWrite(WriteId, ProposalId, proposed.From, Sample.Now, null, "worker:psa", Sample.Now))
            .Decide()));

        Assert.Equal(QuantityChangeAutoApproved.Approver, requested.ApprovedBy);
    }

    [Fact]
    public void AChangeAboveTheAbsoluteLimitWaitsForAPerson() =>
        Spec.Customer.Given([.. MappedAndRead(), Proposed()]).When(AutoApprove(Agents(0.5m, 1000))).ThenNothing();

    [Fact]
    public void AChangeAboveThePercentageLimitWaitsForAPerson() =>
        Spec.Customer.Given([.. MappedAndRead(), Proposed()]).When(AutoApprove(Agents(100, 10))).ThenNothing();

    [Fact]
    public void AChangeFromZeroHasNoPercentageAndWaitsForAPerson() =>
        Spec.Customer.Given([.. MappedAndRead(billed: 0m), ProposedFrom(0m)]).When(AutoApprove(Agents(100, 1000))).ThenNothing();

    [Fact]
    public void ARuleForAnotherServiceDoesNotApprove() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed()])
            .When(AutoApprove(new AutoApprovalRule(BillableService.PerDevice, null, 100, 1000)))
            .ThenNothing();

    [Fact]
    public void AProposalAPersonAlreadyApprovedIsLeftAlone() =>
        Spec.Customer.Given([.. MappedAndRead(), Proposed(), Approved]).When(AutoApprove(Agents(100, 1000))).ThenNothing();

    private static QuantityChangeProposed ProposedFrom(decimal billed) =>
        (QuantityChangeProposed)CustomerDecider.Decide(Propose(), CustomerState.Fold(MappedAndRead(billed: billed))).Single();
}
