using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

public class PsaQuantityTests
{
    public static readonly Guid ProposalId = Guid.Parse("0199f000-0000-7000-8000-000000000001");
    public static readonly Guid WriteId = Guid.Parse("0199f000-0000-7000-8000-000000000002");

    public static CustomerEvent[] MappedAndRead(PsaKind kind = PsaKind.ConnectWise, decimal billed = 2m) =>
    [
        Sample.Recorded(),
        Sample.AccountMapped(kind),
        Sample.ServiceMapped(BillableService.PerAgent, "line-agents"),
        new PsaQuantityObserved("line-agents", billed, Sample.Now.AddMinutes(-5), "sync:psa"),
    ];

    // The sample's NAS shares wait for a decision by default, which blocks a proposal; the tenant here has decided them.
    public static readonly ImmutableDictionary<CountingPolicyKind, CountingChoice> SharesExcluded =
        Sample.NoTenantPolicies.Add(CountingPolicyKind.NasShares, CountingChoice.Exclude);

    public static ProposeQuantityChange Propose(Guid? proposalId = null) =>
        new(proposalId ?? ProposalId, new ServiceLine(BillableService.PerAgent), SharesExcluded, "sync:reconcile", Sample.Now);

    public static QuantityChangeProposed Proposed(PsaKind kind = PsaKind.ConnectWise) =>
        (QuantityChangeProposed)CustomerDecider.Decide(Propose(), CustomerState.Fold(MappedAndRead(kind))).Single();

    public static QuantityChangeApproved Approved { get; } = new(ProposalId, null, Sample.Person, Sample.Now);

    [Fact]
    public void RecordsTheQuantityReadFromAPsaLine() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, "line-agents"))
            .When(new ObservePsaQuantity("line-agents", 3m, Sample.Now, "sync:psa", Sample.Now))
            .Then(new PsaQuantityObserved("line-agents", 3m, Sample.Now, "sync:psa"));

    [Fact]
    public void ReadingTheSameQuantityAgainAtTheSameTimeChangesNothing() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, "line-agents"), new PsaQuantityObserved("line-agents", 3m, Sample.Now, "sync:psa"))
            .When(new ObservePsaQuantity("line-agents", 3m, Sample.Now, "sync:psa", Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantRecordTheQuantityOfALineNoServiceIsMappedTo() =>
        Spec.Customer
            .Given(Sample.AccountMapped())
            .When(new ObservePsaQuantity("line-other", 3m, Sample.Now, "sync:psa", Sample.Now))
            .ThenViolates("psa.line_not_mapped");

    [Fact]
    public void CantRecordANegativeQuantity() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, "line-agents"))
            .When(new ObservePsaQuantity("line-agents", -1m, Sample.Now, "sync:psa", Sample.Now))
            .ThenViolates("psa.negative_quantity");

    [Fact]
    public void ProposesTheBillableQuantityWithItsBasis()
    {
        var proposed = Assert.IsType<QuantityChangeProposed>(Assert.Single(Spec.Customer.Given(MappedAndRead()).When(Propose()).Decide()));

        Assert.Equal((2m, 4m), (proposed.From, proposed.To));
        Assert.Equal("snap-1", proposed.Basis.SnapshotId);
        Assert.Equal(Sample.Recorded().ContentHash, proposed.Basis.ContentHash);
        Assert.Equal((4, 3, 0), (proposed.Basis.CountedAssets, proposed.Basis.IgnoredAssets, proposed.Basis.AssetsNeedingDecision));
        Assert.Contains(new PolicyInForce(CountingPolicyKind.NasShares, CountingChoice.Exclude, PolicySource.Tenant), proposed.Basis.Policies);
    }

    [Fact]
    public void ALineWithAssetsWaitingForADecisionIsBlockedInsteadOfProposed()
    {
        var blocked = Assert.IsType<QuantityChangeBlocked>(Assert.Single(
            Spec.Customer.Given(MappedAndRead()).When(Propose() with { TenantPolicies = Sample.NoTenantPolicies }).Decide()));

        Assert.Equal((BlockReason.AssetsNeedDecision, 2m, 4m, 2), (blocked.Reason, blocked.From, blocked.To, blocked.Assets.Count));
    }

    [Fact]
    public void ProposesNothingWhenThePsaAlreadyBillsTheRightQuantity() =>
        Spec.Customer.Given(MappedAndRead(billed: 4m)).When(Propose()).ThenNothing();

    [Fact]
    public void ProposingTheSameChangeAgainChangesNothing() =>
        Spec.Customer.Given([.. MappedAndRead(), Proposed()]).When(Propose(Guid.NewGuid())).ThenNothing();

    [Fact]
    public void ANewQuantitySupersedesAPendingProposal()
    {
        var newer = Guid.Parse("0199f000-0000-7000-8000-000000000003");

        var decided = Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), new AssetIgnored(AssetRef.Volume("vol-agent-alto"), "test box", Sample.Person, Sample.Now)])
            .When(Propose(newer))
            .Decide();

        Assert.Equal(ProposalId, Assert.IsType<QuantityChangeWithdrawn>(decided[0]).ProposalId);
        Assert.Equal((newer, 3m), (Assert.IsType<QuantityChangeProposed>(decided[1]).ProposalId, ((QuantityChangeProposed)decided[1]).To));
    }

    [Fact]
    public void CantProposeForAServiceThatIsNotMapped() =>
        Spec.Customer
            .Given(MappedAndRead())
            .When(Propose() with { Line = new ServiceLine(BillableService.PerDevice) })
            .ThenViolates("proposal.service_not_mapped");

    [Fact]
    public void CantProposeBeforeAnyUsageIsRecorded() =>
        Spec.Customer
            .Given(MappedAndRead().Skip(1).ToArray())
            .When(Propose())
            .ThenViolates("proposal.no_usage");

    [Fact]
    public void CantProposeBeforeThePsaLineWasRead() =>
        Spec.Customer
            .Given(MappedAndRead().SkipLast(1).ToArray())
            .When(Propose())
            .ThenViolates("proposal.psa_not_observed");

    [Fact]
    public void CantProposeWhileAWriteToTheLineIsInFlight() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested()])
            .When(Propose(Guid.NewGuid()) with { TenantPolicies = Sample.NoTenantPolicies.Add(CountingPolicyKind.PausedAgents, CountingChoice.Exclude) })
            .ThenViolates("proposal.write_in_flight");

    [Fact]
    public void APersonApprovesAProposal() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed()])
            .When(new ApproveQuantityChange(ProposalId, null, Sample.Person, Sample.Now))
            .Then(Approved);

    [Fact]
    public void ApprovingTwiceChangesNothing() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved])
            .When(new ApproveQuantityChange(ProposalId, null, Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantApproveARejectedProposal() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), new QuantityChangeRejected(ProposalId, "no", Sample.Person, Sample.Now)])
            .When(new ApproveQuantityChange(ProposalId, null, Sample.Person, Sample.Now))
            .ThenViolates("proposal.not_pending");

    [Fact]
    public void CantApproveAnUnknownProposal() =>
        Spec.Customer
            .Given(MappedAndRead())
            .When(new ApproveQuantityChange(ProposalId, null, Sample.Person, Sample.Now))
            .ThenViolates("proposal.unknown");

    [Fact]
    public void APersonRejectsAProposal() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed()])
            .When(new RejectQuantityChange(ProposalId, "Agent is a free trial", Sample.Person, Sample.Now))
            .Then(new QuantityChangeRejected(ProposalId, "Agent is a free trial", Sample.Person, Sample.Now));

    [Fact]
    public void RejectingTwiceChangesNothing() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), new QuantityChangeRejected(ProposalId, "no", Sample.Person, Sample.Now)])
            .When(new RejectQuantityChange(ProposalId, "no", Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantRejectAChangeThatIsBeingWritten() =>
        Spec.Customer
            .Given([.. MappedAndRead(), Proposed(), Approved, WriteRequested()])
            .When(new RejectQuantityChange(ProposalId, "too late", Sample.Person, Sample.Now))
            .ThenViolates("proposal.not_open");

    public static PsaWriteRequested WriteRequested(PsaKind kind = PsaKind.ConnectWise) =>
        (PsaWriteRequested)CustomerDecider.Decide(
                new RequestPsaWrite(WriteId, ProposalId, 2m, Sample.Now, null, "worker:psa", Sample.Now),
                CustomerState.Fold([.. MappedAndRead(kind), Proposed(kind), Approved]))
            .Single();
}
