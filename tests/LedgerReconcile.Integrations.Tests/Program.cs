using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.Tests.WriteBack;
using LedgerReconcile.Integrations.WriteBack;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Integrations.Tests;

/// <summary>
/// The test assembly doubles as the crash tests' child process: <c>dotnet LedgerReconcile.Integrations.Tests.dll
/// dispatch {ledger folder} {psa kind} {psa address}</c> runs one write-back pass on that ledger and PSA, so a test can
/// kill a real dispatcher process at a chosen moment. Built with the tests, so a clean clone has it.
/// </summary>
public static class Program
{
    public const string DispatchMode = "dispatch";

    public static async Task<int> Main(string[] args)
    {
        if (args is not [DispatchMode, var folder, var kind, var address])
        {
            await Console.Error.WriteLineAsync($"usage: {DispatchMode} <ledger folder> <psa kind> <psa address>");
            return 2;
        }

        var psa = Enum.Parse<PsaKind>(kind);
        // A long attempt timeout: the parent kills this process while the PSA is still holding the write's answer.
        await using var host = await IntegrationHost.StartOnSqliteAsync(
            folder,
            PsaBed.WriteOnTheSimulatorsDate,
            services => PsaBed.Register(services, psa, new Uri(address), TimeSpan.FromMinutes(2)),
            deleteOnDispose: false);
        Console.WriteLine("dispatching");
        var report = await host.Services.GetRequiredService<PsaWriteDispatcher>().DispatchPendingWritesAsync(IntegrationHost.Tenant);
        Console.WriteLine($"done: {string.Join(", ", report.Steps.Select(s => s.Action))}");
        return 0;
    }
}
