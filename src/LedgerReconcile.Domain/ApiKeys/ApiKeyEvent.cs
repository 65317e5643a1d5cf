namespace LedgerReconcile.Domain.ApiKeys;

/// <summary>
/// The facts of one API key's stream. Their shape predates the decider and existing databases hold it, so the time of
/// each fact is the event's own occurred-at rather than a field. Stored names live in <see cref="EventRegistry"/>.
/// </summary>
public abstract record ApiKeyEvent
{
    private ApiKeyEvent()
    {
    }

    /// <param name="Sha256">Lowercase hex SHA-256 of the whole key as shown once; the key itself is never stored.</param>
    public sealed record ApiKeyIssued(string KeyId, string Tenant, string Role, string Label, string Sha256, string IssuedBy) : ApiKeyEvent;

    public sealed record ApiKeyRevoked(string KeyId, string RevokedBy) : ApiKeyEvent;
}
