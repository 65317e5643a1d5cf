using FluentValidation;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Application.Validation;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using Mediator;

namespace LedgerReconcile.Application.Customers;

/// <summary>Ignores one asset (device serial, volume id, endpoint agent, SaaS seat) for billing, with who and why.</summary>
/// <param name="AssetKind">Device, Volume, EndpointAgent, SaasSeat or SaasDomain.</param>
/// <param name="AssetId">Serial number, volume id, asset uuid, <c>{saasCustomerId}/{mainId}</c> or saasCustomerId.</param>
public sealed record IgnoreAsset(
    CommandContext Context,
    string CustomerKey,
    string AssetKind,
    string AssetId,
    string Reason) : ICommand<CommandResult>, ICustomerCommand, IUserCommand
{
    public AssetRef Asset() => new(EnumText.Parse<Domain.Billing.AssetKind>(AssetKind), AssetId);
}

public sealed class IgnoreAssetValidator : CustomerCommandValidator<IgnoreAsset>
{
    public IgnoreAssetValidator()
    {
        RuleFor(c => c.AssetKind).IsOneOf<IgnoreAsset, Domain.Billing.AssetKind>();
        RuleFor(c => c.AssetId).IsIdentifier();
        RuleFor(c => c.Reason).IsReason();
    }
}

public sealed class IgnoreAssetHandler(CustomerLedger ledger) : ICommandHandler<IgnoreAsset, CommandResult>
{
    public ValueTask<CommandResult> Handle(IgnoreAsset command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new CustomerCommand.IgnoreAsset(command.Asset(), command.Reason, command.Context.Actor, now), cancellationToken);
}
