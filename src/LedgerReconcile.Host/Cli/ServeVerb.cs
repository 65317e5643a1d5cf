using System.CommandLine;
using LedgerReconcile.Host.Cli.Demo;
using LedgerReconcile.Host.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace LedgerReconcile.Host.Cli;

/// <summary>
/// <c>ledger serve [--sqlite PATH | --postgres CONNECTION] [--urls URL] [--demo]</c>: the API. With <c>--demo</c>, a
/// simulated MSP is loaded first and the Swagger URL and one key per role are printed.
/// </summary>
public static class ServeVerb
{
    public static Command Create()
    {
        var demo = new Option<bool>("--demo") { Description = "Load a simulated MSP first and print one API key per role." };
        var urls = new Option<string>("--urls") { Description = "Where to listen (default http://localhost:5000 or ASPNETCORE_URLS).", HelpName = "URLS" };
        var command = new Command("serve", "Run the HTTP API with the scheduled Datto sync and PSA write-back workers.") { demo, urls };
        var store = StoreOptions.AddTo(command);
        command.SetAction((parsed, ct) => RunAsync(HostArguments(store.Configuration(parsed), parsed.GetValue(urls)), parsed.GetValue(demo), ct));
        return command;
    }

    private static async Task<int> RunAsync(string[] hostArguments, bool demo, CancellationToken ct)
    {
        await using var app = LedgerComposition.Build(hostArguments, builder =>
        {
            if (demo)
            {
                DemoVerb.WithoutDattoRateLimit(builder.Services);
                builder.Logging.AddFilter("LedgerReconcile.Application", LogLevel.Warning);
                builder.Logging.AddFilter("LedgerReconcile.Integrations", LogLevel.Warning);
                builder.Logging.AddFilter("LedgerReconcile.Datto", LogLevel.Warning);
                builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection", LogLevel.Error);
            }
        });

        if (!demo)
        {
            await StartAsync(app, ct);
            PrintAddresses(app);
            await app.WaitForShutdownAsync(ct);
            return 0;
        }

        await using var msp = await DemoMsp.StartAsync(app.Lifetime.ApplicationStopping);
        await StartAsync(app, ct);
        var settings = app.Services.GetRequiredService<StoreSettings>();
        Console.WriteLine($"LedgerReconcile demo: loading tenant '{DemoMsp.Tenant}' into {settings.Describe()}");
        var report = await msp.SeedAsync(app.Services, Console.Out, app.Lifetime.ApplicationStopping);
        DemoVerb.PrintSummary(report);
        var baseUrl = PrintAddresses(app);
        DemoVerb.PrintKeys(report);
        Console.WriteLine($"Try: curl -H \"X-Api-Key: {report.Keys.Finance}\" {baseUrl}/api/discrepancies");
        Console.WriteLine("Press Ctrl+C to stop.");
        await app.WaitForShutdownAsync(ct);
        return 0;
    }

    private static async Task StartAsync(WebApplication app, CancellationToken ct)
    {
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException busy) when (PortInUse.Caused(busy))
        {
            throw new LedgerFailure(busy.Message);
        }
    }

    /// <summary>The store options and --urls spelled as the web host's configuration.</summary>
    private static string[] HostArguments(IReadOnlyDictionary<string, string?> store, string? urls) =>
    [
        .. store.Select(setting => $"--{setting.Key}={setting.Value}"),
        .. urls is null ? Array.Empty<string>() : ["--urls", urls],
    ];

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
