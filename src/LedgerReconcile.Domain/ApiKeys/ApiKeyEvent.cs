using System.Text.Json.Serialization;

namespace LedgerReconcile.Domain.ApiKeys;

/// <summary>
/// The facts of one API key's stream. Their shape predates the decider and existing databases hold it, so the time of
/// each fact is the event's own occurred-at rather than a field, and the properties keep the PascalCase spelling they
/// were first stored in (the other streams are camelCase). Stored names live in <see cref="EventRegistry"/>.
/// </summary>
public abstract record ApiKeyEvent
{
    private ApiKeyEvent()
    {
    }

    /// <param name="Sha256">Lowercase hex SHA-256 of the whole key as shown once; the key itself is never stored.</param>
    public sealed record ApiKeyIssued(
        [property: JsonPropertyName("KeyId")] string KeyId,
        [property: JsonPropertyName("Tenant")] string Tenant,
        [property: JsonPropertyName("Role")] string Role,
        [property: JsonPropertyName("Label")] string Label,
        [property: JsonPropertyName("Sha256")] string Sha256,
        [property: JsonPropertyName("IssuedBy")] string IssuedBy) : ApiKeyEvent;

    public sealed record ApiKeyRevoked(
        [property: JsonPropertyName("KeyId")] string KeyId,
        [property: JsonPropertyName("RevokedBy")] string RevokedBy) : ApiKeyEvent;
}
