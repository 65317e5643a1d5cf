using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Domain.Customers;

public abstract partial record CustomerCommand
{
    /// <summary>
    /// Propose adding a line for <paramref name="Line"/> to the mapped agreement. <paramref name="Templates"/> are the
    /// tenant's service templates (the decider takes those of the account's PSA for the service), <paramref name="Usage"/>
    /// what is billable now; without <paramref name="Quantity"/> the billable quantity under the template's unit rule is proposed.
    /// </summary>
    public sealed record ProposeLineAddition(
        Guid ProposalId,
        ServiceLine Line,
        string? ProductId,
        decimal? Quantity,
        DateOnly EffectiveDate,
        IReadOnlyCollection<ServiceTemplate> Templates,
        BillableUsage Usage,
        string Actor,
        DateTimeOffset Now) : CustomerCommand;

    /// <param name="EffectiveDate">Null keeps the proposed date.</param>
    public sealed record ApproveLineAddition(Guid ProposalId, string? Note, DateOnly? EffectiveDate, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record RejectLineAddition(Guid ProposalId, string Reason, string Actor, DateTimeOffset Now) : CustomerCommand;

    /// <summary>The write-back records its intent to add an approved line before sending it; the write's id is the command's.</summary>
    public sealed record RequestLineAddition(Guid WriteId, Guid ProposalId, string Actor, DateTimeOffset Now) : CustomerCommand;

    /// <param name="ExistingLine">The PSA already had an active line for the product that this addition did not create.</param>
    public sealed record RecordLineAdded(Guid WriteId, string PsaLineId, decimal Quantity, bool ExistingLine, string Evidence, string Actor, DateTimeOffset Now) : CustomerCommand;

    public sealed record RecordLineAdditionFailure(Guid WriteId, string Error, string Actor, DateTimeOffset Now) : CustomerCommand;
}
