namespace LedgerReconcile.Application.Customers;

/// <summary>The asset falls back to the policies in force.</summary>
public sealed record RevokeInclusion(CommandContext Context, string CustomerKey, string AssetKind, string AssetId, string Reason)
    : ICommand<CommandResult>, ILedgerCommand<CustomerCommand>, IAssetDecision, IUserCommand
{
    public CustomerCommand ToDomain(DateTimeOffset now) => new CustomerCommand.RevokeInclusion(this.Asset(), Reason, Context.Actor, now);
}

public sealed class RevokeInclusionValidator : AssetDecisionValidator<RevokeInclusion>;

public sealed class RevokeInclusionHandler(CustomerLedger ledger) : CustomerCommandHandler<RevokeInclusion>(ledger);
