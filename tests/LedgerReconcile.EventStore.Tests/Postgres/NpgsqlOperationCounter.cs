using System.Diagnostics.Metrics;

namespace LedgerReconcile.EventStore.Tests.Postgres;

/// <summary>
/// Counts the operations one data source sends to the server while it is alive, from Npgsql's
/// <c>db.client.operation.duration</c> metric: one per command or batch executed, that is one round trip each.
/// Other data sources of the process (tests running alongside) are told apart by their pool name, which Npgsql derives
/// from the connection string (database name, or Application Name in later versions): the counter's database must give
/// both its own unique name.
/// </summary>
internal sealed class NpgsqlOperationCounter : IDisposable
{
    private const string PoolNameTag = "db.client.connection.pool.name";

    private readonly MeterListener _listener = new();
    private readonly string _database;
    private int _count;

    public NpgsqlOperationCounter(string database)
    {
        _database = database;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Npgsql" && instrument.Name == "db.client.operation.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.Start();
    }

    public int Count => Volatile.Read(ref _count);

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, double duration, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == PoolNameTag && tag.Value is string poolName && poolName.Contains(_database, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
                return;
            }
        }
    }
}
