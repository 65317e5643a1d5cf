using LedgerReconcile.Benchmarks.Shared;

namespace LedgerReconcile.Benchmarks.Harness;

// What every workload of one run shares: sizes, a scratch folder, the PostgreSQL database, the log.
public sealed class BenchmarkContext(WorkloadSizes sizes, string workDirectory, string postgresConnectionString, TextWriter log)
{
    private readonly List<Measurement> _results = [];

    public WorkloadSizes Sizes { get; } = sizes;

    public string WorkDirectory { get; } = workDirectory;

    public string PostgresConnectionString { get; } = postgresConnectionString;

    public IReadOnlyList<Measurement> Results => _results;

    public void Add(Measurement measurement)
    {
        _results.Add(measurement);
        Log($"  {measurement.Workload,-22} {measurement.Store,-18} {measurement.Metric,-12} {measurement.Value,14:N2} {measurement.Unit}");
    }

    public void AddRange(IEnumerable<Measurement> measurements)
    {
        foreach (var m in measurements)
        {
            Add(m);
        }
    }

    public void AddLoop(string workload, string store, LoopResult loop, string throughputUnit = "events/s")
    {
        Add(new Measurement(workload, store, "throughput", loop.ItemsPerSecond, throughputUnit));
        AddRange(loop.Latencies.Summarise(workload, store));
    }

    public void Log(string line)
    {
        lock (log)
        {
            log.WriteLine($"[{DateTime.Now:HH:mm:ss}] {line}");
            log.Flush();
        }
    }

    public string SqlitePath(string name) => Path.Combine(WorkDirectory, name + ".db");
}
