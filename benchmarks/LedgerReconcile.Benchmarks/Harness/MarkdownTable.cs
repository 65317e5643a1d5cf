using System.Globalization;
using System.Text;
using System.Text.Json;
using LedgerReconcile.Benchmarks.Shared;

namespace LedgerReconcile.Benchmarks.Harness;

// Turns a results file into the report's table: one row per workload and metric, one column per contender, and the ratios.
public static class MarkdownTable
{
    private static readonly string[] Columns =
    [
        Contenders.Sqlite, Contenders.Postgres, Contenders.Marten, Contenders.MartenQuick,
        Contenders.SqliteRaw, Contenders.PostgresRaw, Contenders.PostgresRawCopy,
    ];

    public static string FromFile(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var results = document.RootElement.GetProperty("results").Deserialize<List<Measurement>>(BenchmarkJson.Options) ?? [];
        return Render(results);
    }

    public static string Render(IReadOnlyList<Measurement> results)
    {
        var text = new StringBuilder();
        text.AppendLine("| workload | metric | " + string.Join(" | ", Columns) + " | sqlite / raw | postgres / raw | postgres / marten | sqlite / marten |");
        text.AppendLine("|---|---|" + string.Concat(Enumerable.Repeat("---:|", Columns.Length + 4)));
        foreach (var row in results.Where(r => r.Store != "dataset").GroupBy(r => (r.Workload, r.Metric)))
        {
            var byStore = row.GroupBy(r => r.Store).ToDictionary(g => g.Key, g => g.Last());
            if (!byStore.Keys.Any(Columns.Contains))
            {
                continue;
            }

            var unit = row.First().Unit;
            var lowerIsBetter = unit is "ms" or "s";
            string Cell(string store) => byStore.TryGetValue(store, out var m) ? Format(m.Value, unit) : "";
            string Ratio(string ours, string other)
            {
                if (!byStore.TryGetValue(ours, out var a) || !byStore.TryGetValue(other, out var b) || a.Value <= 0 || b.Value <= 0)
                {
                    return "";
                }

                // Always "how many times better ours is": >1 means ours is faster.
                var ratio = lowerIsBetter ? b.Value / a.Value : a.Value / b.Value;
                return ratio.ToString("0.00", CultureInfo.InvariantCulture) + "x";
            }

            var raw = byStore.ContainsKey(Contenders.PostgresRawCopy) && row.Key.Workload == WorkloadNames.Batch100 ? Contenders.PostgresRawCopy : Contenders.PostgresRaw;
            text.Append(CultureInfo.InvariantCulture, $"| {row.Key.Workload} | {row.Key.Metric} ({unit}) | ");
            text.Append(string.Join(" | ", Columns.Select(Cell)));
            text.AppendLine($" | {Ratio(Contenders.Sqlite, Contenders.SqliteRaw)} | {Ratio(Contenders.Postgres, raw)} | {Ratio(Contenders.Postgres, Contenders.Marten)} | {Ratio(Contenders.Sqlite, Contenders.Marten)} |");
        }

        return text.ToString();
    }

    private static string Format(double value, string unit) => unit switch
    {
        "ms" or "s" => value.ToString(value < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("#,0", CultureInfo.InvariantCulture),
    };
}
