using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Integrations.WriteBack;

public enum WriteBackAction
{
    /// <summary>An approved change was sent and the PSA confirmed it.</summary>
    Written,

    /// <summary>The PSA already showed the target; the write was confirmed without sending anything.</summary>
    AlreadyApplied,

    /// <summary>A write whose outcome was unknown was found applied by re-reading the line.</summary>
    ResolvedApplied,

    /// <summary>The line no longer showed the starting quantity; a conflict was recorded for a person.</summary>
    ConflictRecorded,

    /// <summary>The write failed (recorded); it is tried again on a later pass within the attempt budget.</summary>
    Failed,

    /// <summary>The outcome is still unknown; it will be resolved by reading, never by sending again.</summary>
    OutcomeUnknown,

    /// <summary>Nothing could be done now (PSA unreachable, no connector, attempts used up); nothing was recorded.</summary>
    Skipped,

    /// <summary>A pending proposal was approved under the tenant's auto-approval rule.</summary>
    AutoApproved,

    /// <summary>An approved line addition put a new line on the agreement (found again by its marker after a lost answer); the service is mapped to it.</summary>
    LineAdded,

    /// <summary>The agreement already had an active line for the product that the addition did not create; it is mapped instead.</summary>
    LineAlreadyOnAgreement,
}

/// <param name="WriteId">Null when no write was requested (a conflict found before writing, a skip).</param>
public sealed record WriteBackStep(
    string CustomerKey,
    Guid ProposalId,
    Guid? WriteId,
    string PsaLineId,
    decimal From,
    decimal To,
    WriteBackAction Action,
    string Detail);

public sealed record WriteBackReport(string Tenant, IReadOnlyList<WriteBackStep> Steps);

/// <summary>What a dispatch pass would write, found without appending anything or sending any write.</summary>
/// <param name="Reason">Why it would be written (who approved, which rule), or why it would stop.</param>
/// <param name="CurrentOnPsa">What the PSA shows now, when the dry run read it.</param>
public sealed record PlannedWrite(
    string CustomerKey,
    Guid ProposalId,
    ServiceLine Line,
    string PsaLineId,
    decimal From,
    decimal To,
    bool WouldWrite,
    string Reason,
    decimal? CurrentOnPsa);
