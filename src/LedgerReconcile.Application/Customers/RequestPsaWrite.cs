using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

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
    DateOnly? EffectiveDate) : ICommand<CommandResult>, ICustomerCommand, ISystemCommand;

public sealed class RequestPsaWriteValidator : CustomerCommandValidator<RequestPsaWrite>
{
    public RequestPsaWriteValidator()
    {
        RuleFor(c => c.ProposalId).NotEmpty();
        RuleFor(c => c.CurrentPsaQuantity).GreaterThanOrEqualTo(0);
        RuleFor(c => c.ReadAt).NotEqual(default(DateTimeOffset));
    }
}

public sealed class RequestPsaWriteHandler(CustomerLedger ledger) : ICommandHandler<RequestPsaWrite, CommandResult>
{
    public ValueTask<CommandResult> Handle(RequestPsaWrite command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            now => new CustomerCommand.RequestPsaWrite(
                command.Context.CommandId,
                command.ProposalId,
                command.CurrentPsaQuantity,
                command.ReadAt,
                command.EffectiveDate,
                command.Context.Actor,
                now),
            cancellationToken);
}
