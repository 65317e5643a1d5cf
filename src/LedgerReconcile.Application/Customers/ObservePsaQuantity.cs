using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

/// <summary>A PSA sync read the quantity a mapped PSA line bills.</summary>
public sealed record ObservePsaQuantity(
    CommandContext Context,
    string CustomerKey,
    string PsaLineId,
    decimal Quantity,
    DateTimeOffset ObservedAt) : ICommand<CommandResult>, ICustomerCommand, ISystemCommand;

public sealed class ObservePsaQuantityValidator : CustomerCommandValidator<ObservePsaQuantity>
{
    public ObservePsaQuantityValidator()
    {
        RuleFor(c => c.PsaLineId).IsIdentifier();
        RuleFor(c => c.Quantity).GreaterThanOrEqualTo(0);
        RuleFor(c => c.ObservedAt).NotEqual(default(DateTimeOffset));
    }
}

public sealed class ObservePsaQuantityHandler(CustomerLedger ledger) : ICommandHandler<ObservePsaQuantity, CommandResult>
{
    public ValueTask<CommandResult> Handle(ObservePsaQuantity command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            now => new CustomerCommand.ObservePsaQuantity(command.PsaLineId, command.Quantity, command.ObservedAt, command.Context.Actor, now),
            cancellationToken);
}
