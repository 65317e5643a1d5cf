namespace LedgerReconcile.Application.Customers;

/// <summary>
/// The PSA worker, having just re-read the line, records its intent to write an approved change before sending it.
/// The write's id is the command's id. If the line no longer shows the proposal's starting quantity, a conflict is
/// recorded instead and nothing may be sent.
/// </summary>
public sealed record RequestPsaWrite(
    CommandContext Context,
    string CustomerKey,
    Guid ProposalId,
    decimal CurrentPsaQuantity,
    DateTimeOffset ReadAt,
    DateOnly? EffectiveDate) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, ISystemCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RequestPsaWrite(Context.CommandId, ProposalId, CurrentPsaQuantity, ReadAt, EffectiveDate, Context.Actor, now);
}

public sealed class RequestPsaWriteValidator : CustomerCommandValidator<RequestPsaWrite>
{
    public RequestPsaWriteValidator(TimeProvider clock)
    {
        RuleFor(c => c.ProposalId).NotEmpty();
        RuleFor(c => c.CurrentPsaQuantity).IsQuantity();
        RuleFor(c => c.ReadAt).IsObservationTime(clock);
    }
}

public sealed class RequestPsaWriteHandler(CustomerLedger ledger) : CustomerCommandHandler<RequestPsaWrite>(ledger);
