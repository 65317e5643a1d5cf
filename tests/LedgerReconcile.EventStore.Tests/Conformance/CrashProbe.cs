using System.Diagnostics;
using System.Text.Json;

namespace LedgerReconcile.EventStore.Tests.Conformance;

/// <summary>
/// Runs the crash probe (tests/LedgerReconcile.EventStore.CrashProbe) as a child process and kills it with SIGKILL
/// while it is appending. The probe is referenced by this project, so its build output sits beside the tests.
/// </summary>
internal static class CrashProbe
{
    private const string AssemblyName = "LedgerReconcile.EventStore.CrashProbe";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    /// <summary>Starts the probe, waits for some committed batches, kills it at a random moment, and returns the last batch count it reported.</summary>
    internal static async Task<int> RunUntilKilledAsync(string storeArgument, int batchSize, int minimumBatches)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProbeAssembly());
        start.ArgumentList.Add(storeArgument);
        start.ArgumentList.Add(batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture));

        using var process = Process.Start(start) ?? throw new InvalidOperationException("The crash probe did not start.");
        var reported = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = process.StandardError.ReadToEndAsync();
        var lines = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith("appended ", StringComparison.Ordinal))
                {
                    var count = int.Parse(line["appended ".Length..], System.Globalization.CultureInfo.InvariantCulture);
                    Volatile.Write(ref reported, count);
                    if (count >= minimumBatches)
                    {
                        enough.TrySetResult();
                    }
                }
            }

            enough.TrySetException(new InvalidOperationException("The crash probe stopped on its own."));
        });

        try
        {
            await enough.Task.WaitAsync(Patience);

            // Batches follow each other back to back, so a random moment is almost always inside one.
            await Task.Delay(Random.Shared.Next(0, 80));
        }
        catch (Exception failure) when (failure is TimeoutException or InvalidOperationException)
        {
            KillQuietly(process);
            throw new InvalidOperationException($"The crash probe did not commit {minimumBatches} batches: {await errors}", failure);
        }

        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
        await lines;
        return Volatile.Read(ref reported);
    }

    /// <summary>The batch number and index a probe event records in its data.</summary>
    internal static (int Batch, int Index) Describe(RecordedEvent recorded)
    {
        using var json = JsonDocument.Parse(recorded.Data);
        return (json.RootElement.GetProperty("batch").GetInt32(), json.RootElement.GetProperty("index").GetInt32());
    }

    private static string ProbeAssembly()
    {
        var path = Path.Combine(AppContext.BaseDirectory, AssemblyName + ".dll");
        return File.Exists(path) && File.Exists(Path.Combine(AppContext.BaseDirectory, AssemblyName + ".runtimeconfig.json"))
            ? path
            : throw new FileNotFoundException("The crash probe is not beside the tests; build the test project.", path);
    }

    private static string DotnetHost()
    {
        // The dotnet CLI tells child processes where it is; the test host itself may run under it.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host))
        {
            return host;
        }

        return Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }
}
