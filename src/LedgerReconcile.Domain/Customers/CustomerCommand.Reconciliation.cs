using System.Collections.Immutable;

namespace LedgerReconcile.Domain.Customers;

public abstract partial record CustomerCommand
{
    /// <summary>
    /// What one PSA read saw of one mapped line. <paramref name="Quantity"/> is null only for a line that vanished;
    /// <paramref name="ChangedBy"/> and <paramref name="ChangedAt"/> are what the PSA says of its last edit, if anything.
    /// </summary>
    public sealed record RecordPsaLineRead(
        string PsaLineId,
        decimal? Quantity,
        bool Billed,
        PsaLineStatus Status,
        DateOnly? EndDate,
        string? ChangedBy,
        DateTimeOffset? ChangedAt,
        DateTimeOffset ObservedAt,
        string RunId,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    /// <summary>
    /// Brings every mapped line to exactly one open proposal when its quantities are apart, none when they agree, and a
    /// recorded block when it must not be proposed. Proposal ids derive from <paramref name="ReconcileId"/> and the line.
    /// </summary>
    /// <param name="SharedLines">PSA lines this stream reconciles for several organizations, by PSA line id.</param>
    /// <param name="ReconciledElsewhere">PSA lines another stream reconciles for this one: PSA line id → that stream's customer key.</param>
    public sealed record ReconcileCustomer(
        Guid ReconcileId,
        ImmutableDictionary<CountingPolicyKind, CountingChoice> TenantPolicies,
        string Actor,
        DateTimeOffset Now,
        ImmutableDictionary<string, SharedPsaLine>? SharedLines = null,
        ImmutableDictionary<string, string>? ReconciledElsewhere = null) : CustomerCommand;

    public sealed record DismissQuantityChange(Guid ProposalId, string Reason, string Actor, DateTimeOffset Now) : CustomerCommand;
}
