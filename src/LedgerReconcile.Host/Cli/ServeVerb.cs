using LedgerReconcile.Host.Cli.Demo;
using LedgerReconcile.Host.Hosting;
using LedgerReconcile.Integrations;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger serve [--sqlite PATH | --postgres CONNECTION] [--urls URL] [--demo]</c>: the API. With <c>--demo</c>, a
/// simulated MSP is loaded first and the Swagger URL and one key per role are printed.
/// </summary>
public static class ServeVerb
{
    public static async Task<int> RunAsync(CommandLineArguments arguments, IReadOnlyList<string> rawArguments, bool demo)
    {
        demo |= arguments.Flag("demo");
        LedgerServices.StoreOptions(arguments);
        var app = LedgerComposition.Build(HostArguments(rawArguments), builder =>
        {
            if (demo)
            {
                // The demo's Datto partner is on loopback: no need for the 2 requests/s owed to the real API.
                builder.Services.Configure<LedgerIntegrationOptions>(o => o.ConfigureDattoClient = d => d.RequestsPerSecond = 0);
                builder.Logging.AddFilter("LedgerReconcile.Application", LogLevel.Warning);
                builder.Logging.AddFilter("LedgerReconcile.Integrations", LogLevel.Warning);
                builder.Logging.AddFilter("LedgerReconcile.Datto", LogLevel.Warning);
                builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
            }
        });

        if (!demo)
        {
            await app.StartAsync();
            PrintAddresses(app);
            await app.WaitForShutdownAsync();
            return 0;
        }

        await using var msp = await DemoMsp.StartAsync(app.Lifetime.ApplicationStopping);
        await app.StartAsync();
        var settings = app.Services.GetRequiredService<StoreSettings>();
        Console.WriteLine($"LedgerReconcile demo: loading tenant '{DemoMsp.Tenant}' into {settings.Describe()}");
        var report = await msp.SeedAsync(app.Services, Console.Out, app.Lifetime.ApplicationStopping);
        Console.WriteLine(
            $"  {report.Customers} customers: {report.Mapped} mapped to ConnectWise, {report.Unmapped} left unmapped; " +
            $"{report.Proposed} changes proposed, {report.Approved} approved, {report.Rejected} rejected, {report.Written} written back to the PSA.");
        var baseUrl = PrintAddresses(app);
        Console.WriteLine($"API keys for tenant {DemoMsp.Tenant} (shown once; the ledger keeps only their hashes):");
        Console.WriteLine($"  admin    {report.Keys.Admin}");
        Console.WriteLine($"  finance  {report.Keys.Finance}");
        Console.WriteLine($"  auditor  {report.Keys.Auditor}");
        Console.WriteLine($"Try: curl -H \"X-Api-Key: {report.Keys.Finance}\" {baseUrl}/api/discrepancies");
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>--sqlite/--postgres spelled for configuration; the verb's own flags are not the host's business.</summary>
    internal static string[] HostArguments(IReadOnlyList<string> args)
    {
        var mapped = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if ((i == 0 && arg is "serve" or "demo") || arg == "--demo")
            {
                continue;
            }

            mapped.Add(arg switch
            {
                "--sqlite" => "--Ledger:Sqlite",
                "--postgres" => "--Ledger:Postgres",
                _ when arg.StartsWith("--sqlite=", StringComparison.Ordinal) => "--Ledger:Sqlite=" + arg["--sqlite=".Length..],
                _ when arg.StartsWith("--postgres=", StringComparison.Ordinal) => "--Ledger:Postgres=" + arg["--postgres=".Length..],
                _ => arg,
            });
        }

        return [.. mapped];
    }

    private static string PrintAddresses(WebApplication app)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:5000";
        var baseUrl = address.Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
            .Replace("://[::]", "://localhost", StringComparison.Ordinal)
            .Replace("://+", "://localhost", StringComparison.Ordinal)
            .TrimEnd('/');
        Console.WriteLine($"Swagger UI: {baseUrl}/swagger");
        Console.WriteLine($"OpenAPI:    {baseUrl}/openapi/v1.json");
        return baseUrl;
    }
}
