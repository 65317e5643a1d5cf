using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

public sealed record AcknowledgeDrift(
    CommandContext Context,
    string CustomerKey,
    string DriftId,
    string Note) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

public sealed class AcknowledgeDriftValidator : CustomerCommandValidator<AcknowledgeDrift>
{
    public AcknowledgeDriftValidator()
    {
        RuleFor(c => c.DriftId).IsIdentifier();
        RuleFor(c => c.Note).IsReason();
    }
}

public sealed class AcknowledgeDriftHandler(CustomerLedger ledger) : ICommandHandler<AcknowledgeDrift, CommandResult>
{
    public ValueTask<CommandResult> Handle(AcknowledgeDrift command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new CustomerCommand.AcknowledgeDrift(command.DriftId, command.Note, command.Context.Actor, now), cancellationToken);
}
