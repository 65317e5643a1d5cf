using static LedgerReconcile.Domain.ApiKeys.ApiKeyEvent;

namespace LedgerReconcile.Domain.ApiKeys;

/// <summary>One API key folded: whose it is, what it may do, and whether it still works.</summary>
public sealed record ApiKeyState(string KeyId, string Tenant, string Role, string Label, string Sha256, string IssuedBy, bool Revoked, string? RevokedBy)
{
    public static ApiKeyState Initial { get; } = new("", "", "", "", "", "", false, null);

    public bool Issued => KeyId.Length > 0;

    public static ApiKeyState Fold(IEnumerable<ApiKeyEvent> events) => events.Aggregate(Initial, Evolve);

    public static ApiKeyState Evolve(ApiKeyState state, ApiKeyEvent @event) => @event switch
    {
        ApiKeyIssued e => new ApiKeyState(e.KeyId, e.Tenant, e.Role, e.Label, e.Sha256, e.IssuedBy, false, null),
        ApiKeyRevoked e => state with { Revoked = true, RevokedBy = e.RevokedBy },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown API key event."),
    };
}
