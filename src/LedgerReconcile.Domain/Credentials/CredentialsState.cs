using System.Collections.Immutable;
using static LedgerReconcile.Domain.Credentials.CredentialsEvent;

namespace LedgerReconcile.Domain.Credentials;

public sealed record CredentialsFingerprint(string Fingerprint, string ChangedBy, DateTimeOffset ChangedAt);

/// <summary>A tenant's credentials folded: per integration, the fingerprint of the values set last, by whom and when.</summary>
public sealed record CredentialsState(ImmutableDictionary<string, CredentialsFingerprint> Integrations)
{
    public static CredentialsState Initial { get; } = new(ImmutableDictionary<string, CredentialsFingerprint>.Empty.WithComparers(StringComparer.Ordinal));

    public static CredentialsState Fold(IEnumerable<CredentialsEvent> events) => events.Aggregate(Initial, Evolve);

    public static CredentialsState Evolve(CredentialsState state, CredentialsEvent @event) => @event switch
    {
        CredentialsChanged e => state with { Integrations = state.Integrations.SetItem(e.Integration, new CredentialsFingerprint(e.Fingerprint, e.ChangedBy, e.ChangedAt)) },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event.GetType().Name, "Unknown credentials event."),
    };
}
