using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.Customers.CustomerEvent;
using static LedgerReconcile.Projections.Tests.Support.BillingScenario;

namespace LedgerReconcile.Projections.Tests.Billing;

/// <summary>A SaaS seat line with a committed minimum bills max(minimum, usage), and explain says which one decided.</summary>
public sealed class CommittedMinimumTests
{
    private const string Customer = "org-301";
    private static readonly ServiceLine Seats = new(BillableService.SaasSeats);

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task SeatsBelowTheCommittedMinimumBillTheMinimumAndExplainSaysSo(StoreKind kind)
    {
        var clock = new FakeTimeProvider(At(11, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        var committed = UnitRule.Each with { Minimum = 10m };
        await scenario.RecordAsync(Customer, new AccountMapped(301, "Northwind", PsaKind.HaloPsa, "h-301", "Northwind", "agr-301", At(11, 1), "bob@msp.example", At(11, 1)), At(11, 1));
        await scenario.RecordAsync(Customer, new ServiceMapped(BillableService.SaasSeats, null, "line-seats", committed.ToTerms(), new Money(4m, "USD"), At(11, 1), "bob@msp.example", At(11, 1)), At(11, 1));
        await scenario.RecordAsync(Customer, Snapshot("s-1102", At(11, 2), 301, "Northwind", Domain(seatsUsed: 12)), At(11, 2));
        await scenario.RecordAsync(Customer, Snapshot("s-1104", At(11, 4), 301, "Northwind", Domain(seatsUsed: 7)), At(11, 4));
        var timeTravel = new BillingTimeTravel(ledger.Store, clock);

        var above = await timeTravel.ExplainAsync("acme", Customer, Seats, At(11, 1, 12), At(11, 3));
        var below = await timeTravel.ExplainAsync("acme", Customer, Seats, At(11, 3), At(11, 5));

        Assert.Equal(12m, above.QuantityTo);
        Assert.Equal("usage of 12 seats is at or above the committed minimum of 10 seats", above.MinimumNote);
        Assert.Equal((12m, 10m), (below.QuantityFrom, below.QuantityTo));
        Assert.Equal("billed at the committed minimum of 10 seats; usage was 7", below.MinimumNote);
        Assert.EndsWith("(billed at the committed minimum of 10 seats; usage was 7)", below.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ALineWithoutAMinimumHasNoMinimumNoteAndBillsUsage()
    {
        Assert.Equal(7m, UnitRule.Each.Quantity(7m));
        Assert.Equal(7m, (UnitRule.Each with { Minimum = 10m }).UsageQuantity(7m));
        Assert.Equal(10m, (UnitRule.Each with { Minimum = 10m }).Quantity(7m));
    }

    private static SaasDomainUsage Domain(int seatsUsed) => new(9001, "northwind.example", "Office365", seatsUsed, null);
}
