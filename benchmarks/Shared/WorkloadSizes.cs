namespace LedgerReconcile.Benchmarks.Shared;

// How big each workload is. `tiny` only proves the workloads still run (the test suite), `quick` finishes in
// minutes, `full` is the run the report quotes.
public sealed record WorkloadSizes(
    string Name,
    TimeSpan AppendWarmup,
    TimeSpan AppendDuration,
    int BulkEvents,
    int ScanRepetitions,
    int StreamDays,
    int StreamLoads,
    int PointInTimeQueries,
    int PartnerOrganizations)
{
    public static WorkloadSizes Tiny { get; } = new("tiny", TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(150), 2_000, 1, 40, 5, 10, 10) { HttpRequests = 50, HttpWarmup = 16, PsaCompanies = 10 };

    public static WorkloadSizes Quick { get; } = new("quick", TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2), 100_000, 1, 730, 100, 200, 500) { HttpRequests = 2_000, HttpWarmup = 200, PsaCompanies = 200 };

    public static WorkloadSizes Full { get; } = new("full", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), 1_000_000, 3, 730, 300, 1_000, 2_000) { HttpRequests = 10_000, HttpWarmup = 500, PsaCompanies = 2_000 };

    // Measured requests per endpoint of the http workload, and untimed warm-up requests before them.
    public int HttpRequests { get; init; }

    public int HttpWarmup { get; init; }

    // Mapped PSA companies of the psa-read workload (three mapped lines each).
    public int PsaCompanies { get; init; }

    // Concurrent loopback clients of the http workload.
    public const int HttpClients = 16;

    public static WorkloadSizes Parse(string name) => name switch
    {
        "tiny" => Tiny,
        "quick" => Quick,
        "full" => Full,
        _ => throw new ArgumentException($"Unknown size '{name}' (tiny, quick, full).", nameof(name)),
    };

    // Concurrent writers of the 1-event append workloads.
    public static IReadOnlyList<int> AppendWriters { get; } = [1, 16, 64];

    public const int BatchSize = 100;

    // Concurrent writers of 100-event batches: whether batches still share commits when several callers send them.
    public const int ConcurrentBatchWriters = 8;

    // Events appended per stream per append while loading the bulk data set.
    public const int BulkChunk = 10;

    // Events per stream of the bulk data set (scan and rebuild).
    public const int BulkEventsPerStream = 500;
}
