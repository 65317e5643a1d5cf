using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

/// <summary>Counts one asset that a policy leaves undecided or excludes (a NAS share, a device past its service period).</summary>
/// <param name="AssetKind">Device, Volume, EndpointAgent, SaasSeat or SaasDomain.</param>
/// <param name="AssetId">Serial number, volume id, asset uuid, <c>{saasCustomerId}/{mainId}</c> or saasCustomerId.</param>
public sealed record IncludeAsset(
    CommandContext Context,
    string CustomerKey,
    string AssetKind,
    string AssetId,
    string Reason) : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, ICustomerCommand, IUserCommand
{
    public AssetRef Asset() => new(EnumText.Parse<Domain.Billing.AssetKind>(AssetKind), AssetId);

    public CustomerCommand ToDomain(DateTimeOffset now) =>
        new CustomerCommand.IncludeAsset(Asset(), Reason, Context.Actor, now);
}

public sealed class IncludeAssetValidator : CustomerCommandValidator<IncludeAsset>
{
    public IncludeAssetValidator()
    {
        RuleFor(c => c.AssetKind).IsOneOf<IncludeAsset, Domain.Billing.AssetKind>();
        RuleFor(c => c.AssetId).IsIdentifier();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class IncludeAssetHandler(CustomerLedger ledger) : CustomerCommandHandler<IncludeAsset>(ledger);
