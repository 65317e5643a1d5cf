using LedgerReconcile.Domain.Billing;
using static LedgerReconcile.Domain.Customers.CustomerCommand;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Domain.Tests.Customers;

public class CustomerCountingPolicyTests
{
    private static SetCustomerCountingPolicy Set(CountingChoice? choice) =>
        new(CountingPolicyKind.NasShares, choice, "Customer pays for shares", null, Sample.Person, Sample.Now);

    [Fact]
    public void OverridesTheTenantPolicyForOneCustomer() =>
        Spec.Customer
            .When(Set(CountingChoice.Count))
            .Then(new CustomerCountingPolicySet(CountingPolicyKind.NasShares, CountingChoice.Count, "Customer pays for shares", Sample.Now, Sample.Person, Sample.Now));

    [Fact]
    public void SettingTheSameOverrideAgainChangesNothing() =>
        Spec.Customer
            .Given(new CustomerCountingPolicySet(CountingPolicyKind.NasShares, CountingChoice.Count, "x", Sample.Now, Sample.Person, Sample.Now))
            .When(Set(CountingChoice.Count))
            .ThenNothing();

    [Fact]
    public void ClearingAnOverrideHandsTheQuestionBackToTheTenant() =>
        Spec.Customer
            .Given(new CustomerCountingPolicySet(CountingPolicyKind.NasShares, CountingChoice.Count, "x", Sample.Now, Sample.Person, Sample.Now))
            .When(Set(null))
            .Then(new CustomerCountingPolicyCleared(CountingPolicyKind.NasShares, "Customer pays for shares", Sample.Now, Sample.Person, Sample.Now));

    [Fact]
    public void ClearingAMissingOverrideChangesNothing() =>
        Spec.Customer.When(Set(null)).ThenNothing();
}
