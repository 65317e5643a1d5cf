using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Api.Endpoints;

/// <summary>A customer's ledger folded to now: mappings, decisions, proposals, writes, closed periods and drift.</summary>
public sealed record CustomerView(
    string CustomerKey,
    long? Revision,
    string? DattoOrganizationName,
    AccountMapping? Account,
    UsageSummary? Usage,
    IReadOnlyList<ServiceMapping> Services,
    IReadOnlyList<AssetDecisionView> Ignored,
    IReadOnlyList<AssetDecisionView> Included,
    IReadOnlyList<PolicyOverrideView> PolicyOverrides,
    IReadOnlyList<PsaLineView> PsaLines,
    IReadOnlyList<QuantityProposal> Proposals,
    IReadOnlyList<PsaWrite> Writes,
    IReadOnlyList<ClosedPeriodView> ClosedPeriods,
    IReadOnlyList<Drift> Drifts)
{
    public static CustomerView From(string customerKey, LoadedStream<CustomerState> loaded)
    {
        var s = loaded.State;
        return new CustomerView(
            customerKey,
            loaded.Revision,
            s.DattoOrganizationName,
            s.Account,
            s.Usage is { } u
                ? new UsageSummary(u.ContentSnapshotId, u.LatestEvidenceId, u.ObservedAt, u.LastSeenAt, u.ContentHash,
                    u.Content.Devices.Count, u.Content.Volumes.Count, u.Content.EndpointAgents.Count, u.Content.SaasDomains.Count)
                : null,
            s.Services.Values.OrderBy(m => m.Line.ToString(), StringComparer.Ordinal).ToList(),
            s.Ignored.Select(d => new AssetDecisionView(d.Key.Kind, d.Key.Id, d.Value.Reason, d.Value.Actor, d.Value.DecidedAt)).OrderBy(d => d.DecidedAt).ToList(),
            s.Included.Select(d => new AssetDecisionView(d.Key.Kind, d.Key.Id, d.Value.Reason, d.Value.Actor, d.Value.DecidedAt)).OrderBy(d => d.DecidedAt).ToList(),
            s.PolicyOverrides.Select(p => new PolicyOverrideView(p.Key, p.Value)).OrderBy(p => p.Policy).ToList(),
            s.PsaLines.Select(l => new PsaLineView(l.Key, l.Value.Quantity, l.Value.ObservedAt)).OrderBy(l => l.PsaLineId, StringComparer.Ordinal).ToList(),
            s.Proposals.Values.ToList(),
            s.Writes.Values.ToList(),
            s.ClosedPeriods.Values
                .Select(p => new ClosedPeriodView(p.PeriodId, p.Start, p.End, p.Lines.Values.ToList()))
                .OrderBy(p => p.Start)
                .ToList(),
            s.Drifts.Values.OrderBy(d => d.ObservedAt).ToList());
    }
}

public sealed record UsageSummary(
    string ContentSnapshotId,
    string LatestEvidenceId,
    DateTimeOffset ObservedAt,
    DateTimeOffset LastSeenAt,
    string ContentHash,
    int Devices,
    int Volumes,
    int EndpointAgents,
    int SaasDomains);

public sealed record AssetDecisionView(AssetKind AssetKind, string AssetId, string Reason, string Actor, DateTimeOffset DecidedAt);

public sealed record PolicyOverrideView(CountingPolicyKind Policy, CountingChoice Choice);

public sealed record PsaLineView(string PsaLineId, decimal Quantity, DateTimeOffset ObservedAt);

public sealed record ClosedPeriodView(string PeriodId, DateOnly Start, DateOnly End, IReadOnlyList<InvoicedQuantity> Lines);
