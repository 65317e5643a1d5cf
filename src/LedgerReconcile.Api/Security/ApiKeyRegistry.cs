using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Api.Security;

/// <summary>Who a presented key belongs to.</summary>
public sealed record ApiKeyHolder(string KeyId, string Tenant, string Role, string Label);

/// <summary>
/// API keys are events too (<c>apikey-{keyId}</c> streams), so an auditor can see who issued or revoked which key and
/// when. Only the key's hash is stored. Lookups are cached briefly; a revocation takes effect within the cache time.
/// </summary>
public sealed class ApiKeyRegistry(IEventStore store, TimeProvider time)
{
    private const string IssuedType = "system.api_key_issued.v1";
    private const string RevokedType = "system.api_key_revoked.v1";
    private static readonly TimeSpan CacheTime = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, (ApiKeyState? State, DateTimeOffset ReadAt)> _cache = new();

    public async Task<ApiKey> IssueAsync(string tenant, string role, string label, string issuedBy, CancellationToken ct)
    {
        if (!Roles.IsKnown(role))
        {
            throw new ArgumentException($"Unknown role '{role}'; use one of {string.Join(", ", Roles.All)}.", nameof(role));
        }

        var key = ApiKey.Generate();
        var issued = new ApiKeyIssued(key.KeyId, tenant, role, label, Convert.ToHexStringLower(key.Hash()), issuedBy);
        await AppendAsync(key.KeyId, tenant, issuedBy, IssuedType, JsonSerializer.SerializeToUtf8Bytes(issued), ExpectedRevision.NoStream, ct);
        return key;
    }

    public async Task<bool> RevokeAsync(string tenant, string keyId, string revokedBy, CancellationToken ct)
    {
        var state = await LoadAsync(keyId, ct);
        if (state is null || state.Tenant != tenant)
        {
            return false;
        }

        if (!state.Revoked)
        {
            var revoked = JsonSerializer.SerializeToUtf8Bytes(new ApiKeyRevoked(keyId, revokedBy));
            await AppendAsync(keyId, tenant, revokedBy, RevokedType, revoked, ExpectedRevision.Exact(state.Revision), ct);
            _cache.TryRemove(keyId, out _);
        }

        return true;
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

    private Task AppendAsync(string keyId, string tenant, string actor, string type, byte[] data, ExpectedRevision expected, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var metadata = new EventMetadata(tenant, actor, Guid.CreateVersion7().ToString());
        return store.AppendToStreamAsync(StreamOf(keyId), expected, [new EventData(Guid.CreateVersion7(), type, data, metadata, now)], ct);
    }

    private static string StreamOf(string keyId) => $"apikey-{keyId}";

    private sealed record ApiKeyState(string Tenant, string Role, string Label, string HashHex, bool Revoked, long Revision);

    private sealed record ApiKeyIssued(string KeyId, string Tenant, string Role, string Label, string Sha256, string IssuedBy);

    private sealed record ApiKeyRevoked(string KeyId, string RevokedBy);
}
