using System.Text;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.Testing;

namespace LedgerReconcile.EventStore.Tests.Postgres;

/// <summary>Fresh PostgreSQL stores and events for the PostgreSQL-specific tests.</summary>
internal static class PostgresTestStores
{
    public static async Task<string> FreshDatabaseAsync()
    {
        var cluster = await PostgresCluster.SharedAsync();
        return await cluster.CreateDatabaseAsync("store");
    }

    public static async Task<PostgresEventStore> OpenFreshAsync(TimeProvider? time = null) =>
        await PostgresEventStore.OpenAsync(new PostgresStoreOptions(await FreshDatabaseAsync()), time);

    public static EventData Event(string type = "test.happened.v1", string? json = null) => new(
        Guid.CreateVersion7(),
        type,
        Encoding.UTF8.GetBytes(json ?? """{"n":1}"""),
        new EventMetadata("tenant-1", "tester@example.com", "corr-1"),
        DateTimeOffset.UtcNow);
}

/// <summary>A clock a test sets by hand.</summary>
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
