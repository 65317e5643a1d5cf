using System.Text.Json;
using System.Text.Json.Serialization;

namespace LedgerReconcile.Benchmarks.Shared;

// One figure of one workload on one contender, as the report's table holds it.
public sealed record Measurement(
    [property: JsonPropertyName("workload")] string Workload,
    [property: JsonPropertyName("store")] string Store,
    [property: JsonPropertyName("metric")] string Metric,
    [property: JsonPropertyName("value")] double Value,
    [property: JsonPropertyName("unit")] string Unit);

// The names every process of the harness agrees on.
public static class Contenders
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";
    public const string Marten = "marten";
    public const string MartenQuick = "marten-quick";
    public const string SqliteRaw = "sqlite-raw";
    public const string PostgresRaw = "postgres-raw";
    public const string PostgresRawCopy = "postgres-raw-copy";
}

public static class WorkloadNames
{
    public const string Append1 = "append-1";
    public const string Append16 = "append-16";
    public const string Append64 = "append-64";
    public const string Batch100 = "append-batch-100";
    public const string Batch100Concurrent = "append-batch-100x8";
    public const string ScanAll = "scan-all";
    public const string LoadStream = "load-two-year-stream";
    public const string PointInTime = "point-in-time";
    public const string PointInTimeCold = "point-in-time-cold";
    public const string Rebuild = "rebuild";
    public const string Ingest = "ingest-partner";
    public const string PsaRead = "psa-read";
    public const string MonthClose = "month-close";
    public const string HttpBillable = "http-billable";
    public const string HttpPointInTime = "http-point-in-time";

    public static string Append(int writers) => $"append-{writers}";
}

public static class BenchmarkJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };
}
