using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

/// <param name="AssetKind">Device, Volume, EndpointAgent, SaasSeat or SaasDomain.</param>
/// <param name="AssetId">Serial number, volume id, asset uuid, <c>{saasCustomerId}/{mainId}</c> or saasCustomerId.</param>
public sealed record RevokeInclusion(
    CommandContext Context,
    string CustomerKey,
    string AssetKind,
    string AssetId,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public AssetRef Asset() => new(EnumText.Parse<Domain.Billing.AssetKind>(AssetKind), AssetId);

    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.RevokeInclusion(Asset(), Reason, Context.Actor, now);
}

public sealed class RevokeInclusionValidator : CustomerCommandValidator<RevokeInclusion>
{
    public RevokeInclusionValidator()
    {
        RuleFor(c => c.AssetKind).IsOneOf<RevokeInclusion, Domain.Billing.AssetKind>();
        RuleFor(c => c.AssetId).IsIdentifier();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class RevokeInclusionHandler(CustomerLedger ledger) : CustomerCommandHandler<RevokeInclusion>(ledger);
