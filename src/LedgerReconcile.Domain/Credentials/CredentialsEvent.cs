namespace LedgerReconcile.Domain.Credentials;

/// <summary>
/// The facts of a tenant's credentials stream. The values themselves never enter an event: they are kept encrypted
/// outside the ledger, and the events only say that they changed. Stored names live in <see cref="EventRegistry"/>.
/// </summary>
public abstract record CredentialsEvent
{
    private CredentialsEvent()
    {
    }

    /// <param name="Integration">The integration by name, e.g. <c>Datto</c> or <c>HaloPsa</c>.</param>
    /// <param name="Fingerprint">Identifies the stored values without revealing them, e.g. <c>hmac-sha256:df817d27fb3e3118</c>.</param>
    public sealed record CredentialsChanged(string Integration, string Fingerprint, string ChangedBy, DateTimeOffset ChangedAt) : CredentialsEvent;

    public static DateTimeOffset ValidTime(CredentialsEvent @event) => @event switch
    {
        CredentialsChanged e => e.ChangedAt,
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown credentials event."),
    };
}
