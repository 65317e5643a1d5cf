using System.Text.Json;
using LedgerReconcile.Benchmarks.Marten;
using LedgerReconcile.Benchmarks.Shared;

// Started by the harness: dotnet LedgerReconcile.Benchmarks.Marten.dll --connection CS --size quick --out FILE --workloads append,stream,bulk,rebuild
string? connection = null, output = null;
var sizes = WorkloadSizes.Quick;
var workloads = new HashSet<string>(["append", "stream", "bulk", "rebuild"]);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--connection": connection = args[++i]; break;
        case "--size": sizes = WorkloadSizes.Parse(args[++i]); break;
        case "--out": output = args[++i]; break;
        case "--workloads": workloads = new HashSet<string>(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries)); break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'.");
            return 2;
    }
}

if (connection is null || output is null)
{
    Console.Error.WriteLine("Usage: --connection CS --out FILE [--size tiny|quick|full] [--workloads append,stream,bulk,rebuild]");
    return 2;
}

var results = new List<Measurement>();
// Figures go to the JSON file only; the harness logs them as it reads them.
var runner = new MartenWorkloads(connection, sizes, results.Add);

if (workloads.Contains("append"))
{
    await runner.AppendAsync();
}

if (workloads.Contains("stream"))
{
    await runner.StreamAsync();
}

if (workloads.Contains("bulk") || workloads.Contains("rebuild"))
{
    await runner.BulkAsync(workloads.Contains("rebuild"));
}

await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, BenchmarkJson.Options));
return 0;
