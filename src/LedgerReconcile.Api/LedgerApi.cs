using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Domain.ApiKeys;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;

namespace LedgerReconcile.Api;

/// <summary>
/// The HTTP face of the ledger: endpoints, API-key authentication and role policies, ProblemDetails, OpenAPI and
/// Swagger UI, correlation ids, rate limits. The host registers the ledger itself (store, command side, read models).
/// </summary>
public static class LedgerApi
{
    public const long MaxRequestBodyBytes = 16 * 1024 * 1024;

    public static IServiceCollection AddLedgerApi(this IServiceCollection services)
    {
        services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = MaxRequestBodyBytes);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.Converters.Add(new OffsetTimeConverter());
            // {"reason":"a","reason":"b"} means two things; parsers disagree on which one wins, so it is refused.
            json.SerializerOptions.AllowDuplicateProperties = false;
        });
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context =>
            context.ProblemDetails.Extensions["correlationId"] = CorrelationId.Of(context.HttpContext));
        services.AddSingleton<IProblemDetailsWriter, ProblemJsonWriter>();
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
            .AddPolicy(Policies.BrowsePsa, policy => policy.RequireRole(Roles.Admin, Roles.Finance))
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
        return services;
    }

    /// <summary>The middleware in its order (correlation id first, so every later log line carries it), then the endpoints.</summary>
    public static WebApplication MapLedgerApi(this WebApplication app)
    {
        app.UseCorrelationId();
        app.UseExceptionHandler();
        app.UseRequestSizeLimits();
        app.UseStatusCodePages();
        app.UseLedgerSwaggerUi();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseRequestBodyLimits();
        app.UseUtf8JsonBodies();

        app.MapLedgerOpenApi();
        app.MapLedgerHealth();
        app.MapLedgerEndpoints();
        return app;
    }
}
