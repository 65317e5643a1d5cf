using System.Collections.Immutable;
using System.Globalization;

namespace LedgerReconcile.Domain.Customers;

public sealed partial record CustomerState
{
    /// <summary>Set while Datto does not report this customer (its last usage is kept, nothing is billable); null otherwise.</summary>
    public UnreportedUsage? NotReported { get; init; }

    /// <summary>Proposals made while the usage was not reported: they always need a person, even after it reports again.</summary>
    public ImmutableHashSet<Guid> ProposalsOnUnreportedUsage { get; init; } = [];

    /// <summary>Whether <paramref name="proposalId"/> rests on usage Datto did not report, so no rule may approve it.</summary>
    public bool RestsOnUnreportedUsage(Guid proposalId) => NotReported is not null || ProposalsOnUnreportedUsage.Contains(proposalId);

    private CustomerState WithNotReported(UsageNotReported e) =>
        this with { NotReported = new UnreportedUsage(e.LastReportedAt, e.MissedSyncs, e.RunId, e.RecordedAt) };

    // Reporting again needs no event of its own: the snapshot (or unchanged observation) newer than the last report is the fact.
    private CustomerState ReportedAgainAt(DateTimeOffset observedAt) =>
        NotReported is { } silent && observedAt > silent.LastReportedAt ? this with { NotReported = null } : this;

    private CustomerState MarkedIfUnreported(Guid proposalId) =>
        NotReported is null ? this : this with { ProposalsOnUnreportedUsage = ProposalsOnUnreportedUsage.Add(proposalId) };
}

/// <param name="LastReportedAt">When Datto last reported the customer.</param>
/// <param name="RunId">The sync after which it was recorded as not reported.</param>
/// <param name="RecordedAt">From when nothing is billable.</param>
public sealed record UnreportedUsage(DateTimeOffset LastReportedAt, int MissedSyncs, string RunId, DateTimeOffset RecordedAt)
{
    public string Explanation => string.Create(
        CultureInfo.InvariantCulture,
        $"Not reported by Datto since {LastReportedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC ({MissedSyncs} completed syncs missed); billed as 0 until it reports again.");
}
