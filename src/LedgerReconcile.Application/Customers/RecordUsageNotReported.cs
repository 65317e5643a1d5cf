using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Application.Customers;

/// <summary>
/// After a completed Datto sync that did not report this customer: once the tenant's grace period (completed syncs
/// missed and time since the last report, both) has passed, the customer is "not reported" and nothing of it is
/// billable until a snapshot reports it again. Within the grace period, or for a customer that never had usage, nothing
/// is recorded.
/// </summary>
/// <param name="CompletedSyncsStartedAt">When each completed Datto sync of the tenant started, from its sync-run log.</param>
public sealed record RecordUsageNotReported(
    CommandContext Context,
    string CustomerKey,
    string RunId,
    IReadOnlyList<DateTimeOffset> CompletedSyncsStartedAt,
    int GraceSyncs,
    TimeSpan GraceAge) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RecordUsageNotReported(RunId, CompletedSyncsStartedAt, GraceSyncs, GraceAge, Context.Actor, now);
}

public sealed class RecordUsageNotReportedValidator : CustomerCommandValidator<RecordUsageNotReported>
{
    public RecordUsageNotReportedValidator()
    {
        RuleFor(c => c.RunId).IsIdentifier();
        RuleFor(c => c.CompletedSyncsStartedAt).NotNull();
        RuleFor(c => c)
            .Must(c => (SyncSettings.Default with { UsageGraceSyncs = c.GraceSyncs, UsageGraceAge = c.GraceAge }).Problem() is null)
            .WithMessage(c => (SyncSettings.Default with { UsageGraceSyncs = c.GraceSyncs, UsageGraceAge = c.GraceAge }).Problem());
    }
}

public sealed class RecordUsageNotReportedHandler(CustomerLedger ledger) : CustomerCommandHandler<RecordUsageNotReported>(ledger);
