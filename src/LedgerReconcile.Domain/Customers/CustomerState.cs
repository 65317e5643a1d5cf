using System.Collections.Immutable;

namespace LedgerReconcile.Domain.Customers;

/// <summary>One customer's ledger folded up to some point.</summary>
public sealed partial record CustomerState(
    CurrentUsage? Usage,
    ImmutableHashSet<string> RecordedSnapshotIds,
    ImmutableHashSet<AssetRef> KnownAssets,
    string? DattoOrganizationName,
    AccountMapping? Account,
    ImmutableDictionary<ServiceLine, ServiceMapping> Services,
    ImmutableDictionary<AssetRef, AssetDecision> Ignored,
    ImmutableDictionary<AssetRef, AssetDecision> Included,
    ImmutableDictionary<CountingPolicyKind, CountingChoice> PolicyOverrides,
    ImmutableDictionary<string, ObservedPsaQuantity> PsaLines,
    ImmutableDictionary<Guid, QuantityProposal> Proposals,
    ImmutableDictionary<Guid, PsaWrite> Writes,
    ImmutableDictionary<string, ClosedPeriod> ClosedPeriods,
    ImmutableDictionary<string, Drift> Drifts)
{
    public static CustomerState Initial { get; } = new(
        null,
        [],
        [],
        null,
        null,
        ImmutableDictionary<ServiceLine, ServiceMapping>.Empty,
        ImmutableDictionary<AssetRef, AssetDecision>.Empty,
        ImmutableDictionary<AssetRef, AssetDecision>.Empty,
        ImmutableDictionary<CountingPolicyKind, CountingChoice>.Empty,
        ImmutableDictionary<string, ObservedPsaQuantity>.Empty,
        ImmutableDictionary<Guid, QuantityProposal>.Empty,
        ImmutableDictionary<Guid, PsaWrite>.Empty,
        ImmutableDictionary<string, ClosedPeriod>.Empty,
        ImmutableDictionary<string, Drift>.Empty);

    /// <summary>The content hash each recorded snapshot id stands for, so a resend can be told from a different snapshot.</summary>
    public ImmutableDictionary<string, string> SnapshotContentHashes { get; init; } = ImmutableDictionary<string, string>.Empty;

    public static CustomerState Fold(IEnumerable<CustomerEvent> events) => events.Aggregate(Initial, Evolve);

    public static CustomerState Evolve(CustomerState state, CustomerEvent @event) => @event switch
    {
        UsageSnapshotRecorded e => state.WithSnapshot(e).ReportedAgainAt(e.ObservedAt),
        UsageObservedUnchanged e => state.WithUnchangedObservation(e).ReportedAgainAt(e.ObservedAt),
        UsageNotReported e => state.WithNotReported(e),
        AccountMapped e => state with
        {
            Account = new AccountMapping(e.OrganizationId, e.PsaKind, e.PsaCompanyId, e.PsaCompanyName, e.AgreementId, e.EffectiveFrom),
            DattoOrganizationName = state.DattoOrganizationName ?? e.DattoOrganizationName,
        },
        AccountUnmapped => state with { Account = null },
        DattoOrganizationRenamed e => state with
        {
            DattoOrganizationName = e.To,
            Drifts = state.Drifts.SetItem(e.DriftId, new Drift(e.DriftId, DriftKind.DattoOrganizationRenamed, e.From, e.To, e.ObservedAt, null)),
        },
        PsaCompanyRenamed e => state with
        {
            Account = state.Account is { } account && account.PsaCompanyId == e.PsaCompanyId ? account with { PsaCompanyName = e.To } : state.Account,
            Drifts = state.Drifts.SetItem(e.DriftId, new Drift(e.DriftId, DriftKind.PsaCompanyRenamed, e.From, e.To, e.ObservedAt, null)),
        },
        DriftAcknowledged e => state.Drifts.TryGetValue(e.DriftId, out var drift)
            ? state with { Drifts = state.Drifts.SetItem(e.DriftId, drift with { AcknowledgedBy = e.Actor }) }
            : state,
        ServiceMapped e => state with
        {
            Services = state.Services.SetItem(
                new ServiceLine(e.Service, e.SeatType),
                new ServiceMapping(new ServiceLine(e.Service, e.SeatType), e.PsaLineId, UnitRule.From(e.UnitRule), e.UnitPrice, e.EffectiveFrom)),
        },
        ServiceUnmapped e => state with { Services = state.Services.Remove(new ServiceLine(e.Service, e.SeatType)) },
        AssetIgnored e => state with { Ignored = state.Ignored.SetItem(e.Asset, new AssetDecision(e.Reason, e.Actor, e.DecidedAt)) },
        IgnoreRevoked e => state with { Ignored = state.Ignored.Remove(e.Asset) },
        AssetIncluded e => state with { Included = state.Included.SetItem(e.Asset, new AssetDecision(e.Reason, e.Actor, e.DecidedAt)) },
        InclusionRevoked e => state with { Included = state.Included.Remove(e.Asset) },
        CustomerCountingPolicySet e => state with { PolicyOverrides = state.PolicyOverrides.SetItem(e.Policy, e.Choice) },
        CustomerCountingPolicyCleared e => state with { PolicyOverrides = state.PolicyOverrides.Remove(e.Policy) },
        PsaQuantityObserved e => state.WithPsaObservation(e.PsaLineId, e.Quantity, e.ObservedAt),
        QuantityChangeProposed e => state.MarkedIfUnreported(e.ProposalId)
            .WithNewProposal(new QuantityProposal(e.ProposalId, new ServiceLine(e.Service, e.SeatType), e.PsaLineId, e.From, e.To, ProposalStatus.Pending, null)),
        QuantityChangeWithdrawn e => state.WithProposalStatus(e.ProposalId, ProposalStatus.Withdrawn),
        QuantityChangeApproved e => state.WithProposal(e.ProposalId, p => p with { Status = ProposalStatus.Approved, ApprovedBy = e.Actor }),
        QuantityChangeAutoApproved e => state.WithProposal(e.ProposalId, p => p with { Status = ProposalStatus.Approved, ApprovedBy = QuantityChangeAutoApproved.Approver }),
        QuantityChangeRejected e => state.WithProposalStatus(e.ProposalId, ProposalStatus.Rejected),
        PsaWriteRequested e => state.WithProposalStatus(e.ProposalId, ProposalStatus.WriteRequested) with
        {
            Writes = state.Writes.SetItem(e.WriteId, new PsaWrite(e.WriteId, e.ProposalId, e.PsaLineId, e.From, e.To, PsaWriteStatus.Requested)),
        },
        PsaWriteConfirmed e => state
            .WithWriteStatus(e.WriteId, PsaWriteStatus.Confirmed, ProposalStatus.Written)
            .WithPsaObservation(e.PsaLineId, e.QuantityAfter, e.ConfirmedAt),
        // A failed write leaves the approval standing: the next attempt is a new write request after a fresh read.
        PsaWriteFailed e => state.WithWriteStatus(e.WriteId, PsaWriteStatus.Failed, ProposalStatus.Approved),
        PsaWriteConflictDetected e => state.WithProposalStatus(e.ProposalId, ProposalStatus.Conflicted),
        BillingPeriodClosed e => state with
        {
            ClosedPeriods = state.ClosedPeriods.SetItem(
                e.PeriodId,
                new ClosedPeriod(e.PeriodId, e.PeriodStart, e.PeriodEnd, e.Lines.ToImmutableDictionary(l => new ServiceLine(l.Service, l.SeatType)))),
        },
        BillingPeriodAdjusted e => state.WithPeriodAdjustment(e),
        BillingPeriodCorrected e => state.ClosedPeriods.TryGetValue(e.PeriodId, out var corrected)
            ? state with { ClosedPeriods = state.ClosedPeriods.SetItem(e.PeriodId, corrected with { Start = e.PeriodStart, End = e.PeriodEnd }) }
            : state,
        UsageSnapshotVoided e => state.WithoutSnapshot(e.SnapshotId),
        _ => state.EvolveReconciliation(@event),
    };

    /// <summary>The proposal for this PSA line that is still on its way (pending, approved or being written).</summary>
    public QuantityProposal? OpenProposalFor(string psaLineId) =>
        Proposals.Values.FirstOrDefault(p =>
            p.PsaLineId == psaLineId && p.Status is ProposalStatus.Pending or ProposalStatus.Approved or ProposalStatus.WriteRequested);

    private CustomerState WithSnapshot(UsageSnapshotRecorded e)
    {
        var state = this with
        {
            RecordedSnapshotIds = RecordedSnapshotIds.Add(e.SnapshotId),
            SnapshotContentHashes = SnapshotContentHashes.SetItem(e.SnapshotId, e.ContentHash),
            KnownAssets = KnownAssets.Union(AssetsOf(e.Content)),
        };

        // A late snapshot (older valid time than what we already hold) is evidence about the past, not the present.
        if (Usage is not null && e.ObservedAt < Usage.LastSeenAt)
        {
            return state;
        }

        return state with
        {
            Usage = new CurrentUsage(e.SnapshotId, e.ObservedAt, e.SnapshotId, e.ObservedAt, e.ContentHash, e.Content),
            DattoOrganizationName = e.Content.OrganizationName,
        };
    }

    private CustomerState WithUnchangedObservation(UsageObservedUnchanged e)
    {
        var state = this with
        {
            RecordedSnapshotIds = RecordedSnapshotIds.Add(e.SnapshotId),
            SnapshotContentHashes = SnapshotContentHashes.SetItem(e.SnapshotId, e.ContentHash),
        };
        return Usage is not null && e.ObservedAt >= Usage.LastSeenAt
            ? state with { Usage = Usage with { LatestEvidenceId = e.SnapshotId, LastSeenAt = e.ObservedAt } }
            : state;
    }

    // A voided snapshot stops being the present; the next snapshot then records its content in full.
    private CustomerState WithoutSnapshot(string snapshotId) => Usage switch
    {
        { ContentSnapshotId: var content } when content == snapshotId => this with { Usage = null },
        { LatestEvidenceId: var latest } when latest == snapshotId => this with { Usage = Usage with { LatestEvidenceId = Usage.ContentSnapshotId, LastSeenAt = Usage.ObservedAt } },
        _ => this,
    };

    private CustomerState WithPsaObservation(string psaLineId, decimal quantity, DateTimeOffset observedAt) =>
        PsaLines.TryGetValue(psaLineId, out var known) && known.ObservedAt > observedAt
            ? this
            : this with { PsaLines = PsaLines.SetItem(psaLineId, new ObservedPsaQuantity(quantity, observedAt)) };

    private CustomerState WithProposal(Guid proposalId, Func<QuantityProposal, QuantityProposal> change) =>
        Proposals.TryGetValue(proposalId, out var proposal)
            ? this with { Proposals = Proposals.SetItem(proposalId, change(proposal)) }
            : this;

    private CustomerState WithProposalStatus(Guid proposalId, ProposalStatus status) =>
        WithProposal(proposalId, p => p with { Status = status });

    private CustomerState WithWriteStatus(Guid writeId, PsaWriteStatus status, ProposalStatus proposalStatus) =>
        Writes.TryGetValue(writeId, out var write)
            ? (this with { Writes = Writes.SetItem(writeId, write with { Status = status }) }).WithProposalStatus(write.ProposalId, proposalStatus)
            : this;

    // Evolve must never throw on a stored event, or every fold and projection would stop there for good; the decider
    // only adjusts invoiced lines, so a missing period or line is a no-op rather than an error.
    private CustomerState WithPeriodAdjustment(BillingPeriodAdjusted e)
    {
        var line = new ServiceLine(e.Service, e.SeatType);
        return ClosedPeriods.TryGetValue(e.PeriodId, out var period) && period.Lines.TryGetValue(line, out var invoiced)
            ? this with { ClosedPeriods = ClosedPeriods.SetItem(e.PeriodId, period with { Lines = period.Lines.SetItem(line, invoiced with { Quantity = e.To }) }) }
            : this;
    }

    public static IEnumerable<AssetRef> AssetsOf(UsageContent content) =>
        content.Devices.Select(d => AssetRef.Device(d.SerialNumber))
            .Concat(content.Volumes.Select(v => AssetRef.Volume(v.VolumeId)))
            .Concat(content.EndpointAgents.Select(a => AssetRef.EndpointAgent(a.AssetUuid)))
            .Concat(content.SaasDomains.Select(d => AssetRef.SaasDomain(d.SaasCustomerId)))
            .Concat(content.SaasDomains.SelectMany(d => (d.Seats ?? []).Select(s => AssetRef.SaasSeat(d.SaasCustomerId, s.MainId))));
}

/// <param name="ContentSnapshotId">The snapshot that recorded this content in full.</param>
/// <param name="ObservedAt">When this content was first observed.</param>
/// <param name="LatestEvidenceId">The newest snapshot (full or unchanged) that saw this content.</param>
/// <param name="LastSeenAt">When this content was last observed.</param>
public sealed record CurrentUsage(
    string ContentSnapshotId,
    DateTimeOffset ObservedAt,
    string LatestEvidenceId,
    DateTimeOffset LastSeenAt,
    string ContentHash,
    UsageContent Content);

public sealed record AccountMapping(
    long? OrganizationId,
    PsaKind PsaKind,
    string PsaCompanyId,
    string PsaCompanyName,
    string AgreementId,
    DateTimeOffset EffectiveFrom);

public sealed record ServiceMapping(ServiceLine Line, string PsaLineId, UnitRule UnitRule, Money? UnitPrice, DateTimeOffset EffectiveFrom);

public sealed record AssetDecision(string Reason, string Actor, DateTimeOffset DecidedAt);

public sealed record ObservedPsaQuantity(decimal Quantity, DateTimeOffset ObservedAt);

public enum ProposalStatus
{
    Pending,
    Approved,
    Rejected,
    Withdrawn,
    WriteRequested,
    Written,
    Conflicted,
    Dismissed,
}

/// <param name="EffectiveDate">When the approved change takes effect on the PSA; null: the write-back's default.</param>
/// <param name="DismissedUntil">A dismissed change is not proposed again before this date unless a number moves.</param>
public sealed record QuantityProposal(
    Guid ProposalId,
    ServiceLine Line,
    string PsaLineId,
    decimal From,
    decimal To,
    ProposalStatus Status,
    string? ApprovedBy,
    DateOnly? EffectiveDate = null,
    DateOnly? DismissedUntil = null);

public enum PsaWriteStatus
{
    Requested,
    Confirmed,
    Failed,
}

public sealed record PsaWrite(Guid WriteId, Guid ProposalId, string PsaLineId, decimal From, decimal To, PsaWriteStatus Status);

/// <param name="Lines">What is invoiced per line, after any adjustments.</param>
public sealed record ClosedPeriod(string PeriodId, DateOnly Start, DateOnly End, ImmutableDictionary<ServiceLine, InvoicedQuantity> Lines);

public enum DriftKind
{
    DattoOrganizationRenamed,
    PsaCompanyRenamed,
}

/// <param name="AcknowledgedBy">Null while the drift is open.</param>
public sealed record Drift(string DriftId, DriftKind Kind, string From, string To, DateTimeOffset ObservedAt, string? AcknowledgedBy)
{
    public bool IsOpen => AcknowledgedBy is null;
}
