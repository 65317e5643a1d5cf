using System.Security.Claims;
using System.Text.Encodings.Web;
using LedgerReconcile.Application.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace LedgerReconcile.Api.Security;

/// <summary>Authenticates <c>X-Api-Key: lr_...</c> (or <c>Authorization: ApiKey lr_...</c>).</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string TenantClaim = "tenant";
    public const string KeyIdClaim = "key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[HeaderName].FirstOrDefault();
        if (presented is null
            && Request.Headers.Authorization.FirstOrDefault() is { } authorization
            && authorization.StartsWith(SchemeName + " ", StringComparison.OrdinalIgnoreCase))
        {
            presented = authorization[(SchemeName.Length + 1)..].Trim();
        }

        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var holder = await registry.AuthenticateAsync(presented, Context.RequestAborted);
        if (holder is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, $"{holder.Label} ({holder.KeyId})"),
                new Claim(KeyIdClaim, holder.KeyId),
                new Claim(TenantClaim, holder.Tenant),
                new Claim(ClaimTypes.Role, holder.Role),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}

public static class CallerExtensions
{
    public static string Tenant(this ClaimsPrincipal user) =>
        user.FindFirstValue(ApiKeyAuthenticationHandler.TenantClaim)
        ?? throw new InvalidOperationException("The caller has no tenant claim.");

    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";
}
