using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Domain.Tests.Customers.PsaQuantityTests;

namespace LedgerReconcile.Domain.Tests.Customers;

public class ReconciliationTests
{
    private static readonly Guid ReconcileId = Guid.Parse("0199f000-0000-7000-8000-0000000000a1");
    private static readonly Guid Proposal = CustomerDecider.ProposalIdFor(ReconcileId, "line-agents");

    // Sample's NAS shares wait for a decision by default; excluding them leaves a line that can be proposed.
    private static ReconcileCustomer Reconcile(Guid? id = null, DateTimeOffset? now = null, bool sharesDecided = true) =>
        new(
            id ?? ReconcileId,
            sharesDecided ? Sample.NoTenantPolicies.Add(CountingPolicyKind.NasShares, CountingChoice.Exclude) : Sample.NoTenantPolicies,
            "sync:reconcile",
            now ?? Sample.Now);

    private static QuantityChangeProposed Proposed2To4() =>
        Assert.IsType<QuantityChangeProposed>(Assert.Single(Spec.Customer.Given(MappedAndRead()).When(Reconcile()).Decide()));

    [Fact]
    public void ALineWhoseQuantitiesDifferGetsOneProposal()
    {
        var proposed = Proposed2To4();

        Assert.Equal((Proposal, 2m, 4m, 0), (proposed.ProposalId, proposed.From, proposed.To, proposed.Basis.AssetsNeedingDecision));
    }

    [Fact]
    public void ReconcilingTwiceAppendsNothingTheSecondTime() =>
        Spec.Customer.Given([.. MappedAndRead(), Proposed2To4()]).When(Reconcile(Guid.NewGuid())).ThenNothing();

    [Fact]
    public void ALineThatAgreesGetsNoProposal() =>
        Spec.Customer.Given(MappedAndRead(billed: 4m)).When(Reconcile()).ThenNothing();

    [Fact]
    public void AnOpenProposalIsWithdrawnWhenTheLineAgreesAgain()
    {
        var decided = Spec.Customer
            .Given([.. MappedAndRead(), Proposed2To4(), new PsaQuantityObserved("line-agents", 4m, Sample.Now, "sync:psa")])
            .When(Reconcile(Guid.NewGuid()))
            .Decide();

        Assert.Equal(Proposal, Assert.IsType<QuantityChangeWithdrawn>(Assert.Single(decided)).ProposalId);
    }

    [Fact]
    public void AMovedNumberSupersedesTheOpenProposalWithANewOne()
    {
        var next = Guid.NewGuid();

        var decided = Spec.Customer
            .Given([.. MappedAndRead(), Proposed2To4(), new PsaQuantityObserved("line-agents", 3m, Sample.Now, "sync:psa")])
            .When(Reconcile(next))
            .Decide();

        Assert.Equal(Proposal, Assert.IsType<QuantityChangeWithdrawn>(decided[0]).ProposalId);
        var proposed = Assert.IsType<QuantityChangeProposed>(decided[1]);
        Assert.Equal((CustomerDecider.ProposalIdFor(next, "line-agents"), 3m, 4m), (proposed.ProposalId, proposed.From, proposed.To));
    }

    [Fact]
    public void ALineWithAssetsNeedingADecisionIsBlockedWithThoseAssetsAndNoProposal()
    {
        var blocked = Assert.IsType<QuantityChangeBlocked>(Assert.Single(Spec.Customer.Given(MappedAndRead()).When(Reconcile(sharesDecided: false)).Decide()));

        Assert.Equal((BlockReason.AssetsNeedDecision, 2m, 4m, 2), (blocked.Reason, blocked.From, blocked.To, blocked.Assets.Count));
        Assert.All(blocked.Assets, a => Assert.Equal(AssetKind.Volume, a.Kind));
        Assert.Contains("2 asset(s) need a decision", blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ABlockedLineStaysBlockedWithoutAnotherEvent()
    {
        var blocked = Spec.Customer.Given(MappedAndRead()).When(Reconcile(sharesDecided: false)).Decide();

        Spec.Customer.Given([.. MappedAndRead(), .. blocked]).When(Reconcile(Guid.NewGuid(), sharesDecided: false)).ThenNothing();
    }

    [Fact]
    public void DecidingTheAssetsUnblocksTheLineAndProposesIt()
    {
        var blocked = Spec.Customer.Given(MappedAndRead()).When(Reconcile(sharesDecided: false)).Decide();

        var decided = Spec.Customer.Given([.. MappedAndRead(), .. blocked]).When(Reconcile()).Decide();

        Assert.IsType<QuantityChangeUnblocked>(decided[0]);
        Assert.Equal(Proposal, Assert.IsType<QuantityChangeProposed>(decided[1]).ProposalId);
    }

    [Fact]
    public void AnOpenProposalIsWithdrawnWhenItsLineBecomesBlocked()
    {
        var decided = Spec.Customer.Given([.. MappedAndRead(), Proposed2To4()]).When(Reconcile(Guid.NewGuid(), sharesDecided: false)).Decide();

        Assert.Equal(Proposal, Assert.IsType<QuantityChangeWithdrawn>(decided[0]).ProposalId);
        Assert.IsType<QuantityChangeBlocked>(decided[1]);
    }

    [Theory]
    [InlineData(PsaLineStatus.Cancelled, true, BlockReason.PsaLineEnded)]
    [InlineData(PsaLineStatus.Vanished, true, BlockReason.PsaLineEnded)]
    [InlineData(PsaLineStatus.Active, false, BlockReason.PsaLineNotBilled)]
    public void AnEndedOrUnbilledLineIsNotProposedAndSaysWhy(PsaLineStatus status, bool billed, BlockReason reason)
    {
        CustomerEvent[] read =
        [
            new PsaLineStatusChanged("line-agents", status, null, Sample.Now, "run-psa-1", "sync:psa"),
            new PsaLineBillingChanged("line-agents", billed, Sample.Now, "run-psa-1", "sync:psa"),
        ];

        var blocked = Assert.IsType<QuantityChangeBlocked>(Assert.Single(Spec.Customer.Given([.. MappedAndRead(), .. read]).When(Reconcile()).Decide()));

        Assert.Equal(reason, blocked.Reason);
        Assert.Contains("line-agents", blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ADismissedChangeDoesNotComeBackThisMonth()
    {
        var dismissed = new QuantityChangeDismissed(Proposal, "customer pays from January", new DateOnly(2025, 12, 1), Sample.Person, Sample.Now);

        Spec.Customer.Given([.. MappedAndRead(), Proposed2To4(), dismissed]).When(Reconcile(Guid.NewGuid(), Sample.Now.AddDays(20))).ThenNothing();
    }

    [Fact]
    public void ADismissedChangeComesBackNextMonth()
    {
        var dismissed = new QuantityChangeDismissed(Proposal, "customer pays from January", new DateOnly(2025, 12, 1), Sample.Person, Sample.Now);

        var decided = Spec.Customer.Given([.. MappedAndRead(), Proposed2To4(), dismissed]).When(Reconcile(Guid.NewGuid(), new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero))).Decide();

        Assert.Equal((2m, 4m), (Assert.IsType<QuantityChangeProposed>(Assert.Single(decided)).From, ((QuantityChangeProposed)decided[0]).To));
    }

    [Fact]
    public void ADismissedChangeComesBackThisMonthWhenANumberMoves()
    {
        var dismissed = new QuantityChangeDismissed(Proposal, "not now", new DateOnly(2025, 12, 1), Sample.Person, Sample.Now);

        var decided = Spec.Customer
            .Given([.. MappedAndRead(), Proposed2To4(), dismissed, new PsaQuantityObserved("line-agents", 3m, Sample.Now, "sync:psa")])
            .When(Reconcile(Guid.NewGuid()))
            .Decide();

        Assert.Equal(3m, Assert.IsType<QuantityChangeProposed>(Assert.Single(decided)).From);
    }

    [Fact]
    public void ARejectedChangeIsNotProposedAgainWhileItsNumbersStay()
    {
        var rejected = new QuantityChangeRejected(Proposal, "the fourth agent is a test machine", Sample.Person, Sample.Now);

        Spec.Customer.Given([.. MappedAndRead(), Proposed2To4(), rejected]).When(Reconcile(Guid.NewGuid(), Sample.Now.AddDays(45))).ThenNothing();
    }

    [Fact]
    public void ARejectedChangeIsProposedAgainOnceANumberMoves()
    {
        var rejected = new QuantityChangeRejected(Proposal, "not this one", Sample.Person, Sample.Now);

        var decided = Spec.Customer
            .Given([.. MappedAndRead(), Proposed2To4(), rejected, new PsaQuantityObserved("line-agents", 3m, Sample.Now, "sync:psa")])
            .When(Reconcile(Guid.NewGuid()))
            .Decide();

        Assert.Equal((3m, 4m), (Assert.IsType<QuantityChangeProposed>(Assert.Single(decided)).From, ((QuantityChangeProposed)decided[0]).To));
    }

    [Fact]
    public void ARejectionNoLongerHoldsOnceALaterProposalForTheLineWasMade()
    {
        // Rejected 2 -> 4, then the PSA moved to 3 (proposed 3 -> 4, withdrawn when the PSA went back to 2): 2 -> 4 is new again.
        var later = Guid.Parse("0b9f6f43-3a55-4c55-9d7e-0c1c6f0de001");
        var decided = Spec.Customer
            .Given(
            [
                .. MappedAndRead(), Proposed2To4(), new QuantityChangeRejected(Proposal, "not this one", Sample.Person, Sample.Now),
                new PsaQuantityObserved("line-agents", 3m, Sample.Now, "sync:psa"),
                Proposed2To4() with { ProposalId = later, From = 3m },
                new QuantityChangeWithdrawn(later, "Superseded", "sync:reconcile", Sample.Now),
                new PsaQuantityObserved("line-agents", 2m, Sample.Now, "sync:psa"),
            ])
            .When(Reconcile(Guid.NewGuid()))
            .Decide();

        Assert.Equal((2m, 4m), (Assert.IsType<QuantityChangeProposed>(Assert.Single(decided)).From, ((QuantityChangeProposed)decided[0]).To));
    }

    [Fact]
    public void DismissingAPendingProposalHoldsItUntilTheFirstOfNextMonth() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed2To4()])
            .When(new DismissQuantityChange(Proposal, "not this month", Sample.Person, Sample.Now))
            .Then(new QuantityChangeDismissed(Proposal, "not this month", new DateOnly(2025, 12, 1), Sample.Person, Sample.Now));

    [Fact]
    public void DismissingTwiceChangesNothing() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed2To4(), new QuantityChangeDismissed(Proposal, "no", new DateOnly(2025, 12, 1), Sample.Person, Sample.Now)])
            .When(new DismissQuantityChange(Proposal, "no", Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantDismissARejectedProposal() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed2To4(), new QuantityChangeRejected(Proposal, "no", Sample.Person, Sample.Now)])
            .When(new DismissQuantityChange(Proposal, "no", Sample.Person, Sample.Now))
            .ThenViolates("proposal.not_open");

    [Fact]
    public void AnApprovalWithAnEffectiveDateCarriesItToTheWrite()
    {
        var effective = new DateOnly(2025, 12, 1);
        var approved = Spec.Customer
            .Given([.. MappedAndRead(), Proposed2To4()])
            .When(new ApproveQuantityChange(Proposal, null, Sample.Person, Sample.Now, effective))
            .Then(new QuantityChangeApprovedWithEffectiveDate(Proposal, effective, null, Sample.Person, Sample.Now));

        var state = Spec.Customer.Given([.. MappedAndRead(), Proposed2To4(), .. approved]).GivenState();
        Assert.Equal((ProposalStatus.Approved, effective), (state.Proposals[Proposal].Status, state.Proposals[Proposal].EffectiveDate));
    }

    [Fact]
    public void AnApprovalWithoutADateStillFoldsWithTheWriteBacksDefault()
    {
        var state = Spec.Customer.Given([.. MappedAndRead(), Proposed(), Approved]).GivenState();

        Assert.Equal((ProposalStatus.Approved, (DateOnly?)null), (state.Proposals[ProposalId].Status, state.Proposals[ProposalId].EffectiveDate));
    }

    [Fact]
    public void AnAutoApprovalRuleNeverApprovesABlockedLine()
    {
        var blocked = new QuantityChangeBlocked(BillableService.PerAgent, null, "line-agents", 2m, 4m, BlockReason.PsaLineNotBilled, "not billed", [], "sync:reconcile", Sample.Now);

        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), blocked])
            .When(new AutoApproveQuantityChange(ProposalId, [new AutoApprovalRule(BillableService.PerAgent, null, 10, 500)], "worker:write-back", Sample.Now))
            .ThenNothing();
    }
}
