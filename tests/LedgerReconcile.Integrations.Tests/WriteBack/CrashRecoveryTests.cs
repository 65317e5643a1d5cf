using System.Diagnostics;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Simulators.Psa;
using Microsoft.Extensions.DependencyInjection;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Integrations.Tests.WriteBack;

public sealed class CrashRecoveryTests
{
    public static TheoryData<PsaKind> Psas => [PsaKind.ConnectWise, PsaKind.Autotask, PsaKind.HaloPsa, PsaKind.Syncro];

    [Theory]
    [MemberData(nameof(Psas))]
    public async Task ADispatcherKilledBetweenRequestedAndConfirmedIsRecoveredWithExactlyOneWrite(PsaKind kind)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ledger-crash-tests", Guid.CreateVersion7().ToString("N"));
        await using var psa = await PsaBed.StartAsync(kind);
        await using (var setUp = await IntegrationHost.StartOnSqliteAsync(folder, PsaBed.WriteOnTheSimulatorsDate, deleteOnDispose: false))
        {
            await psa.ProposeAsync(setUp);
        }

        // The PSA applies the write, then holds its answer: the child has recorded "requested" and waits for "applied".
        psa.Simulator.Faults.OnNextWrites(new SimulatedFault.Hang(TimeSpan.FromMinutes(2)));
        var output = new System.Text.StringBuilder();
        using var child = StartChild(folder, kind, psa.Address, output);
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (psa.AppliedWrites == 0)
            {
                Assert.False(child.HasExited, $"The child exited early: {output}");
                Assert.True(DateTime.UtcNow < deadline, $"The child never sent its write: {output}");
                await Task.Delay(20);
            }

            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill(entireProcessTree: true);
            }
        }

        await using var recovered = await IntegrationHost.StartOnSqliteAsync(
            folder,
            PsaBed.WriteOnTheSimulatorsDate,
            services => PsaBed.Register(services, kind, psa.Address, TimeSpan.FromSeconds(10)));
        var beforeRecovery = await PsaBed.LedgerAsync(recovered);
        Assert.Single(beforeRecovery.OfType<PsaWriteRequested>());
        Assert.Empty(beforeRecovery.OfType<PsaWriteConfirmed>());

        var report = await recovered.Services.GetRequiredService<PsaWriteDispatcher>().DispatchPendingWritesAsync(IntegrationHost.Tenant);

        Assert.Equal(WriteBackAction.ResolvedApplied, Assert.Single(report.Steps).Action);
        Assert.Equal((1, 1, 15m), (psa.AppliedWrites, psa.WritesReceived, psa.Quantity));
        var ledger = await PsaBed.LedgerAsync(recovered);
        var requested = Assert.Single(ledger.OfType<PsaWriteRequested>());
        Assert.Equal(requested.WriteId, Assert.Single(ledger.OfType<PsaWriteConfirmed>()).WriteId);
        Assert.Empty(ledger.OfType<PsaWriteFailed>());
    }

    private static Process StartChild(string folder, PsaKind kind, Uri address, System.Text.StringBuilder output)
    {
        var host = Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", typeof(Program).Assembly.Location, Program.DispatchMode, folder, kind.ToString(), address.ToString() })
        {
            start.ArgumentList.Add(argument);
        }

        var child = Process.Start(start) ?? throw new InvalidOperationException("The dispatcher child did not start.");
        child.OutputDataReceived += (_, e) => Append(output, e.Data);
        child.ErrorDataReceived += (_, e) => Append(output, e.Data);
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    private static void Append(System.Text.StringBuilder output, string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
