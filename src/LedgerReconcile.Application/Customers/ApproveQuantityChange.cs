using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

public sealed record ApproveQuantityChange(
    CommandContext Context,
    string CustomerKey,
    Guid ProposalId,
    string? Note) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

public sealed class ApproveQuantityChangeValidator : CustomerCommandValidator<ApproveQuantityChange>
{
    public ApproveQuantityChangeValidator()
    {
        RuleFor(c => c.ProposalId).NotEmpty();
        RuleFor(c => c.Note).MaximumLength(2000);
    }
}

public sealed class ApproveQuantityChangeHandler(CustomerLedger ledger) : ICommandHandler<ApproveQuantityChange, CommandResult>
{
    public ValueTask<CommandResult> Handle(ApproveQuantityChange command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new CustomerCommand.ApproveQuantityChange(command.ProposalId, command.Note, command.Context.Actor, now), cancellationToken);
}
