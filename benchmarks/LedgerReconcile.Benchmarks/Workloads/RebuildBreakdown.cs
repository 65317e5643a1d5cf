using System.Diagnostics;
using System.Text.Json;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Benchmarks.Workloads;

// Where a rebuild's time goes, measured rather than guessed: the same `$all` read (1) alone, (2) with every event
// deserialized, (3) applied by the billing projection into memory with the batch's JSON serialised as the runner does
// at each commit, but nothing written. What the full rebuild takes beyond (3) is the read-model database and the runner.
internal static class RebuildBreakdown
{
    public const string Workload = "rebuild-breakdown";
    private const int BatchSize = 5_000;

    public static async Task RunAsync(BenchmarkContext context, string contender, IEventStore store)
    {
        var clock = Stopwatch.StartNew();
        long count = 0;
        await foreach (var recorded in store.ReadAllAsync(0))
        {
            if (EventSerializer.Deserialize(recorded.Type, recorded.Data) is not null)
            {
                count++;
            }
        }

        context.Add(new Measurement(Workload, contender, "scan+deserialize", count / clock.Elapsed.TotalSeconds, "events/s"));

        var projection = new BillingProjection(store);
        var writer = new InMemoryWriter();
        var gc = GcWindow.Start();
        clock.Restart();
        count = 0;
        await foreach (var recorded in store.ReadAllAsync(0))
        {
            writer.Position = recorded.Position;
            await projection.ApplyAsync(recorded, writer, CancellationToken.None);
            if (++count % BatchSize == 0)
            {
                writer.SerializeBatch();
            }
        }

        writer.SerializeBatch();
        var elapsed = clock.Elapsed;
        context.Add(new Measurement(Workload, contender, "apply-in-memory", count / elapsed.TotalSeconds, "events/s"));
        context.AddRange(gc.Stop(Workload, contender, count, elapsed));
        context.Add(new Measurement(Workload, contender, "json-bytes-per-event", writer.JsonBytes / (double)Math.Max(1, count), "bytes"));
    }

    // Bytes allocated per event and the share of wall time spent in GC pauses over one measured phase.
    internal sealed class GcWindow
    {
        private long _allocated;
        private TimeSpan _paused;
        private int _gen2;

        public static GcWindow Start() => new()
        {
            _allocated = GC.GetTotalAllocatedBytes(precise: true),
            _paused = GC.GetTotalPauseDuration(),
            _gen2 = GC.CollectionCount(2),
        };

        public IEnumerable<Measurement> Stop(string workload, string contender, long events, TimeSpan elapsed)
        {
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocated;
            var paused = GC.GetTotalPauseDuration() - _paused;
            yield return new Measurement(workload, contender, "allocated-per-event", allocated / (double)Math.Max(1, events), "bytes");
            yield return new Measurement(workload, contender, "gc-pause-share", 100 * paused / elapsed, "%");
            yield return new Measurement(workload, contender, "gen2-collections", GC.CollectionCount(2) - _gen2, "count");
        }
    }

    // Keeps documents as objects and serialises each batch's final documents and history rows, like the runner's session.
    private sealed class InMemoryWriter : IReadModelWriter
    {
        private readonly Dictionary<DocumentKey, (object? Value, Type Type)> _documents = [];
        private readonly HashSet<DocumentKey> _dirty = [];
        private readonly List<(object Entry, Type Type)> _history = [];

        public long Position { get; set; }

        public long JsonBytes { get; private set; }

        public ValueTask<T?> GetAsync<T>(DocumentKey key, CancellationToken cancellationToken = default)
            where T : class =>
            ValueTask.FromResult(_documents.TryGetValue(key, out var found) ? (T?)found.Value : null);

        public void Put<T>(DocumentKey key, T document, DocumentIndex? index = null)
            where T : class
        {
            _documents[key] = (document, typeof(T));
            _dirty.Add(key);
        }

        public void Delete(DocumentKey key)
        {
            _documents[key] = (null, typeof(object));
            _dirty.Add(key);
        }

        public void Append<T>(DocumentKey key, T entry)
            where T : class => _history.Add((entry, typeof(T)));

        public void SerializeBatch()
        {
            foreach (var key in _dirty)
            {
                var (value, type) = _documents[key];
                if (value is not null)
                {
                    JsonBytes += JsonSerializer.SerializeToUtf8Bytes(value, type, ReadModelJson.Options).Length;
                }
            }

            foreach (var (entry, type) in _history)
            {
                JsonBytes += JsonSerializer.SerializeToUtf8Bytes(entry, type, ReadModelJson.Options).Length;
            }

            _dirty.Clear();
            _history.Clear();
        }
    }
}
