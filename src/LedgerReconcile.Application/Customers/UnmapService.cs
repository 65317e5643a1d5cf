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
    DateTimeOffset? EffectiveFrom) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.UnmapService(
            new ServiceLine(EnumText.Parse<BillableService>(Service), SeatType),
            Reason,
            EffectiveFrom,
            Context.Actor,
            now);
}

public sealed class UnmapServiceValidator : CustomerCommandValidator<UnmapService>
{
    public UnmapServiceValidator()
    {
        RuleFor(c => c.Service).IsOneOf<UnmapService, BillableService>();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class UnmapServiceHandler(CustomerLedger ledger) : CustomerCommandHandler<UnmapService>(ledger);
