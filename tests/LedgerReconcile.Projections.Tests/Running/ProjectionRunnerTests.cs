using LedgerReconcile.Projections.ReadModels;
using LedgerReconcile.Projections.Running;
using LedgerReconcile.Projections.Storage;
using LedgerReconcile.Projections.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Projections.Tests.Support.ShoppingHistory;

namespace LedgerReconcile.Projections.Tests.Running;

public sealed class ProjectionRunnerTests
{
    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task RunnerBuildsTheReadModelFromHistoryAndThenFollowsLiveEvents(StoreKind kind)
    {
        await using var ledger = await TestLedger.CreateAsync(kind);
        var history = await AppendRandomAsync(ledger, seed: 1, count: 2_000);
        var projection = new ShoppingListProjection();
        using var runner = ledger.Runner(null, projection);
        await runner.StartAsync(CancellationToken.None);

        await ledger.WaitForCatchUpAsync(projection);
        await AssertReadModelMatchesAsync(ledger, history);

        history.AddRange(await AppendRandomAsync(ledger, seed: 2, count: 300));
        await ledger.WaitForCatchUpAsync(projection);
        await AssertReadModelMatchesAsync(ledger, history);
        Assert.Equal(RunnerRole.Running, runner.State.Get(projection.Name).Role);
        await runner.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task StatusReportsTheLagInEventsAndInTime(StoreKind kind)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero));
        await using var ledger = await TestLedger.CreateAsync(kind, time);
        var projection = new ShoppingListProjection();
        await AppendRandomAsync(ledger, seed: 3, count: 100);
        using (var runner = ledger.Runner(null, projection))
        {
            await runner.StartAsync(CancellationToken.None);
            await ledger.WaitForCatchUpAsync(projection);
            await runner.StopAsync(CancellationToken.None);
        }

        var caughtUp = (await ledger.Status(projection).ReadAsync()).Single();
        Assert.Equal((0L, TimeSpan.Zero), (caughtUp.LagEvents, caughtUp.LagTime));

        await AppendRandomAsync(ledger, seed: 4, count: 40);
        time.Advance(TimeSpan.FromMinutes(7));
        var behind = (await ledger.Status(projection).ReadAsync()).Single();

        Assert.Equal(40, behind.LagEvents);
        Assert.Equal(TimeSpan.FromMinutes(7), behind.LagTime);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task RunnerKilledMidRunResumesAndEndsIdenticalToACleanRebuild(StoreKind kind)
    {
        await using var ledger = await TestLedger.CreateAsync(kind);
        var history = await AppendRandomAsync(ledger, seed: 5, count: 12_000);
        var projection = new ShoppingListProjection();

        var first = ledger.Runner(TestLedger.FastOptions(batchSize: 100), projection);
        await first.StartAsync(CancellationToken.None);
        await WaitUntilAsync(async () => (await ledger.Database.ReadTableSetsAsync(projection.Name)).Any(s => s.Checkpoint > 1_000));
        first.Dispose();
        var interrupted = (await ledger.ActiveSetAsync(projection.Name)).Checkpoint;
        Assert.InRange(interrupted, 1, await ledger.Store.ReadHeadPositionAsync() - 1);

        history.AddRange(await AppendRandomAsync(ledger, seed: 6, count: 500));
        await using (var restartedProcess = await ledger.OpenSecondAsync())
        {
            using var second = restartedProcess.Runner(null, projection);
            await second.StartAsync(CancellationToken.None);
            await ledger.WaitForCatchUpAsync(projection);
            await second.StopAsync(CancellationToken.None);
        }

        await AssertReadModelMatchesAsync(ledger, history);
        var incremental = await ledger.ActiveSetAsync(projection.Name);
        var rebuilt = await new ProjectionRebuilder(ledger.Store, ledger.Database).RebuildAsync(projection);
        Assert.NotEqual(incremental.Name, rebuilt.Active.Name);
        (await ledger.DumpAsync(rebuilt.Active)).ShouldEqual(await ledger.DumpAsync(incremental));
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task AFailureInTheMiddleOfABatchAppliesNothingTwice(StoreKind kind)
    {
        await using var ledger = await TestLedger.CreateAsync(kind);
        var history = await AppendRandomAsync(ledger, seed: 7, count: 3_000);
        var projection = new ShoppingListProjection { FailOnce = e => e.Position == 1_234 };
        using var runner = ledger.Runner(TestLedger.FastOptions(batchSize: 1_000), projection);
        await runner.StartAsync(CancellationToken.None);

        await ledger.WaitForCatchUpAsync(projection);

        Assert.Null(projection.FailOnce);
        await AssertReadModelMatchesAsync(ledger, history);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task TwoLanesWritingOneTableSetStillApplyEveryEventExactlyOnce(StoreKind kind)
    {
        await using var ledger = await TestLedger.CreateAsync(kind);
        var history = await AppendRandomAsync(ledger, seed: 8, count: 4_000);
        await ledger.Database.InitializeAsync();
        var set = await ledger.Database.CreateTableSetAsync("shopping_lists", 1, TableSetState.Active);

        // No lease here: only the checkpoint compare-and-set stands between the two lanes.
        async Task RunLaneAsync(int batchSize)
        {
            var lane = new ProjectionLane(ledger.Store, ledger.Database, new ShoppingListProjection(), TestLedger.FastOptions(batchSize));
            while (true)
            {
                try
                {
                    await lane.RunAsync(set, stopWhenCaughtUp: true, null, CancellationToken.None);
                    return;
                }
                catch (TableSetConflictException)
                {
                }
            }
        }

        await Task.WhenAll(Task.Run(() => RunLaneAsync(97)), Task.Run(() => RunLaneAsync(131)));

        await AssertReadModelMatchesAsync(ledger, history);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task AStandbyRunnerTakesOverFromTheCheckpointWhenTheRunningOneDies(StoreKind kind)
    {
        await using var ledger = await TestLedger.CreateAsync(kind);
        await using var otherProcess = await ledger.OpenSecondAsync();
        var history = await AppendRandomAsync(ledger, seed: 9, count: 1_000);
        var projection = new ShoppingListProjection();
        var first = ledger.Runner(null, projection);
        using var second = otherProcess.Runner(null, projection);

        await first.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Task.FromResult(first.State.Get(projection.Name).Role == RunnerRole.Running));
        await second.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Task.FromResult(second.State.Get(projection.Name).Role == RunnerRole.Standby));
        await ledger.WaitForCatchUpAsync(projection);
        Assert.Equal(RunnerRole.Standby, second.State.Get(projection.Name).Role);

        first.Dispose();
        history.AddRange(await AppendRandomAsync(ledger, seed: 10, count: 700));
        await ledger.WaitForCatchUpAsync(projection);

        Assert.Equal(RunnerRole.Running, second.State.Get(projection.Name).Role);
        await AssertReadModelMatchesAsync(ledger, history);
        await second.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ARebuildSwapsInWhileTheOldVersionKeepsServing(StoreKind kind)
    {
        await using var ledger = await TestLedger.CreateAsync(kind);
        var history = await AppendRandomAsync(ledger, seed: 11, count: 6_000);
        var projection = new ShoppingListProjection();
        using var runner = ledger.Runner(null, projection);
        await runner.StartAsync(CancellationToken.None);
        await ledger.WaitForCatchUpAsync(projection);
        var before = await ledger.ActiveSetAsync(projection.Name);
        var servedDuringRebuild = new List<(string Set, int Lists)>();

        var progress = new InlineProgress<RebuildProgress>(_ =>
        {
            var active = ledger.Queries.ActiveSetAsync(projection.Name).GetAwaiter().GetResult()!;
            var lists = ledger.Queries.QueryAsync<ShoppingList>(projection.Name, new DocumentQuery("acme", ShoppingListProjection.Kind)).GetAwaiter().GetResult();
            servedDuringRebuild.Add((active.Name, lists.Count));
        });
        var rebuilt = await new ProjectionRebuilder(ledger.Store, ledger.Database, TestLedger.FastOptions(batchSize: 500))
            .RebuildAsync(projection, progress);

        Assert.True(servedDuringRebuild.Count > 3);
        Assert.All(servedDuringRebuild.SkipLast(1), s => Assert.Equal(before.Name, s.Set));
        Assert.All(servedDuringRebuild, s => Assert.True(s.Lists > 0));
        Assert.Equal(rebuilt.Active.Name, (await ledger.ActiveSetAsync(projection.Name)).Name);

        history.AddRange(await AppendRandomAsync(ledger, seed: 12, count: 200));
        await ledger.WaitForCatchUpAsync(projection);
        Assert.Equal(rebuilt.Active.Name, (await ledger.ActiveSetAsync(projection.Name)).Name);
        await AssertReadModelMatchesAsync(ledger, history);
        await runner.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData(StoreKind.Sqlite)]
    [InlineData(StoreKind.Postgres)]
    public async Task ANewProjectionVersionIsRebuiltAndSwappedInByTheRunner(StoreKind kind)
    {
        await using var ledger = await TestLedger.CreateAsync(kind);
        var history = await AppendRandomAsync(ledger, seed: 13, count: 1_500);
        using (var v1 = ledger.Runner(null, new ShoppingListProjection(1)))
        {
            await v1.StartAsync(CancellationToken.None);
            await ledger.WaitForCatchUpAsync(new ShoppingListProjection(1));
            await v1.StopAsync(CancellationToken.None);
        }

        var v2Projection = new ShoppingListProjection(2);
        using var v2 = ledger.Runner(null, v2Projection);
        await v2.StartAsync(CancellationToken.None);
        await WaitUntilAsync(async () => (await ledger.ActiveSetAsync(v2Projection.Name)).Version == 2);
        await ledger.WaitForCatchUpAsync(v2Projection);

        var lists = await ledger.Queries.QueryAsync<ShoppingList>(v2Projection.Name, new DocumentQuery("acme", ShoppingListProjection.Kind));
        Assert.NotEmpty(lists);
        Assert.All(lists, l => Assert.Equal((2, (decimal)l.Value.Items.Count), (l.Value.Version, l.Index.Rank!.Value)));
        await AssertReadModelMatchesAsync(ledger, history);
        await v2.StopAsync(CancellationToken.None);
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition was not met in time.");
            await Task.Delay(20);
        }
    }
}
