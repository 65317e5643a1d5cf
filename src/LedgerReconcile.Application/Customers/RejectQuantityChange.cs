using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

public sealed record RejectQuantityChange(
    CommandContext Context,
    string CustomerKey,
    Guid ProposalId,
    string Reason) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

public sealed class RejectQuantityChangeValidator : CustomerCommandValidator<RejectQuantityChange>
{
    public RejectQuantityChangeValidator()
    {
        RuleFor(c => c.ProposalId).NotEmpty();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class RejectQuantityChangeHandler(CustomerLedger ledger) : ICommandHandler<RejectQuantityChange, CommandResult>
{
    public ValueTask<CommandResult> Handle(RejectQuantityChange command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new CustomerCommand.RejectQuantityChange(command.ProposalId, command.Reason, command.Context.Actor, now), cancellationToken);
}
