namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    public static CustomerEvent[] Decide(CustomerCommand command, CustomerState state) => command switch
    {
        RecordUsageSnapshot c => RecordSnapshot(c, state),
        MapAccount c => Map(c, state),
        UnmapAccount c => Unmap(c, state),
        RecordPsaCompanyName c => RecordPsaName(c, state),
        AcknowledgeDrift c => Acknowledge(c, state),
        MapService c => Map(c, state),
        UnmapService c => Unmap(c, state),
        IgnoreAsset c => Ignore(c, state),
        RevokeIgnore c => Revoke(c, state),
        IncludeAsset c => Include(c, state),
        RevokeInclusion c => Revoke(c, state),
        SetCustomerCountingPolicy c => SetPolicy(c, state),
        ObservePsaQuantity c => Observe(c, state),
        ProposeQuantityChange c => Propose(c, state),
        ApproveQuantityChange c => Approve(c, state),
        AutoApproveQuantityChange c => AutoApprove(c, state),
        RejectQuantityChange c => Reject(c, state),
        RequestPsaWrite c => RequestWrite(c, state),
        ConfirmPsaWrite c => Confirm(c, state),
        RecordPsaWriteFailure c => RecordFailure(c, state),
        CloseBillingPeriod c => Close(c, state),
        AdjustClosedPeriod c => Adjust(c, state),
        CorrectBillingPeriod c => Correct(c, state),
        RecordPsaLineRead c => RecordRead(c, state),
        ReconcileCustomer c => Reconcile(c, state),
        DismissQuantityChange c => Dismiss(c, state),
        RecordUsageNotReported c => RecordNotReported(c, state),
        FreezeBillingPeriod c => Freeze(c, state),
        AdjustFrozenPeriod c => AdjustFrozen(c, state),
        ProposeLineAddition c => ProposeAddition(c, state),
        ApproveLineAddition c => ApproveAddition(c, state),
        RejectLineAddition c => RejectAddition(c, state),
        RequestLineAddition c => RequestAddition(c, state),
        RecordLineAdded c => RecordAdded(c, state),
        RecordLineAdditionFailure c => RecordAdditionFailure(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown customer command."),
    };

    private static AccountMapping MappedAccount(CustomerState state, string rule) =>
        state.Account ?? throw new RuleViolationException(rule, "This customer is not mapped to a PSA account.");

    private static QuantityProposal Proposal(CustomerState state, Guid proposalId) =>
        state.Proposals.TryGetValue(proposalId, out var proposal)
            ? proposal
            : throw new RuleViolationException("proposal.unknown", $"There is no proposal {proposalId}.");
}
