using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using LedgerReconcile.Benchmarks.Harness;
using LedgerReconcile.Benchmarks.Shared;

namespace LedgerReconcile.Benchmarks.Workloads;

// Runs the Marten contender in its own process (Marten needs Npgsql 9, our store Npgsql 10) against its own database on
// the same cluster, and takes its figures from the JSON file it writes.
internal static class MartenProcess
{
    public static string RunnerPath =>
        typeof(MartenProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "MartenRunner").Value!;

    public static async Task RunAsync(BenchmarkContext context, string connectionString, IReadOnlySet<string> workloads)
    {
        var runner = RunnerPath;
        if (!File.Exists(runner))
        {
            throw new FileNotFoundException($"The Marten runner is not built at {runner}; build benchmarks/LedgerReconcile.Benchmarks.Marten.", runner);
        }

        var output = Path.Combine(context.WorkDirectory, "marten-results.json");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { runner, "--connection", connectionString, "--size", context.Sizes.Name, "--out", output, "--workloads", string.Join(',', workloads) })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the Marten runner.");
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                context.Log("  marten| " + line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                context.Log("  marten! " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"The Marten runner exited with {process.ExitCode}; see its lines above.");
        }

        var measurements = JsonSerializer.Deserialize<List<Measurement>>(await File.ReadAllBytesAsync(output), BenchmarkJson.Options)
            ?? throw new InvalidDataException("The Marten runner wrote no results.");
        foreach (var m in measurements)
        {
            context.Add(m);
        }
    }
}
