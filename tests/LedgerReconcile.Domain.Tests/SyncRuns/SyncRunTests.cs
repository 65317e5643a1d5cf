using LedgerReconcile.Domain.SyncRuns;
using static LedgerReconcile.Domain.SyncRuns.SyncRunCommand;
using static LedgerReconcile.Domain.SyncRuns.SyncRunEvent;

namespace LedgerReconcile.Domain.Tests.SyncRuns;

public class SyncRunTests
{
    private static readonly SyncRunStarted Started = new("run-1", "datto", "schedule", Sample.Sync, Sample.Now);
    private static readonly SyncRunCounts Counts = new(2, 5, 30, 12, 1, 1, 0);

    private static DeciderSpec<SyncRunCommand, SyncRunEvent, SyncRunState> Spec() => new(SyncRunDecider.Decide, SyncRunState.Evolve, SyncRunState.Initial);

    [Fact]
    public void RecordsWhoStartedARunAndWhy() =>
        Spec().When(new StartSyncRun("run-1", "datto", "schedule", Sample.Sync, Sample.Now)).Then(Started);

    [Fact]
    public void StartingTheSameRunTwiceChangesNothing() =>
        Spec().Given(Started).When(new StartSyncRun("run-1", "datto", "schedule", Sample.Sync, Sample.Now)).ThenNothing();

    [Fact]
    public void ACompletedRunCarriesItsCountsWarningsAndDuration()
    {
        var warning = new SyncRunWarning("AssetsUnavailable", "SIRIS1", "503");
        var end = Sample.Now.AddSeconds(42);

        Spec()
            .Given(Started)
            .When(new CompleteSyncRun("run-1", Counts, [warning], TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), Sample.Sync, end))
            .Then(new SyncRunCompleted("run-1", Counts, [warning], 1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(42), Sample.Sync, end));
    }

    [Fact]
    public void ARunListsAtMostAFixedNumberOfWarningsButCountsThemAll()
    {
        var warnings = Enumerable.Range(0, SyncRunDecider.MaxListedWarnings + 5).Select(i => new SyncRunWarning("Other", $"s{i}", "x")).ToList();

        var completed = Assert.IsType<SyncRunCompleted>(Assert.Single(Spec()
            .Given(Started)
            .When(new CompleteSyncRun("run-1", Counts, warnings, TimeSpan.Zero, TimeSpan.Zero, Sample.Sync, Sample.Now))
            .Decide()));

        Assert.Equal(SyncRunDecider.MaxListedWarnings, completed.Warnings.Count);
        Assert.Equal(SyncRunDecider.MaxListedWarnings + 5, completed.WarningCount);
    }

    [Fact]
    public void AFailedRunSaysWhy() =>
        Spec()
            .Given(Started)
            .When(new FailSyncRun("run-1", "401: wrong key pair", Sample.Sync, Sample.Now.AddSeconds(1)))
            .Then(new SyncRunFailed("run-1", "401: wrong key pair", TimeSpan.FromSeconds(1), Sample.Sync, Sample.Now.AddSeconds(1)));

    [Fact]
    public void CantEndARunThatNeverStarted() =>
        Spec().When(new FailSyncRun("run-9", "x", Sample.Sync, Sample.Now)).ThenViolates("sync_run.unknown");

    [Fact]
    public void ARunEndsOnce() =>
        Spec()
            .Given(Started, new SyncRunFailed("run-1", "x", TimeSpan.Zero, Sample.Sync, Sample.Now))
            .When(new CompleteSyncRun("run-1", Counts, [], TimeSpan.Zero, TimeSpan.Zero, Sample.Sync, Sample.Now))
            .ThenViolates("sync_run.already_ended");

    [Fact]
    public void EndingARunTheSameWayAgainChangesNothing() =>
        Spec()
            .Given(Started, new SyncRunFailed("run-1", "x", TimeSpan.Zero, Sample.Sync, Sample.Now))
            .When(new FailSyncRun("run-1", "x", Sample.Sync, Sample.Now))
            .ThenNothing();

    [Fact]
    public void SyncRunEventsHaveVersionedStoredNames()
    {
        foreach (var type in typeof(SyncRunEvent).GetNestedTypes().Where(t => t.IsSubclassOf(typeof(SyncRunEvent))))
        {
            Assert.Matches(@"^syncrun\.[a-z_]+\.v[0-9]+$", EventRegistry.StoredNameOf(type));
        }
    }
}
