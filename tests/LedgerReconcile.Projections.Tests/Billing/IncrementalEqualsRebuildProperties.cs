using FsCheck;
using FsCheck.Xunit;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.Running;
using LedgerReconcile.Projections.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace LedgerReconcile.Projections.Tests.Billing;

public sealed class IncrementalEqualsRebuildProperties
{
    [Property(MaxTest = 10)]
    public async Task OnSqliteIncrementalAndRebuiltReadModelsAreIdenticalForAnyHistory(PositiveInt seed) =>
        await AssertIncrementalEqualsRebuildAsync(StoreKind.Sqlite, seed.Get, events: 160);

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task OnPostgresIncrementalAndRebuiltReadModelsAreIdenticalForAnyHistory(int seed) =>
        await AssertIncrementalEqualsRebuildAsync(StoreKind.Postgres, seed, events: 160);

    /// <summary>
    /// Appends the history in random chunks while the runner follows it with random batch sizes, killing and restarting
    /// the runner now and then; the read model must end identical, row for row, to a rebuild from position 0.
    /// </summary>
    private static async Task AssertIncrementalEqualsRebuildAsync(StoreKind kind, int seed, int events)
    {
        var random = new Random(seed);
        var clock = new FakeTimeProvider(BillingScenario.At(10, 1));
        await using var ledger = await TestLedger.CreateAsync(kind, clock);
        var scenario = new BillingScenario(ledger, clock);
        var projection = new BillingProjection(ledger.Store);
        ProjectionHostedService StartRunner()
        {
            var runner = ledger.Runner(TestLedger.FastOptions(batchSize: random.Next(1, 40)), projection);
            runner.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
            return runner;
        }

        var runner = StartRunner();
        var steps = RandomLedger.Generate(seed, events);
        var next = 0;
        while (next < steps.Count)
        {
            foreach (var step in steps.Skip(next).Take(random.Next(1, 25)))
            {
                _ = step switch
                {
                    RandomLedger.CustomerStep c => await scenario.RecordAsync(c.CustomerKey, c.Event, c.RecordedAt, c.Actor),
                    RandomLedger.TenantStep t => await scenario.RecordTenantAsync(t.Event, t.RecordedAt, t.Actor),
                    _ => throw new InvalidOperationException(),
                };
                next++;
            }

            switch (random.Next(6))
            {
                case 0:
                    await ledger.WaitForCatchUpAsync(projection);
                    break;
                case 1:
                    runner.Dispose();
                    runner = StartRunner();
                    break;
            }
        }

        await ledger.WaitForCatchUpAsync(projection);
        await runner.StopAsync(CancellationToken.None);
        runner.Dispose();
        var incremental = await ledger.ActiveSetAsync(projection.Name);
        var rebuilt = await new ProjectionRebuilder(ledger.Store, ledger.Database).RebuildAsync(new BillingProjection(ledger.Store));

        var incrementalRows = await ledger.DumpAsync(incremental);
        Assert.NotEmpty(incrementalRows.Documents);
        Assert.True(incrementalRows.History.Count >= steps.Count(s => s is RandomLedger.CustomerStep));
        (await ledger.DumpAsync(rebuilt.Active)).ShouldEqual(incrementalRows);
    }
}
