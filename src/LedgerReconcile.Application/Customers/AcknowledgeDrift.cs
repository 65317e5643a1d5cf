namespace LedgerReconcile.Application.Customers;

public sealed record AcknowledgeDrift(
    CommandContext Context,
    string CustomerKey,
    string DriftId,
    string Note) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.AcknowledgeDrift(DriftId, Note, Context.Actor, now);
}

public sealed class AcknowledgeDriftValidator : CustomerCommandValidator<AcknowledgeDrift>
{
    public AcknowledgeDriftValidator()
    {
        RuleFor(c => c.DriftId).IsIdentifier(IdKind.Drift);
        RuleFor(c => c.Note).IsReason();
    }
}

public sealed class AcknowledgeDriftHandler(CustomerLedger ledger) : CustomerCommandHandler<AcknowledgeDrift>(ledger);
