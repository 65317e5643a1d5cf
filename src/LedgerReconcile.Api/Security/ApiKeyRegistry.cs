using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Api.Security;

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
public sealed class ApiKeyRegistry(IEventStore store, TimeProvider time)
{
    public const string IssuedType = "system.api_key_issued.v1";
    public const string RevokedType = "system.api_key_revoked.v1";
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiKeyState? State, DateTimeOffset ReadAt)> _cache = new();

    public async Task<ApiKey> IssueAsync(string tenant, string role, string label, string issuedBy, CancellationToken ct, string? correlationId = null)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}.", nameof(role));
        }

        if (!Domain.StreamNames.IsValidTenant(tenant))
        {
            throw new ArgumentException($"'{tenant}' is not a tenant id (lowercase letters, digits and dashes).", nameof(tenant));
        }

        var key = ApiKey.Generate();
        var issued = new ApiKeyIssued(key.KeyId, tenant, role, label, Convert.ToHexStringLower(key.Hash()), issuedBy);
        await AppendAsync(key.KeyId, tenant, issuedBy, correlationId, IssuedType, JsonSerializer.SerializeToUtf8Bytes(issued), ExpectedRevision.NoStream, ct);
        return key;
    }

    /// <summary>False when the tenant has no such key.</summary>
    public async Task<bool> RevokeAsync(string tenant, string keyId, string revokedBy, CancellationToken ct, string? correlationId = null)
    {
        var state = await LoadAsync(keyId, ct);
        if (state is null || state.Tenant != tenant)
        {
            return false;
        }

        if (!state.Revoked)
        {
            var revoked = JsonSerializer.SerializeToUtf8Bytes(new ApiKeyRevoked(keyId, revokedBy));
            await AppendAsync(keyId, tenant, revokedBy, correlationId, RevokedType, revoked, ExpectedRevision.Exact(state.Revision), ct);
        }

        _cache.TryRemove(keyId, out _);
        return true;
    }

    /// <summary>The tenant's keys (all tenants' when <paramref name="tenant"/> is null), oldest first.</summary>
    public async Task<IReadOnlyList<ApiKeySummary>> ListAsync(string? tenant, CancellationToken ct)
    {
        var keys = new Dictionary<string, ApiKeySummary>(StringComparer.Ordinal);
        await foreach (var recorded in store.ReadAllAsync(0, cancellationToken: ct))
        {
            if ((tenant is not null && recorded.Metadata.Tenant != tenant) || !recorded.Stream.StartsWith("apikey-", StringComparison.Ordinal))
            {
                continue;
            }

            if (recorded.Type == IssuedType && JsonSerializer.Deserialize<ApiKeyIssued>(recorded.Data.Span) is { } issued)
            {
                keys[issued.KeyId] = new ApiKeySummary(issued.KeyId, issued.Tenant, issued.Role, issued.Label, issued.IssuedBy, recorded.RecordedAt, false, null, null);
            }
            else if (recorded.Type == RevokedType && JsonSerializer.Deserialize<ApiKeyRevoked>(recorded.Data.Span) is { } revoked
                     && keys.TryGetValue(revoked.KeyId, out var summary))
            {
                keys[revoked.KeyId] = summary with { Revoked = true, RevokedBy = revoked.RevokedBy, RevokedAt = recorded.RecordedAt };
            }
        }

        return keys.Values.ToList();
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
        if (state is null || state.Revoked)
        {
            return null;
        }

        var presentedHash = key.Hash();
        return CryptographicOperations.FixedTimeEquals(presentedHash, Convert.FromHexString(state.HashHex))
            ? new ApiKeyHolder(key.KeyId, state.Tenant, state.Role, state.Label)
            : null;
    }

    private async Task<ApiKeyState?> LoadAsync(string keyId, CancellationToken ct)
    {
        if (keyId.Length is 0 or > 64 || !keyId.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        ApiKeyState? state = null;
        await foreach (var recorded in store.ReadStreamAsync(StreamOf(keyId), ReadDirection.Forwards, StreamRevision.Start, cancellationToken: ct))
        {
            state = recorded.Type switch
            {
                IssuedType => JsonSerializer.Deserialize<ApiKeyIssued>(recorded.Data.Span) is { } i
                    ? new ApiKeyState(i.Tenant, i.Role, i.Label, i.Sha256, false, recorded.Revision)
                    : state,
                RevokedType when state is not null => state with { Revoked = true, Revision = recorded.Revision },
                _ => state,
            };
        }

        return state;
    }

    private Task AppendAsync(string keyId, string tenant, string actor, string? correlationId, string type, byte[] data, ExpectedRevision expected, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var metadata = new EventMetadata(tenant, actor, correlationId ?? Guid.CreateVersion7().ToString());
        return store.AppendToStreamAsync(StreamOf(keyId), expected, [new EventData(Guid.CreateVersion7(), type, data, metadata, now)], ct);
    }

    private static string StreamOf(string keyId) => $"apikey-{keyId}";

    private sealed record ApiKeyState(string Tenant, string Role, string Label, string HashHex, bool Revoked, long Revision);

    private sealed record ApiKeyIssued(string KeyId, string Tenant, string Role, string Label, string Sha256, string IssuedBy);

    private sealed record ApiKeyRevoked(string KeyId, string RevokedBy);
}
