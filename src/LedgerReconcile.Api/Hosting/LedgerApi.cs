using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Http;
using LedgerReconcile.Api.Integrations;
using LedgerReconcile.Api.Security;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using LedgerReconcile.Integrations;
using LedgerReconcile.Integrations.Datto;
using LedgerReconcile.Integrations.WriteBack;
using LedgerReconcile.Projections;
using LedgerReconcile.Projections.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;

namespace LedgerReconcile.Api.Hosting;

/// <summary>Composition of the HTTP host: services, middleware, endpoints. <c>Program.cs</c> only dispatches verbs.</summary>
public static class LedgerApi
{
    public const long MaxRequestBodyBytes = 16 * 1024 * 1024;

    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = MaxRequestBodyBytes);

        // Every log line carries the request's scope, hence its correlation id.
        builder.Logging.AddConsole(console => console.FormatterName = LedgerConsoleFormatter.FormatterName)
            .AddConsoleFormatter<LedgerConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);

        AddLedger(builder.Services);
        builder.Services.AddLedgerBillingReadModels();
        AddWorkers(builder.Services);
        AddHttp(builder.Services);
        configure?.Invoke(builder);

        var app = builder.Build();
        UseHttp(app);
        return app;
    }

    /// <summary>
    /// The ledger without HTTP: store, command side, keys, credentials. Configuration (<c>Ledger:Sqlite</c>,
    /// <c>Ledger:Postgres</c>, <c>Ledger:DataProtectionKeys</c>) is read when the services are first resolved, because
    /// the web test host applies its configuration only when the host is built.
    /// </summary>
    public static IServiceCollection AddLedger(IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => StoreSettings.From(sp.GetRequiredService<IConfiguration>()));
        services.AddSingleton<IEventStore>(sp =>
            sp.GetRequiredService<StoreSettings>().OpenAsync(sp.GetRequiredService<TimeProvider>()).GetAwaiter().GetResult());

        services.AddLedgerApplication();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(IgnoreAsset)];
        });

        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<ICredentialTable>(sp => sp.GetRequiredService<IEventStore>() switch
        {
            SqliteEventStore sqlite => new SqliteCredentialTable(sqlite.ConnectionString),
            PostgresEventStore postgres => new PostgresCredentialTable(postgres.DataSource, "ledger"),
            var other => throw new NotSupportedException($"No credential table for {other.GetType().Name}."),
        });
        services.AddSingleton<CredentialVault>();
        services.AddSingleton<IntegrationCredentials>();
        services.AddSingleton<IPsaConnectorSource, VaultPsaConnectorSource>();
        services.AddLedgerIntegrations();
        services.AddSingleton<IDattoCredentialSource, VaultDattoCredentialSource>();
        services.AddDataProtection().SetApplicationName("LedgerReconcile");
        services.AddOptions<KeyManagementOptions>().Configure<IConfiguration, ILoggerFactory>((options, configuration, loggers) =>
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(DataProtectionKeyFolder(configuration)), loggers));
        return services;
    }

    /// <summary>
    /// The scheduled Datto sync and the PSA write-back run inside <c>serve</c> unless <c>Ledger:Workers</c> is false
    /// (decided when the host starts, since test hosts apply their configuration late), each in one process at a time.
    /// </summary>
    private static void AddWorkers(IServiceCollection services)
    {
        services.AddSingleton<IHostedService>(sp => SingleInstance<DattoSyncService>(sp, "datto-sync"));
        services.AddSingleton<IHostedService>(sp => SingleInstance<PsaWriteBackService>(sp, "psa-write-back"));
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

        var settings = StoreSettings.From(configuration);
        var dataFolder = Path.GetDirectoryName(Path.GetFullPath(settings.SqlitePath))!;
        return Path.Combine(dataFolder, "keys");
    }

    private static void AddHttp(IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["correlationId"] = CorrelationId.Of(context.HttpContext));
        services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        services.AddLedgerOpenApi();
        services.AddLedgerHealthChecks();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(
                ApiKeyAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.Read, policy => policy.RequireRole(Roles.All))
            .AddPolicy(Policies.ManageIntegrations, policy => policy.RequireRole(Roles.Admin))
            .AddPolicy(Policies.ManageBilling, policy => policy.RequireRole(Roles.Finance))
            .AddPolicy(Policies.Audit, policy => policy.RequireRole(Roles.Auditor))
            .AddPolicy(Policies.ReviewWriteBack, policy => policy.RequireRole(Roles.Admin, Roles.Finance))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;

            // Runs after authentication: a caller is limited per key, an anonymous one per address.
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } keyId
                        ? "key:" + keyId
                        : "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = 200,
                        TokensPerPeriod = 100,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                    }));
            limiter.OnRejected = async (rejected, ct) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = "1";
                await rejected.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = rejected.HttpContext,
                    ProblemDetails = { Status = 429, Title = "Too many requests.", Detail = "Slow down and retry after the Retry-After delay." },
                });
            };
        });
    }

    private static void UseHttp(WebApplication app)
    {
        app.UseCorrelationId();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseLedgerSwaggerUi();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestBodyLimits();

        app.MapLedgerOpenApi();
        app.MapLedgerHealth();
        app.MapLedgerEndpoints();
    }
}
