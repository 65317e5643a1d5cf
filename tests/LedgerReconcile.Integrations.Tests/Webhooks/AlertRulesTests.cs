using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.EventStore;
using LedgerReconcile.Integrations.Webhooks;

namespace LedgerReconcile.Integrations.Tests.Webhooks;

public class AlertRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task ADiscrepancyAlertCarriesTheMoneyImpactOfTheLineAtItsPrice()
    {
        var customer = CustomerState.Evolve(
            CustomerState.Initial,
            new CustomerEvent.ServiceMapped(BillableService.PerAgent, null, "line-9", new UnitRuleTerms(BillingUnit.Each, 1, Rounding.Up, 0m, 0m, 1m, false), new Money(12.50m, "EUR"), At, "finance@msp.example", At));
        var proposed = new CustomerEvent.QuantityChangeProposed(Guid.CreateVersion7(), BillableService.PerAgent, null, "line-9", 10m, 14m, null!, "system", At);

        var data = await DescribeAsync(proposed, customer);

        Assert.Equal("50.00", data[AlertRules.AmountField]);
        Assert.Equal("EUR", data["currency"]);
        Assert.Equal(("org-1", "10", "14"), (data["customer"], data["from"], data["to"]));
    }

    [Fact]
    public async Task ADiscrepancyOnALineWithoutAPriceHasNoAmount()
    {
        var proposed = new CustomerEvent.QuantityChangeProposed(Guid.CreateVersion7(), BillableService.PerAgent, null, "line-9", 10m, 14m, null!, "system", At);

        Assert.DoesNotContain(AlertRules.AmountField, (await DescribeAsync(proposed, CustomerState.Initial)).Keys);
    }

    [Theory]
    [InlineData(null, "10", true)]
    [InlineData(null, null, true)]
    [InlineData("50", "50.00", true)]
    [InlineData("50", "49.99", false)]
    [InlineData("50", null, false)]
    public void ADiscrepancyReachesAWebhookOnlyAtOrAboveItsThreshold(string? minimum, string? amount, bool passes)
    {
        var webhook = new Webhook("w1", "https://a.example", [AlertKinds.Discrepancy], minimum is null ? null : decimal.Parse(minimum), false, "sha256:1", At, null, null);
        var data = amount is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [AlertRules.AmountField] = amount };

        Assert.Equal(passes, AlertRules.PassesThreshold(webhook, AlertKinds.Discrepancy, data));
        Assert.True(AlertRules.PassesThreshold(webhook, AlertKinds.Drift, data));
    }

    [Fact]
    public void EveryRuleRaisesAKnownKindFromARegisteredEvent() =>
        Assert.All(AlertRules.All, rule =>
        {
            Assert.True(AlertKinds.IsKnown(rule.Kind));
            Assert.Matches(@"\.v[0-9]+$", rule.StoredName);
        });

    private static async Task<IReadOnlyDictionary<string, string>> DescribeAsync(CustomerEvent @event, CustomerState customer)
    {
        var recorded = new RecordedEvent(
            Guid.CreateVersion7(), "customer-t1.org-1", 3, 40, Domain.EventRegistry.StoredNameOf(@event), Array.Empty<byte>(), new EventMetadata("t1", "system", "c"), At, At, []);
        var rule = AlertRules.For(recorded.Type)!;
        return await rule.Describe(new AlertSourceEvent(recorded, @event, _ => Task.FromResult(customer)), CancellationToken.None);
    }
}
