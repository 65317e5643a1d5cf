using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.Projections.Running;
using LedgerReconcile.Projections.Tests.Support;
using Npgsql;
using static LedgerReconcile.Projections.Tests.Running.ProjectionRunnerTests;
using static LedgerReconcile.Projections.Tests.Support.ShoppingHistory;

namespace LedgerReconcile.Projections.Tests.Running;

public sealed class PostgresLeaseTests
{
    [Fact]
    public async Task WhenTheRunningProcessLosesItsDatabaseSessionAnotherTakesOverWithoutDoubleApplying()
    {
        await using var ledger = await TestLedger.CreateAsync(StoreKind.Postgres);
        await using var otherProcess = await ledger.OpenSecondAsync();
        var history = await AppendRandomAsync(ledger, seed: 21, count: 800);
        var projection = new ShoppingListProjection();
        using var first = ledger.Runner(null, projection);
        using var second = otherProcess.Runner(null, projection);
        await first.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Task.FromResult(first.State.Get(projection.Name).Role == RunnerRole.Running));
        await second.StartAsync(CancellationToken.None);
        await ledger.WaitForCatchUpAsync(projection);
        Assert.Equal(RunnerRole.Standby, second.State.Get(projection.Name).Role);

        // As when the first host's network drops: the server ends its sessions, and with them the advisory lock.
        var dataSource = ((PostgresEventStore)ledger.Store).DataSource;
        await using (var admin = await dataSource.OpenConnectionAsync())
        {
            await using var terminate = new NpgsqlCommand("""
                SELECT count(pg_terminate_backend(pid)) FROM pg_locks
                WHERE locktype = 'advisory' AND granted AND pid <> pg_backend_pid()
                  AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
                """, admin);
            Assert.Equal(1L, await terminate.ExecuteScalarAsync());
        }

        history.AddRange(await AppendRandomAsync(ledger, seed: 22, count: 600));
        await WaitUntilAsync(() => Task.FromResult(second.State.Get(projection.Name).Role == RunnerRole.Running));
        await ledger.WaitForCatchUpAsync(projection);

        // The first notices within its watchdog interval that its session is gone and stands by; until then the
        // checkpoint compare-and-set keeps the two from applying anything twice.
        await WaitUntilAsync(() => Task.FromResult(first.State.Get(projection.Name).Role != RunnerRole.Running), TimeSpan.FromSeconds(15));
        await AssertReadModelMatchesAsync(ledger, history);
    }
}
