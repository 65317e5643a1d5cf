using System.Globalization;
using System.Text;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;

// Appends batches until it is killed, printing "appended <n>" once the n-th batch is committed. The crash test kills
// it mid-batch and checks that every batch is whole or absent. Each run writes its own stream, so runs never collide.
if (args.Length != 2 || !int.TryParse(args[1], CultureInfo.InvariantCulture, out var batchSize) || batchSize < 1)
{
    Console.Error.WriteLine("usage: CrashProbe sqlite:<path>|postgres:<connection string> <batchSize>");
    return 2;
}

var store = await OpenAsync(args[0]);
var run = Guid.CreateVersion7();
var stream = $"crash-{run:N}";
var padding = new string('x', 900);
var metadata = new EventMetadata("crash-probe", "crash-probe", run.ToString());

for (long batch = 0; ; batch++)
{
    var events = new EventData[batchSize];
    for (var index = 0; index < batchSize; index++)
    {
        var json = $$"""{"run":"{{run}}","batch":{{batch}},"index":{{index}},"size":{{batchSize}},"padding":"{{padding}}"}""";
        events[index] = new EventData(Guid.CreateVersion7(), "crash_probe.appended.v1", Encoding.UTF8.GetBytes(json), metadata, DateTimeOffset.UtcNow);
    }

    var expected = batch == 0 ? ExpectedRevision.NoStream : ExpectedRevision.Exact((batch * batchSize) - 1);
    await store.AppendToStreamAsync(stream, expected, events);
    Console.WriteLine($"appended {batch + 1}");
}

static async Task<IEventStore> OpenAsync(string argument)
{
    const string sqlite = "sqlite:";
    const string postgres = "postgres:";
    if (argument.StartsWith(sqlite, StringComparison.Ordinal))
    {
        return await SqliteEventStore.OpenAsync(new SqliteStoreOptions(argument[sqlite.Length..]));
    }

    if (argument.StartsWith(postgres, StringComparison.Ordinal))
    {
        return await PostgresEventStore.OpenAsync(new PostgresStoreOptions(argument[postgres.Length..]));
    }

    throw new ArgumentException($"Unknown store '{argument}': expected sqlite:<path> or postgres:<connection string>.", nameof(argument));
}
