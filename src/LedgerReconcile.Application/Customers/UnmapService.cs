using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

public sealed record UnmapService(
    CommandContext Context,
    string CustomerKey,
    string Service,
    string? SeatType,
    string Reason,
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ICustomerCommand, IUserCommand;

public sealed class UnmapServiceValidator : CustomerCommandValidator<UnmapService>
{
    public UnmapServiceValidator()
    {
        RuleFor(c => c.Service).IsOneOf<UnmapService, BillableService>();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class UnmapServiceHandler(CustomerLedger ledger) : ICommandHandler<UnmapService, CommandResult>
{
    public ValueTask<CommandResult> Handle(UnmapService command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            now => new CustomerCommand.UnmapService(
                new ServiceLine(EnumText.Parse<BillableService>(command.Service), command.SeatType),
                command.Reason,
                command.EffectiveFrom,
                command.Context.Actor,
                now),
            cancellationToken);
}
