using System.Collections.Concurrent;
using System.Security.Cryptography;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.ApiKeys;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace LedgerReconcile.Application.ApiKeys;

/// <summary>The request that would issue this key already issued it; its secret was shown once and is not kept.</summary>
public sealed class ApiKeyAlreadyIssuedException(string keyId) : Exception($"API key {keyId} was already issued for this request.")
{
    public string KeyId { get; } = keyId;
}

/// <summary>Who a presented key belongs to.</summary>
public sealed record ApiKeyHolder(string KeyId, string Tenant, string Role, string Label);

/// <summary>What may be shown about a key after it was issued: never the key, nor its hash.</summary>
public sealed record ApiKeySummary(
    string KeyId,
    string Tenant,
    string Role,
    string Label,
    string IssuedBy,
    DateTimeOffset IssuedAt,
    bool Revoked,
    string? RevokedBy,
    DateTimeOffset? RevokedAt);

/// <summary>
/// API keys are events too (<c>apikey-{keyId}</c> streams), so an auditor can see who issued or revoked which key and
/// when. Only the key's hash is stored. Lookups are cached briefly; a revocation takes effect within the cache time
/// in other processes and at once in this one.
/// </summary>
public sealed class ApiKeyRegistry(IServiceScopeFactory scopes, TimeProvider time)
{
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiKeyState State, DateTimeOffset ReadAt)> _cache = new();

    /// <param name="commandId">
    /// The id of the issuing request when its sender can retry it (an Idempotency-Key): the key id then derives from it,
    /// so a retry finds the key already issued instead of issuing a second one.
    /// </param>
    public async Task<ApiKey> IssueAsync(string tenant, string role, string label, string issuedBy, CancellationToken ct, string? correlationId = null, Guid? commandId = null)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}.", nameof(role));
        }

        if (!StreamNames.IsValidTenant(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a tenant id (lowercase letters, digits and dashes).", nameof(tenant));
        }

        var key = commandId is { } id ? ApiKey.Generate(ApiKey.IdFor(id)) : ApiKey.Generate();
        if (commandId is not null && await LoadAsync(key.KeyId, ct) is { Issued: true } issued && issued.Tenant == tenant)
        {
            throw new ApiKeyAlreadyIssuedException(key.KeyId);
        }

        var issue = new IssueApiKey(new CommandContext(tenant, issuedBy, CorrelationOf(correlationId), commandId ?? Guid.CreateVersion7()), key.KeyId, role, label, Convert.ToHexStringLower(key.Hash()));
        await SendAsync(mediator => mediator.Send(issue, ct));
        return key;
    }

    /// <summary>False when the tenant has no such key.</summary>
    public async Task<bool> RevokeAsync(string tenant, string keyId, string revokedBy, CancellationToken ct, string? correlationId = null)
    {
        var state = await LoadAsync(keyId, ct);
        if (!state.Issued || state.Tenant != tenant)
        {
            return false;
        }

        await SendAsync(mediator => mediator.Send(new RevokeApiKey(new CommandContext(tenant, revokedBy, CorrelationOf(correlationId), Guid.CreateVersion7()), keyId), ct));
        _cache.TryRemove(keyId, out _);
        return true;
    }

    /// <summary>The tenant's keys (all tenants' when <paramref name="tenant"/> is null), oldest first.</summary>
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(string? tenant, CancellationToken ct)
    {
        var keys = await SendAsync(mediator => mediator.Send(new ListApiKeys(tenant), ct));
        return keys
            .Select(k => new ApiKeySummary(k.Key.KeyId, k.Key.Tenant, k.Key.Role, k.Key.Label, k.Key.IssuedBy, k.IssuedAt, k.Key.Revoked, k.Key.RevokedBy, k.RevokedAt))
            .ToList();
    }

    public async Task<ApiKeyHolder?> AuthenticateAsync(string? presented, CancellationToken ct)
    {
        if (!ApiKey.TryParse(presented, out var key))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(key.KeyId, out var cached) || now - cached.ReadAt > CacheTime)
        {
            cached = (await LoadAsync(key.KeyId, ct), now);
            _cache[key.KeyId] = cached;
        }

        var state = cached.State;
        if (!state.Issued || state.Revoked)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(key.Hash(), Convert.FromHexString(state.Sha256))
            ? new ApiKeyHolder(key.KeyId, state.Tenant, state.Role, state.Label)
            : null;
    }

    private async Task<ApiKeyState> LoadAsync(string keyId, CancellationToken ct) =>
        StreamNames.IsValidApiKeyId(keyId) ? (await SendAsync(mediator => mediator.Send(new GetApiKey(keyId), ct))).State : ApiKeyState.Initial;

    // The registry outlives any one request, while the mediator and the ledger it reaches are scoped.
    private async Task<TResponse> SendAsync<TResponse>(Func<IMediator, ValueTask<TResponse>> send)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    private static string CorrelationOf(string? correlationId) => correlationId ?? Guid.CreateVersion7().ToString();
}
