namespace LedgerReconcile.Application.Customers;

/// <summary>The asset counts again under the policies in force, from now on.</summary>
public sealed record RevokeIgnore(CommandContext Context, string CustomerKey, string AssetKind, string AssetId, string Reason)
    : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, IAssetDecision, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) => new CustomerCommand.RevokeIgnore(this.Asset(), Reason, Context.Actor, now);
}

public sealed class RevokeIgnoreValidator : AssetDecisionValidator<RevokeIgnore>;

public sealed class RevokeIgnoreHandler(CustomerLedger ledger) : CustomerCommandHandler<RevokeIgnore>(ledger);
