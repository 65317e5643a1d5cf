using System.Threading.RateLimiting;
using LedgerReconcile.Api.Http;
using LedgerReconcile.Api.Integrations;
using LedgerReconcile.Api.Security;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Postgres;
using LedgerReconcile.EventStore.Sqlite;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http.Features;

namespace LedgerReconcile.Api.Hosting;

/// <summary>Composition of the HTTP host: services, middleware, endpoints. <c>Program.cs</c> only dispatches verbs.</summary>
public static class LedgerApi
{
    public const long MaxRequestBodyBytes = 16 * 1024 * 1024;

    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = MaxRequestBodyBytes);

        AddLedger(builder.Services, builder.Configuration);
        AddHttp(builder.Services);

        var app = builder.Build();
        UseHttp(app);
        return app;
    }

    public static IServiceCollection AddLedger(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => StoreSettings.From(configuration));

        // Opened on first use: the web test host applies its configuration only when the host is built.
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
        services.AddDataProtection()
            .SetApplicationName("LedgerReconcile")
            .PersistKeysToFileSystem(new DirectoryInfo(DataProtectionKeyFolder(configuration)));
        return services;
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
        services.AddProblemDetails();
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
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    context.Request.Headers[ApiKeyAuthenticationHandler.HeaderName].FirstOrDefault()
                        ?? context.Connection.RemoteIpAddress?.ToString()
                        ?? "anonymous",
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
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapLedgerOpenApi();
        app.MapLedgerHealth();
    }
}
