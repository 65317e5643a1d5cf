using LedgerReconcile.Application.ApiKeys;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.ApiKeys;

namespace LedgerReconcile.Api.Endpoints;

public sealed record CreateKeyRequest(string Role, string? Label);

/// <summary>The only time the key is shown: store it now.</summary>
public sealed record KeyCreated(string KeyId, string Key, string Tenant, string Role, string Label);

public static class KeyEndpoints
{
    public static IEndpointRouteBuilder MapKeyEndpoints(this IEndpointRouteBuilder app)
    {
        var keys = app.MapGroup("/api/keys").WithTags("API keys")
            .RequireAuthorization(Policies.ManageIntegrations)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        keys.MapPost("", CreateAsync)
            .WithName("CreateApiKey")
            .WithSummary("Issue an API key for your tenant")
            .WithDescription(
                "Issues a key with one role (admin, finance, auditor). The key is in this response only: the ledger keeps " +
                "its SHA-256 in a system.api_key_issued.v1 event, so who issued which key and when is part of the audit trail. " +
                "With an Idempotency-Key, a retry issues no second key: it answers 409 with the keyId already issued for that " +
                "Idempotency-Key (the key itself cannot be shown twice; if it was lost, revoke that key and issue a new one). Role: admin.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesValidationProblem()
            .WithBodyLimit(RequestBodyLimit.Command)
            .WithRequestExample(new CreateKeyRequest("finance", "Month-end close, Dana"))
            .WithResponseExample(new KeyCreated("9f3a61c2d4e5b607", "lr_9f3a61c2d4e5b607_Qm9vdHN0cmFwLi4uZXhhbXBsZS1vbmx5LW5vdC1hLWtleQ", "demo-msp", "finance", "Month-end close, Dana"), StatusCodes.Status201Created);

        keys.MapGet("", ListAsync)
            .WithName("ListApiKeys")
            .WithSummary("List your tenant's API keys")
            .WithDescription("Key ids, roles, labels, who issued and revoked them and when. Never the key or its hash. Role: admin.");

        keys.MapDelete("/{keyId}", RevokeAsync)
            .WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("The key stops working at once in this process and within 5 seconds in others. Role: admin.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Created<KeyCreated>> CreateAsync(CreateKeyRequest body, HttpContext http, ApiKeyRegistry registry, CancellationToken ct)
    {
        // A role is a name: case does not matter, padding does ("auditor " is not a role anyone means).
        var role = body.Role?.ToLowerInvariant() ?? "";
        var label = body.Label?.Trim() ?? "";
        new QueryRules()
            .Require(Roles.IsKnown(role), "role", $"The role is one of {string.Join(", ", Roles.All)}.")
            .Require(LedgerRules.IsFreeText(label, 200), "label", "The label is at most 200 characters on one line, without control characters or bidirectional overrides.")
            .ThrowIfInvalid();

        var caller = http.CommandContext();
        var retryable = http.Request.Headers.ContainsKey(LedgerRequest.IdempotencyKeyHeader);
        var key = await registry.IssueAsync(caller.Tenant, role, label.Length > 0 ? label : $"{role} key", caller.Actor, ct, caller.CorrelationId, retryable ? caller.CommandId : null);
        return TypedResults.Created($"/api/keys/{key.KeyId}", new KeyCreated(key.KeyId, key.Plaintext, caller.Tenant, role, label.Length > 0 ? label : $"{role} key"));
    }

    private static async Task<Ok<IReadOnlyList<ApiKeySummary>>> ListAsync(HttpContext http, ApiKeyRegistry registry, CancellationToken ct) =>
        TypedResults.Ok(await registry.ListAsync(http.User.Tenant(), ct));

    private static async Task<NoContent> RevokeAsync(string keyId, HttpContext http, ApiKeyRegistry registry, CancellationToken ct)
    {
        var caller = http.CommandContext();
        return await registry.RevokeAsync(caller.Tenant, keyId, caller.Actor, ct, caller.CorrelationId)
            ? TypedResults.NoContent()
            : throw new ResourceNotFoundException($"Your tenant has no API key '{keyId}'.");
    }
}
