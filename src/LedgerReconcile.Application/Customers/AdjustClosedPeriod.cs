using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

/// <summary>Corrects what a closed period invoiced, as an adjustment with its cause; the closing itself stays as it was.</summary>
public sealed record AdjustClosedPeriod(
    CommandContext Context,
    string CustomerKey,
    string PeriodId,
    string Service,
    string? SeatType,
    decimal Quantity,
    string Cause) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

public sealed class AdjustClosedPeriodValidator : CustomerCommandValidator<AdjustClosedPeriod>
{
    public AdjustClosedPeriodValidator()
    {
        RuleFor(c => c.PeriodId).IsIdentifier();
        RuleFor(c => c.Service).IsOneOf<AdjustClosedPeriod, BillableService>();
        RuleFor(c => c.Quantity).GreaterThanOrEqualTo(0);
        RuleFor(c => c.Cause).IsReason();
    }
}

public sealed class AdjustClosedPeriodHandler(CustomerLedger ledger) : ICommandHandler<AdjustClosedPeriod, CommandResult>
{
    public ValueTask<CommandResult> Handle(AdjustClosedPeriod command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            now => new CustomerCommand.AdjustClosedPeriod(
                command.PeriodId,
                new ServiceLine(EnumText.Parse<BillableService>(command.Service), command.SeatType),
                command.Quantity,
                command.Cause,
                command.Context.Actor,
                now),
            cancellationToken);
}
