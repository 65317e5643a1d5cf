namespace LedgerReconcile.Application.Customers;

/// <summary>Ignores one asset (device serial, volume id, endpoint agent, SaaS seat) for billing, with who and why.</summary>
public sealed record IgnoreAsset(CommandContext Context, string CustomerKey, string AssetKind, string AssetId, string Reason)
    : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, IAssetDecision, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) => new CustomerCommand.IgnoreAsset(this.Asset(), Reason, Context.Actor, now);
}

public sealed class IgnoreAssetValidator : AssetDecisionValidator<IgnoreAsset>;

public sealed class IgnoreAssetHandler(CustomerLedger ledger) : CustomerCommandHandler<IgnoreAsset>(ledger);
