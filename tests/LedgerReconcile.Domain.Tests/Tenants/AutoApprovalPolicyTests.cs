using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Tenants;
using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tests.Tenants;

public class AutoApprovalPolicyTests
{
    private static readonly AutoApprovalRule Agents = new(BillableService.PerAgent, null, 2, 10);

    [Fact]
    public void SetsARuleForOneServiceLine() =>
        Spec.Tenant
            .When(new SetAutoApprovalPolicy(Agents, "small agent changes are routine", null, Sample.Person, Sample.Now))
            .Then(new AutoApprovalPolicySet(Agents.ToTerms(), "small agent changes are routine", Sample.Now, Sample.Person, Sample.Now));

    [Fact]
    public void SettingTheSameRuleAgainChangesNothing() =>
        Spec.Tenant
            .Given(new AutoApprovalPolicySet(Agents.ToTerms(), "x", Sample.Now, Sample.Person, Sample.Now))
            .When(new SetAutoApprovalPolicy(Agents, "again", null, Sample.Person, Sample.Now))
            .ThenNothing();

    [Fact]
    public void CantSetNegativeLimits() =>
        Spec.Tenant
            .When(new SetAutoApprovalPolicy(Agents with { MaxPercentChange = -1 }, "x", null, Sample.Person, Sample.Now))
            .ThenViolates("auto_approval.negative_limit");

    [Fact]
    public void ClearingARuleLeavesChangesToAPersonAgain()
    {
        var state = Spec.Tenant
            .Given(new AutoApprovalPolicySet(Agents.ToTerms(), "x", Sample.Now, Sample.Person, Sample.Now))
            .When(new ClearAutoApprovalPolicy(new ServiceLine(BillableService.PerAgent), "audit asked", null, Sample.Person, Sample.Now))
            .ThenState();

        Assert.Empty(state.AutoApprovals);
    }

    [Fact]
    public void ClearingARuleThatIsNotSetChangesNothing() =>
        Spec.Tenant
            .When(new ClearAutoApprovalPolicy(new ServiceLine(BillableService.PerAgent), "x", null, Sample.Person, Sample.Now))
            .ThenNothing();

    [Theory]
    [InlineData(20, 22, true)]
    [InlineData(20, 18, true)]
    [InlineData(20, 23, false)]
    [InlineData(10, 12, false)]
    [InlineData(0, 1, false)]
    public void ARuleAllowsAChangeOnlyWithinBothLimits(int from, int to, bool allowed) =>
        Assert.Equal(allowed, Agents.Allows(from, to));
}
