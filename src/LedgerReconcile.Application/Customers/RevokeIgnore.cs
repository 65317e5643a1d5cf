using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

/// <param name="AssetKind">Device, Volume, EndpointAgent, SaasSeat or SaasDomain.</param>
/// <param name="AssetId">Serial number, volume id, asset uuid, <c>{saasCustomerId}/{mainId}</c> or saasCustomerId.</param>
public sealed record RevokeIgnore(
    CommandContext Context,
    string CustomerKey,
    string AssetKind,
    string AssetId,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public AssetRef Asset() => new(EnumText.Parse<Domain.Billing.AssetKind>(AssetKind), AssetId);

    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RevokeIgnore(Asset(), Reason, Context.Actor, now);
}

public sealed class RevokeIgnoreValidator : CustomerCommandValidator<RevokeIgnore>
{
    public RevokeIgnoreValidator()
    {
        RuleFor(c => c.AssetKind).IsOneOf<RevokeIgnore, Domain.Billing.AssetKind>();
        RuleFor(c => c.AssetId).IsIdentifier();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class RevokeIgnoreHandler(CustomerLedger ledger) : CustomerCommandHandler<RevokeIgnore>(ledger);
