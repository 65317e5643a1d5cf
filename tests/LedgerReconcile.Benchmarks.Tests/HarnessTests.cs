using System.Text.Json;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;

namespace LedgerReconcile.Benchmarks.Tests;

// Runs every workload of the harness at tiny size against every contender, so the benchmark cannot rot between the runs
// that the report quotes. It asserts that figures exist and are well-formed, never how fast anything is.
public class HarnessTests
{
    private static readonly string[] Throughput = ["throughput", "p50", "p99"];
    private static readonly string[] Latency = ["p50", "p99"];

    private static readonly (string Workload, string[] Stores, string[] Metrics)[] Expected =
    [
        .. WorkloadSizes.AppendWriters.Select(w => (WorkloadNames.Append(w), new[] { Contenders.Sqlite, Contenders.Postgres, Contenders.Marten, Contenders.MartenQuick, Contenders.SqliteRaw, Contenders.PostgresRaw }, Throughput)),
        (WorkloadNames.Batch100, [Contenders.Sqlite, Contenders.Postgres, Contenders.Marten, Contenders.MartenQuick, Contenders.SqliteRaw, Contenders.PostgresRaw, Contenders.PostgresRawCopy], Throughput),
        (WorkloadNames.Batch100Concurrent, [Contenders.Sqlite, Contenders.Postgres], Throughput),
        (WorkloadNames.ScanAll, [Contenders.Sqlite, Contenders.Postgres, Contenders.Marten, Contenders.SqliteRaw, Contenders.PostgresRaw], ["throughput"]),
        (WorkloadNames.LoadStream, [Contenders.Sqlite, Contenders.Postgres, Contenders.Marten, Contenders.SqliteRaw, Contenders.PostgresRaw], Latency),
        (WorkloadNames.PointInTime, [Contenders.Sqlite, Contenders.Postgres, Contenders.Marten], Latency),
        (WorkloadNames.Rebuild, [Contenders.Sqlite, Contenders.Postgres, Contenders.Marten], ["throughput", "elapsed"]),
        (WorkloadNames.Ingest, [Contenders.Sqlite, Contenders.Postgres], ["elapsed"]),
        (WorkloadNames.PsaRead, [Contenders.Sqlite], ["elapsed", "read-elapsed", "events", "proposals"]),
        (WorkloadNames.HttpBillable, [Contenders.Sqlite], Throughput),
        (WorkloadNames.HttpPointInTime, [Contenders.Sqlite], Throughput),
    ];

    [Fact]
    public async Task EveryWorkloadProducesFiguresForEveryContenderInOneJsonDocument()
    {
        var work = Path.Combine(Path.GetTempPath(), "ledger-bench-test-" + Guid.NewGuid().ToString("N"));
        var output = Path.Combine(work + "-out", "results.json");
        var log = new StringWriter();
        try
        {
            var report = await BenchmarkHarness.RunAsync(new HarnessOptions(WorkloadSizes.Tiny, HarnessOptions.AllFamilies, work), log);
            await report.WriteAsync(output);

            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            var root = document.RootElement;
            Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("commit").GetString()));
            var machine = root.GetProperty("machine");
            Assert.True(machine.GetProperty("cores").GetInt32() > 0);
            Assert.False(string.IsNullOrWhiteSpace(machine.GetProperty("os").GetString()));
            Assert.StartsWith(".NET", machine.GetProperty("dotnet").GetString());

            var figures = root.GetProperty("results").EnumerateArray().Select(r => new Measurement(
                r.GetProperty("workload").GetString()!,
                r.GetProperty("store").GetString()!,
                r.GetProperty("metric").GetString()!,
                r.GetProperty("value").GetDouble(),
                r.GetProperty("unit").GetString()!)).ToList();
            Assert.All(figures, f => Assert.False(string.IsNullOrWhiteSpace(f.Unit)));

            var missing = (
                from expected in Expected
                from store in expected.Stores
                from metric in expected.Metrics
                let figure = figures.FirstOrDefault(f => f.Workload == expected.Workload && f.Store == store && f.Metric == metric)
                where figure is null || !double.IsFinite(figure.Value) || figure.Value <= 0
                select $"{expected.Workload}/{store}/{metric}").ToList();
            Assert.True(missing.Count == 0, $"Missing or non-positive figures: {string.Join(", ", missing)}\n{log}");
        }
        catch (Exception error) when (error is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"The harness failed:\n{log}", error);
        }
        finally
        {
            try
            {
                Directory.Delete(work + "-out", recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
            }
        }
    }
}
