using BenchmarkDotNet.Running;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Micro;
using LedgerReconcile.Benchmarks.Shared;

// dotnet run -c Release --project benchmarks/LedgerReconcile.Benchmarks -- [--quick] [--out FILE] [--only append,stream,bulk,rebuild,ingest,psa,close,marten,http]
//   --micro [BenchmarkDotNet arguments]: the BenchmarkDotNet micro-benchmarks of the per-event costs instead.
//   --markdown FILE: prints the report's table (with ratios) for a results file.
if (args.Length > 0 && args[0] == "--micro")
{
    BenchmarkSwitcher.FromAssembly(typeof(EventCodecBenchmarks).Assembly).Run(args[1..]);
    return 0;
}

if (args.Length == 2 && args[0] == "--markdown")
{
    Console.Write(MarkdownTable.FromFile(args[1]));
    return 0;
}

var sizes = WorkloadSizes.Full;
var output = "benchmark-results.json";
var families = new HashSet<string>(HarnessOptions.AllFamilies);
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--quick":
            sizes = WorkloadSizes.Quick;
            break;
        case "--size":
            sizes = WorkloadSizes.Parse(args[++i]);
            break;
        case "--out":
            output = args[++i];
            break;
        case "--only":
            families = new HashSet<string>(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            break;
        default:
            Console.Error.WriteLine($"Unknown argument '{args[i]}'. Usage: [--quick | --size tiny|quick|full] [--out FILE] [--only append,stream,bulk,rebuild,ingest,psa,close,marten,http] | --micro ...");
            return 2;
    }
}

var work = Path.Combine(Path.GetTempPath(), "ledger-bench-" + Guid.NewGuid().ToString("N"));
var report = await BenchmarkHarness.RunAsync(new HarnessOptions(sizes, families, work), Console.Out);
await report.WriteAsync(output);
Console.WriteLine($"Wrote {report.Results.Count} figures to {Path.GetFullPath(output)}");
return 0;
