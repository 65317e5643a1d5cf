using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Domain.Tests.Customers.PsaQuantityTests;

namespace LedgerReconcile.Domain.Tests.Customers;

/// <summary>Several Datto organizations mapped to one PSA line: the home stream proposes their sum, once.</summary>
public class SharedLineTests
{
    private const string Home = "org-a";
    private const string Line = "line-agents";
    private static readonly Guid ReconcileId = Guid.Parse("0199f000-0000-7000-8000-0000000000b2");

    // Each sample organization bills 4 agents once the tenant has decided its NAS shares.
    private static SharingOrganization Other(
        string customerKey = "org-b",
        UnitRule? rule = null,
        BillableService service = BillableService.PerAgent,
        ImmutableDictionary<CountingPolicyKind, CountingChoice>? policies = null)
    {
        var state = CustomerState.Fold([Sample.Recorded(), Sample.AccountMapped(), Sample.ServiceMapped(service, Line, rule)]);
        var usage = BillableQuantities.Compute(state, policies ?? SharesExcluded);
        return SharingOrganization.Of(customerKey, state, usage, usage.For(service));
    }

    private static ReconcileCustomer Shared(params SharingOrganization[] others) => SharedWith(new SharedPsaLine(Home, others, null, PsaLineFacts.ActiveAndBilled, false));

    private static ReconcileCustomer SharedWith(SharedPsaLine line, Guid? id = null) =>
        new(id ?? ReconcileId, SharesExcluded, "sync:reconcile", Sample.Now, ImmutableDictionary<string, SharedPsaLine>.Empty.Add(Line, line));

    private static ReconcileCustomer Alone(Guid? id = null) => new(id ?? Guid.NewGuid(), SharesExcluded, "sync:reconcile", Sample.Now);

    private static ReconcileCustomer Census() =>
        Alone() with { SharedLines = ImmutableDictionary<string, SharedPsaLine>.Empty, ReconciledElsewhere = ImmutableDictionary<string, string>.Empty };

    private static ReconcileCustomer ReconciledIn(string home) =>
        Census() with { ReconciledElsewhere = ImmutableDictionary<string, string>.Empty.Add(Line, home) };

    // What the home stream decides first for the sample line: the sharing fact, then the summed proposal.
    private static IReadOnlyList<CustomerEvent> SummedDecision() => Spec.Customer.Given(MappedAndRead()).When(Shared(Other())).Decide();

    private static QuantityChangeProposedWithContributions SummedProposal() =>
        Assert.IsType<QuantityChangeProposedWithContributions>(Assert.Single(WithoutSharing(SummedDecision())));

    private static PsaLineSharingRecorded Sharing() => Assert.IsType<PsaLineSharingRecorded>(SummedDecision()[0]);

    // The proposals and blocks a reconciliation decided, leaving out the sharing facts the tests below check on their own.
    private static List<CustomerEvent> WithoutSharing(IEnumerable<CustomerEvent> decided) =>
        decided.Where(e => e is not (PsaLineSharingRecorded or PsaLineSharingEnded)).ToList();

    [Fact]
    public void TheHomeStreamProposesTheSumOfEveryOrganizationWithEachContribution()
    {
        var proposed = SummedProposal();

        Assert.Equal((2m, 8m, 8m), (proposed.From, proposed.To, proposed.Basis.RawAmount));
        Assert.Equal([(Home, 4m), ("org-b", 4m)], proposed.Contributions.Select(c => (c.CustomerKey, c.Units)));
        Assert.Equal(CustomerDecider.ProposalIdFor(ReconcileId, Line), proposed.ProposalId);
    }

    [Fact]
    public void ReconcilingTheSharedLineAgainAppendsNothing() =>
        Spec.Customer.Given([.. MappedAndRead(), .. SummedDecision()]).When(SharedWith(new SharedPsaLine(Home, [Other()], null, PsaLineFacts.ActiveAndBilled, false), Guid.NewGuid())).ThenNothing();

    [Fact]
    public void TheUnitRuleAppliesToTheSummedAmountNotToEachOrganization()
    {
        // 5 agents included in the price: each organization alone (4 agents) would bill nothing, together they bill 3.
        var allowance = UnitRule.Each with { IncludedAllowance = 5m };
        var home = new CustomerEvent[]
        {
            Sample.Recorded(), Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, Line, allowance),
            new PsaQuantityObserved(Line, 0m, Sample.Now.AddMinutes(-5), "sync:psa"),
        };

        var proposed = Assert.IsType<QuantityChangeProposedWithContributions>(Assert.Single(WithoutSharing(Spec.Customer.Given(home).When(Shared(Other(rule: allowance))).Decide())));

        Assert.Equal((0m, 3m), (proposed.From, proposed.To));
    }

    [Fact]
    public void AnotherOrganizationsAssetsWaitingForADecisionBlockTheWholeLine()
    {
        var blocked = Assert.IsType<QuantityChangeBlocked>(Assert.Single(WithoutSharing(Spec.Customer.Given(MappedAndRead()).When(Shared(Other(policies: Sample.NoTenantPolicies))).Decide())));

        Assert.Equal((BlockReason.AssetsNeedDecision, 2), (blocked.Reason, blocked.Assets.Count));
        Assert.Contains("(org-b)", blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OrganizationsMappingTheLineToDifferentServicesBlockItInsteadOfSummingThem()
    {
        var blocked = Assert.IsType<QuantityChangeBlocked>(Assert.Single(WithoutSharing(Spec.Customer.Given(MappedAndRead()).When(Shared(Other(service: BillableService.PerDevice))).Decide())));

        Assert.Equal(BlockReason.SharedLineMappingsDisagree, blocked.Reason);
        Assert.Contains("org-b maps PerDevice", blocked.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheNewestPsaReadInAnyStreamMappingTheLineIsWhatThePsaBills()
    {
        var newer = new ObservedPsaQuantity(6m, Sample.Now);

        var proposed = Assert.IsType<QuantityChangeProposedWithContributions>(
            Assert.Single(WithoutSharing(Spec.Customer.Given(MappedAndRead()).When(SharedWith(new SharedPsaLine(Home, [Other()], newer, PsaLineFacts.ActiveAndBilled, false))).Decide())));

        Assert.Equal((6m, 8m), (proposed.From, proposed.To));
    }

    [Fact]
    public void AnOlderReadInAnotherStreamDoesNotOverrideTheHomesNewerOne()
    {
        var older = new ObservedPsaQuantity(6m, Sample.Now.AddDays(-1));

        var proposed = Assert.IsType<QuantityChangeProposedWithContributions>(
            Assert.Single(WithoutSharing(Spec.Customer.Given(MappedAndRead()).When(SharedWith(new SharedPsaLine(Home, [Other()], older, PsaLineFacts.ActiveAndBilled, false))).Decide())));

        Assert.Equal(2m, proposed.From);
    }

    [Fact]
    public void NothingIsProposedWhileAWriteToTheLineIsInFlightInAnotherStream() =>
        Assert.IsType<PsaLineSharingRecorded>(Assert.Single(Spec.Customer.Given(MappedAndRead()).When(SharedWith(new SharedPsaLine(Home, [Other()], null, PsaLineFacts.ActiveAndBilled, true))).Decide()));

    [Fact]
    public void AStreamWhoseLineIsReconciledElsewhereWithdrawsItsOwnProposalAndProposesNothing()
    {
        var own = (QuantityChangeProposed)CustomerDecider.Decide(Alone(ReconcileId), CustomerState.Fold(MappedAndRead())).Single();
        var elsewhere = Alone() with { ReconciledElsewhere = ImmutableDictionary<string, string>.Empty.Add(Line, Home) };

        var withdrawn = Assert.IsType<QuantityChangeWithdrawn>(Assert.Single(WithoutSharing(Spec.Customer.Given([.. MappedAndRead(), own]).When(elsewhere).Decide())));

        Assert.Equal(own.ProposalId, withdrawn.ProposalId);
        Assert.Contains($"reconciled, summed, in customer {Home}", withdrawn.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void AStreamWhoseLineIsReconciledElsewhereIsNoLongerBlockedForIt()
    {
        var blocked = CustomerDecider.Decide(Alone() with { TenantPolicies = Sample.NoTenantPolicies }, CustomerState.Fold(MappedAndRead())).Single();
        var elsewhere = Alone() with { ReconciledElsewhere = ImmutableDictionary<string, string>.Empty.Add(Line, Home) };

        Assert.IsType<QuantityChangeUnblocked>(Assert.Single(WithoutSharing(Spec.Customer.Given([.. MappedAndRead(), blocked]).When(elsewhere).Decide())));
    }

    [Fact]
    public void WhenTheOtherOrganizationLeavesTheLineTheSummedProposalIsSupersededByOneForThisOrganizationAlone()
    {
        var summed = SummedProposal();

        var decided = Spec.Customer.Given([.. MappedAndRead(), summed]).When(Alone()).Decide();

        Assert.Equal(summed.ProposalId, Assert.IsType<QuantityChangeWithdrawn>(decided[0]).ProposalId);
        Assert.Equal((2m, 4m), (Assert.IsType<QuantityChangeProposed>(decided[1]).From, ((QuantityChangeProposed)decided[1]).To));
    }

    [Fact]
    public void AnOrganizationJoiningTheLineSupersedesTheProposalEvenIfTheNumbersHappenToMatch()
    {
        var summed = SummedProposal();
        // A third organization without usage joins: the sum stays 8, but the proposal no longer names who is billed.
        var third = Other("org-c") with { Quantity = Other().Quantity with { RawAmount = 0m } };

        var decided = WithoutSharing(Spec.Customer.Given([.. MappedAndRead(), summed]).When(Shared(Other(), third)).Decide());

        Assert.IsType<QuantityChangeWithdrawn>(decided[0]);
        Assert.Equal(3, Assert.IsType<QuantityChangeProposedWithContributions>(decided[1]).Contributions.Count);
    }

    [Fact]
    public void AProposalForALineNoLongerMappedHereIsWithdrawn()
    {
        var proposed = SummedProposal();
        var unmapped = new ServiceUnmapped(BillableService.PerAgent, null, Line, "moved to another organization", Sample.Now, Sample.Person, Sample.Now);

        var withdrawn = Assert.IsType<QuantityChangeWithdrawn>(Assert.Single(Spec.Customer.Given([.. MappedAndRead(), proposed, unmapped]).When(Alone()).Decide()));

        Assert.Contains("no longer mapped", withdrawn.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TheSummedProposalFoldsWithItsContributions()
    {
        var proposed = SummedProposal();

        var state = Spec.Customer.Given([.. MappedAndRead(), proposed]).GivenState();

        Assert.Equal((ProposalStatus.Pending, 8m), (state.Proposals[proposed.ProposalId].Status, state.Proposals[proposed.ProposalId].To));
        Assert.Equal(2, state.ContributionsTo(proposed.ProposalId).Length);
    }

    [Fact]
    public void TheHomeStreamRecordsThatTheLineIsSharedWithItsTotalAndEachContribution()
    {
        var sharing = Sharing();

        Assert.Equal((Line, Home, (decimal?)8m), (sharing.PsaLineId, sharing.HomeCustomerKey, sharing.Total));
        Assert.Equal([(Home, 4m), ("org-b", 4m)], sharing.Contributions.Select(c => (c.CustomerKey, c.Units)));
        Assert.Equal(8m, Spec.Customer.Given([.. MappedAndRead(), sharing]).GivenState().Sharing[Line].Total);
    }

    [Fact]
    public void TheSharingIsRecordedAgainWhenAContributionMoves()
    {
        var grown = Other() with { Quantity = Other().Quantity with { RawAmount = 5m } };

        var decided = Spec.Customer.Given([.. MappedAndRead(), .. SummedDecision()]).When(Shared(grown)).Decide();

        Assert.Equal(9m, Assert.IsType<PsaLineSharingRecorded>(decided[0]).Total);
    }

    [Fact]
    public void AStreamWhoseLineIsReconciledElsewhereRecordsWhereItIsReconciledOnce()
    {
        var recorded = Assert.IsType<PsaLineSharingRecorded>(Assert.Single(Spec.Customer.Given(MappedAndRead()).When(ReconciledIn(Home)).Decide()));

        Assert.Equal((Home, (decimal?)null, 0), (recorded.HomeCustomerKey, recorded.Total, recorded.Contributions.Count));
        Spec.Customer.Given([.. MappedAndRead(), recorded]).When(ReconciledIn(Home)).ThenNothing();
    }

    [Fact]
    public void WhenNoOtherOrganizationMapsTheLineAnyMoreTheSharingEnds()
    {
        var ended = Assert.IsType<PsaLineSharingEnded>(Spec.Customer.Given([.. MappedAndRead(), Sharing()]).When(Census()).Decide()[0]);

        Assert.Contains("only this customer maps it now", ended.Reason, StringComparison.Ordinal);
        Assert.Empty(Spec.Customer.Given([.. MappedAndRead(), Sharing(), ended]).GivenState().Sharing);
    }

    [Fact]
    public void AReconciliationWithoutACensusLeavesTheSharingAsRecorded() =>
        Assert.DoesNotContain(Spec.Customer.Given([.. MappedAndRead(), Sharing()]).When(Alone()).Decide(), e => e is PsaLineSharingEnded);

    [Fact]
    public void MappingOneLineForTwoServicesInOneStreamIsStillRefused() =>
        Spec.Customer
            .Given(Sample.AccountMapped(), Sample.ServiceMapped(BillableService.PerAgent, Line))
            .When(new MapService(new ServiceLine(BillableService.PerDevice), Line, UnitRule.Each, null, null, Sample.Person, Sample.Now))
            .ThenViolates("service.psa_line_in_use");
}
