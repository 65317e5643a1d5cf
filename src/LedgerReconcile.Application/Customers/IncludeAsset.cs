namespace LedgerReconcile.Application.Customers;

/// <summary>Counts one asset that a policy leaves undecided or excludes (a NAS share, a device past its service period).</summary>
public sealed record IncludeAsset(CommandContext Context, string CustomerKey, string AssetKind, string AssetId, string Reason)
    : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, IAssetDecision, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) => new CustomerCommand.IncludeAsset(this.Asset(), Reason, Context.Actor, now);
}

public sealed class IncludeAssetValidator : AssetDecisionValidator<IncludeAsset>;

public sealed class IncludeAssetHandler(CustomerLedger ledger) : CustomerCommandHandler<IncludeAsset>(ledger);
