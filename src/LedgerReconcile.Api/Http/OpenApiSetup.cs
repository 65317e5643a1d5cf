using LedgerReconcile.Application.ApiKeys;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace LedgerReconcile.Api.Http;

/// <summary>The OpenAPI document at /openapi/v1.json and the Swagger UI at /swagger, with the API-key scheme.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddExamples();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "LedgerReconcile",
                    Version = "v1",
                    Description =
                        "Event-sourced billing reconciliation between Datto usage and PSA agreements. Every write is an " +
                        "immutable, hash-chained event; reads are projections, point-in-time folds and the raw event feed. " +
                        "Authenticate with an API key in the X-Api-Key header (`ledger keys create` prints one; " +
                        "`ledger serve --demo` prints keys for each role).",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[ApiKeyAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey,
                    In = ParameterLocation.Header,
                    Name = ApiKeyAuthenticationHandler.HeaderName,
                    Description = "An API key of your tenant: lr_<id>_<secret>. Its role (admin, finance, auditor) decides what you may do.",
                };
                document.Security ??= [];
                document.Security.Add(new OpenApiSecurityRequirement
                {
                    [new OpenApiSecuritySchemeReference(ApiKeyAuthenticationHandler.SchemeName, document)] = [],
                });
                return Task.CompletedTask;
            });
        });

    public static IEndpointRouteBuilder MapLedgerOpenApi(this IEndpointRouteBuilder app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return app;
    }

    /// <summary>The Swagger UI is static files: served before authentication, it asks for the key in the page.</summary>
    public static IApplicationBuilder UseLedgerSwaggerUi(this IApplicationBuilder app)
    {
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "swagger";
            options.SwaggerEndpoint("/openapi/v1.json", "LedgerReconcile v1");
            options.DocumentTitle = "LedgerReconcile API";
            options.EnableTryItOutByDefault();
            options.DisplayRequestDuration();
            options.EnablePersistAuthorization();
        });
        return app;
    }
}
