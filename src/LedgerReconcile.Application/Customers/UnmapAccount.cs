using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

public sealed record UnmapAccount(
    CommandContext Context,
    string CustomerKey,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

public sealed class UnmapAccountValidator : CustomerCommandValidator<UnmapAccount>
{
    public UnmapAccountValidator() => RuleFor(c => c.Reason).IsReason();
}

public sealed class UnmapAccountHandler(CustomerLedger ledger) : ICommandHandler<UnmapAccount, CommandResult>
{
    public ValueTask<CommandResult> Handle(UnmapAccount command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new CustomerCommand.UnmapAccount(command.Reason, command.EffectiveFrom, command.Context.Actor, now), cancellationToken);
}
