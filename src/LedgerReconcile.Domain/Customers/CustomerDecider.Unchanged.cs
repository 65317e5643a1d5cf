namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    /// <summary>
    /// Why <paramref name="command"/> decided nothing on <paramref name="state"/>, in words for whoever sent it: a repeat
    /// stays a no-op so retries are safe, but the sender must not believe something changed.
    /// </summary>
    public static string WhyUnchanged(CustomerCommand command, CustomerState state) => command switch
    {
        RevokeIgnore c => $"There was no ignore of {c.Asset.Kind} {c.Asset.Id} to revoke.",
        RevokeInclusion c => $"There was no inclusion of {c.Asset.Kind} {c.Asset.Id} to revoke.",
        IgnoreAsset c => $"{c.Asset.Kind} {c.Asset.Id} was already ignored.",
        IncludeAsset c => $"{c.Asset.Kind} {c.Asset.Id} was already included.",
        UnmapService c => $"{c.Line} was not mapped, so there was nothing to unmap.",
        UnmapAccount => "This customer was not mapped to a PSA account, so there was nothing to unmap.",
        MapAccount => "This customer was already mapped to that PSA company and agreement.",
        MapService c => $"{c.Line} was already mapped exactly so.",
        SetCustomerCountingPolicy c => $"The {c.Policy} choice asked for was already in force for this customer.",
        AcknowledgeDrift c => $"Drift {c.DriftId} was already acknowledged.",
        ApproveQuantityChange c => $"Proposal {c.ProposalId} was already {ProposalProgress(state, c.ProposalId)}.",
        RejectQuantityChange c => $"Proposal {c.ProposalId} was already rejected.",
        CloseBillingPeriod c => $"Period {c.PeriodId} was already closed with exactly these lines.",
        AdjustClosedPeriod c => $"{c.Line} of period {c.PeriodId} was already invoiced at {c.Quantity}.",
        RecordUsageSnapshot c => $"Snapshot {c.SnapshotId} was already recorded with this content.",
        RecordPsaLineRead c => $"PSA line {c.PsaLineId} was already recorded as read: nothing changed on it.",
        ReconcileCustomer => "Every mapped line already has the proposal or block it should have; nothing moved.",
        DismissQuantityChange c => $"Proposal {c.ProposalId} was already dismissed.",
        RecordUsageNotReported c => WhyStillReported(c, state),
        _ => "The ledger already records this.",
    };

    private static string ProposalProgress(CustomerState state, Guid proposalId) =>
        state.Proposals.TryGetValue(proposalId, out var proposal)
            ? proposal.Status switch
            {
                ProposalStatus.WriteRequested => "approved and its write to the PSA is under way",
                ProposalStatus.Written => "approved and written to the PSA",
                _ => "approved",
            }
            : "decided";
}
