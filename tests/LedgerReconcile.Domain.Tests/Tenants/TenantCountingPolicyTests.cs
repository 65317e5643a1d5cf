using LedgerReconcile.Domain.Billing;
using static LedgerReconcile.Domain.Tenants.TenantCommand;
using static LedgerReconcile.Domain.Tenants.TenantEvent;

namespace LedgerReconcile.Domain.Tests.Tenants;

public class TenantCountingPolicyTests
{
    private static SetCountingPolicy Set(CountingChoice choice) =>
        new(CountingPolicyKind.PausedAgents, choice, "Paused agents are not billed here", null, Sample.Person, Sample.Now);

    [Fact]
    public void SetsTheTenantDefaultForACountingQuestion() =>
        Spec.Tenant
            .When(Set(CountingChoice.Exclude))
            .Then(new CountingPolicySet(CountingPolicyKind.PausedAgents, CountingChoice.Exclude, "Paused agents are not billed here", Sample.Now, Sample.Person, Sample.Now));

    [Fact]
    public void SettingTheSamePolicyAgainChangesNothing() =>
        Spec.Tenant
            .Given(new CountingPolicySet(CountingPolicyKind.PausedAgents, CountingChoice.Exclude, "x", Sample.Now, Sample.Person, Sample.Now))
            .When(Set(CountingChoice.Exclude))
            .ThenNothing();

    [Fact]
    public void ChoosingTheDefaultExplicitlyIsStillRecorded() =>
        Spec.Tenant
            .When(Set(CountingChoice.Count))
            .Then(new CountingPolicySet(CountingPolicyKind.PausedAgents, CountingChoice.Count, "Paused agents are not billed here", Sample.Now, Sample.Person, Sample.Now));
}
