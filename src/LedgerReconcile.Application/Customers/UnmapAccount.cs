using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

public sealed record UnmapAccount(
    string Tenant,
    string CustomerKey,
    string Reason,
    DateTimeOffset? EffectiveFrom,
    string Actor,
    string CorrelationId,
    Guid CommandId,
    long? ExpectedRevision = null) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

public sealed class UnmapAccountValidator : CustomerCommandValidator<UnmapAccount>
{
    public UnmapAccountValidator() => RuleFor(c => c.Reason).IsReason();
}

public sealed class UnmapAccountHandler(CustomerLedger ledger) : ICommandHandler<UnmapAccount, CommandResult>
{
    public ValueTask<CommandResult> Handle(UnmapAccount command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new CustomerCommand.UnmapAccount(command.Reason, command.EffectiveFrom, command.Actor, now), cancellationToken);
}
