using System.CommandLine;
using LedgerReconcile.Host.Cli.Demo;
using LedgerReconcile.Integrations;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger demo [--sqlite PATH | --postgres CONNECTION]</c>: loads the simulated MSP into the store, prints one API
/// key per role and exits. <c>serve --demo</c> does the same and keeps serving.
/// </summary>
public static class DemoVerb
{
    public static Command Create()
    {
        var command = new Command("demo", "Load the demo MSP into the store, print one API key per role, and exit.");
        var store = StoreOptions.AddTo(command);
        command.SetAction(async (parsed, ct) =>
        {
            await using var ledger = LedgerServices.Open(store.Configuration(parsed), configure: WithoutDattoRateLimit);
            await using var msp = await DemoMsp.StartAsync(ct);
            Console.WriteLine($"LedgerReconcile demo: loading tenant '{DemoMsp.Tenant}' into {ledger.Settings.Describe()}");
            var report = await msp.SeedAsync(ledger.Services, Console.Out, ct);
            PrintSummary(report);
            PrintKeys(report);
            Console.WriteLine("Run 'ledger serve' on the same store to use them.");
            return 0;
        });
        return command;
    }

    /// <summary>The demo's Datto partner is on loopback: no need for the 2 requests/s owed to the real API.</summary>
    public static void WithoutDattoRateLimit(IServiceCollection services) =>
        services.Configure<LedgerIntegrationOptions>(o => o.ConfigureDattoClient = d => d.RequestsPerSecond = 0);

    public static void PrintSummary(DemoReport report) =>
        Console.WriteLine(
            $"  {report.Customers} customers: {report.Mapped} mapped over {report.PsaSimulators.Count} PSAs, {report.Unmapped} left unmapped; " +
            $"{report.Proposed} changes proposed, {report.Approved} approved, {report.Rejected} rejected, {report.Written} written back to the PSA.");

    public static void PrintKeys(DemoReport report)
    {
        Console.WriteLine($"API keys for tenant {DemoMsp.Tenant} (shown once; the ledger keeps only their hashes):");
        Console.WriteLine($"  admin    {report.Keys.Admin}");
        Console.WriteLine($"  finance  {report.Keys.Finance}");
        Console.WriteLine($"  auditor  {report.Keys.Auditor}");
    }
}
