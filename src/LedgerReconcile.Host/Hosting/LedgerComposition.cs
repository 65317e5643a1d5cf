using LedgerReconcile.Api;
using LedgerReconcile.Api.Security;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.Exports;
using LedgerReconcile.Integrations;
using LedgerReconcile.Integrations.Credentials;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Integrations.PsaRead;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Projections;
using LedgerReconcile.Projections.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Logging.Console;

namespace LedgerReconcile.Host.Hosting;

/// <summary>The wiring of the one executable: the ledger (store adapter, command side, read models, workers) and its HTTP API.</summary>
public static class LedgerComposition
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(KestrelLimits.Apply);

        // Every log line carries the request's scope, hence its correlation id.
        builder.Logging.AddConsole(console => console.FormatterName = LedgerConsoleFormatter.FormatterName)
            .AddConsoleFormatter<LedgerConsoleFormatter, ConsoleFormatterOptions>();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        builder.Services.AddLedger();
        builder.Services.AddLedgerBillingReadModels();
        builder.Services.AddLedgerWebhookReadModels();
        builder.Services.AddLedgerWorkers();
        builder.Services.AddLedgerApi();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapLedgerApi();
        return app;
    }

    /// <summary>
    /// The ledger without HTTP: store, command side, keys, credentials. Configuration (<c>Ledger:Sqlite</c>,
    /// <c>Ledger:Postgres</c>, <c>Ledger:DataProtectionKeys</c>) is read when the services are first resolved, because
    /// the web test host applies its configuration only when the host is built.
    /// </summary>
    public static IServiceCollection AddLedger(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        ConfiguredStore.Register(services);

        services.AddLedgerApplication();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(IgnoreAsset)];
        });

        services.AddLedgerCredentials();
        services.AddLedgerIntegrations();
        services.AddLedgerExports();
        services.AddDataProtection().SetApplicationName("LedgerReconcile");
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((options, configuration, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(DataProtectionKeyFolder(configuration)), loggers));
        return services;
    }

    /// <summary>
    /// The scheduled Datto sync, the scheduled PSA read, the PSA write-back and webhook alerts run inside <c>serve</c> unless <c>Ledger:Workers</c> is false
    /// (decided when the host starts, since test hosts apply their configuration late), each in one process at a time.
    /// </summary>
    public static IServiceCollection AddLedgerWorkers(this IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(sp => SingleInstance<DattoSyncService>(sp, "datto-sync"));
        services.AddSingleton<IHostedService>(sp => SingleInstance<PsaReadService>(sp, "psa-read"));
        services.AddSingleton<IHostedService>(sp => SingleInstance<PsaWriteBackService>(sp, "psa-write-back"));
        services.AddSingleton<IHostedService>(sp => SingleInstance<Integrations.Webhooks.WebhookAlertService>(sp, "webhook-alerts"));
        return services;
    }

    private static IHostedService SingleInstance<TWorker>(IServiceProvider services, string leaseName)
        where TWorker : IHostedService =>
        services.GetRequiredService<IConfiguration>().GetValue("Ledger:Workers", true)
            ? new SingleInstanceWorker(
                leaseName,
                () => ActivatorUtilities.CreateInstance<TWorker>(services),
                services.GetRequiredService<IReadModelDatabase>(),
                services.GetRequiredService<ILogger<SingleInstanceWorker>>())
            : new NoWorker();

    private sealed class NoWorker : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
    }

    private static string DataProtectionKeyFolder(IConfiguration configuration)
    {
        // Keys live beside the data: with the SQLite default, next to the ledger file.
        var configured = configuration["Ledger:DataProtectionKeys"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        return Path.Combine(Path.GetDirectoryName(StoreSettings.From(configuration).SqliteFullPath)!, "keys");
    }
}
