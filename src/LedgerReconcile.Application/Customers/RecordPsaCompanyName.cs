namespace LedgerReconcile.Application.Customers;

/// <summary>A PSA sync reports the mapped company's current name; a change is recorded and raised as drift.</summary>
public sealed record RecordPsaCompanyName(
    CommandContext Context,
    string CustomerKey,
    string PsaCompanyId,
    string Name,
    DateTimeOffset ObservedAt) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RecordPsaCompanyName(PsaCompanyId, Name, ObservedAt, Context.Actor, now);
}

public sealed class RecordPsaCompanyNameValidator : CustomerCommandValidator<RecordPsaCompanyName>
{
    public RecordPsaCompanyNameValidator(TimeProvider clock)
    {
        RuleFor(c => c.PsaCompanyId).IsIdentifier();
        RuleFor(c => c.Name).IsName();
        RuleFor(c => c.ObservedAt).IsObservationTime(clock);
    }
}

public sealed class RecordPsaCompanyNameHandler(CustomerLedger ledger) : CustomerCommandHandler<RecordPsaCompanyName>(ledger);
