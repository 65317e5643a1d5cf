using System.Text.Json;
using System.Text.Json.Serialization;
using LedgerReconcile.Benchmarks.Shared;
using LedgerReconcile.Benchmarks.Workloads;
using LedgerReconcile.Testing;
using Npgsql;

namespace LedgerReconcile.Benchmarks.Harness;

// Sizes: How big the workloads are.
// Workloads: Which workload families to run: append, stream, bulk, rebuild, ingest, psa, close, marten, http.
// WorkDirectory: Scratch folder for SQLite files (deleted afterwards).
public sealed record HarnessOptions(WorkloadSizes Sizes, IReadOnlySet<string> Workloads, string WorkDirectory)
{
    public static IReadOnlySet<string> AllFamilies { get; } = new HashSet<string> { "append", "stream", "bulk", "rebuild", "ingest", "psa", "close", "marten", "http" };
}

// The JSON document one run writes.
public sealed record BenchmarkReport(
    [property: JsonPropertyName("size")] string Size,
    [property: JsonPropertyName("commit")] string Commit,
    [property: JsonPropertyName("startedAt")] DateTimeOffset StartedAt,
    [property: JsonPropertyName("elapsedSeconds")] double ElapsedSeconds,
    [property: JsonPropertyName("machine")] MachineInfo Machine,
    [property: JsonPropertyName("results")] IReadOnlyList<Measurement> Results)
{
    public async Task WriteAsync(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, BenchmarkJson.Options));
    }
}

// Runs every workload on every contender, one after the other, on one private PostgreSQL cluster and local SQLite files.
public static class BenchmarkHarness
{
    public static async Task<BenchmarkReport> RunAsync(HarnessOptions options, TextWriter log)
    {
        var started = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Directory.CreateDirectory(options.WorkDirectory);
        var cluster = await PostgresCluster.SharedAsync();
        var ours = await cluster.CreateDatabaseAsync("bench_ours");
        var marten = await cluster.CreateDatabaseAsync("bench_marten");
        var context = new BenchmarkContext(options.Sizes, options.WorkDirectory, ours, log);
        var machine = MachineInfo.Describe(await PostgresVersionAsync(ours));
        context.Log($"size {options.Sizes.Name}; load average {machine.LoadAverageAtStart}; {machine.Cores} cores; {machine.Postgres}");
        var run = options.Workloads;

        try
        {
            if (run.Contains("append"))
            {
                context.Log("append: 1-event appends from 1/16/64 writers, 100-event batches");
                await AppendWorkloads.RunAsync(context);
            }

            if (run.Contains("stream"))
            {
                context.Log("stream: two-year customer stream, load and point-in-time");
                var history = LedgerDataset.TwoYearStream(options.Sizes.StreamDays);
                await StreamWorkloads.RunAsync(context, history, LedgerDataset.AsOfQueries(history, options.Sizes.PointInTimeQueries));
            }

            if (run.Contains("bulk") || run.Contains("rebuild"))
            {
                context.Log($"bulk: generating {options.Sizes.BulkEvents:N0} events");
                var streams = LedgerDataset.BulkStreams(options.Sizes.BulkEvents);
                context.Log($"bulk: load, $all scan{(run.Contains("rebuild") ? ", rebuild" : "")}");
                await BulkWorkloads.RunAsync(context, streams, run.Contains("rebuild"));
            }

            if (run.Contains("ingest"))
            {
                context.Log("ingest: simulated partner through IngestUsageSnapshot until projections caught up");
                await IngestWorkload.RunAsync(context);
            }

            if (run.Contains("psa"))
            {
                context.Log($"psa: PSA read of {options.Sizes.PsaCompanies:N0} mapped companies from the ConnectWise simulator (limits off), then the proposals pass");
                await PsaReadWorkload.RunAsync(context);
            }

            if (run.Contains("close"))
            {
                context.Log($"close: month-end close of {options.Sizes.PsaCompanies:N0} customers with 4 mapped lines each, on both stores");
                await MonthCloseWorkload.RunAsync(context);
            }

            if (run.Contains("http"))
            {
                context.Log($"http: `ledger serve --demo` as a child process, {WorkloadSizes.HttpClients} loopback clients, {options.Sizes.HttpRequests:N0} requests per endpoint");
                await HttpWorkload.RunAsync(context);
            }

            if (run.Contains("marten"))
            {
                context.Log("marten: same workloads in the Marten runner process");
                GC.Collect();
                string[] martenFamilies = ["append", "stream", "bulk", "rebuild"];
                var chosen = martenFamilies.Where(run.Contains).ToHashSet();
                await MartenProcess.RunAsync(context, marten, chosen.Count > 0 ? chosen : martenFamilies.ToHashSet());
            }
        }
        finally
        {
            await cluster.DropDatabaseAsync(ours);
            await cluster.DropDatabaseAsync(marten);
            NpgsqlConnection.ClearAllPools();
            try
            {
                Directory.Delete(options.WorkDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        machine = machine with { LoadAverageAtEnd = MachineInfo.LoadAverage() };
        context.Log($"done in {clock.Elapsed.TotalSeconds:N0} s; load average {machine.LoadAverageAtEnd}");
        return new BenchmarkReport(options.Sizes.Name, MachineInfo.GitCommit(RepositoryRoot()), started, clock.Elapsed.TotalSeconds, machine, context.Results);
    }

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "LedgerReconcile.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? Environment.CurrentDirectory;
    }

    private static async Task<string?> PostgresVersionAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return "PostgreSQL " + await command.ExecuteScalarAsync();
    }
}
