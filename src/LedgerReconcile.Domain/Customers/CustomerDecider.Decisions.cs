namespace LedgerReconcile.Domain.Customers;

public static partial class CustomerDecider
{
    private static CustomerEvent[] Ignore(IgnoreAsset command, CustomerState state)
    {
        EnsureKnown(command.Asset, state);
        if (state.Ignored.ContainsKey(command.Asset))
        {
            return [];
        }

        return state.Included.ContainsKey(command.Asset)
            ? throw new RuleViolationException("asset.included", $"{command.Asset} was explicitly included; revoke that decision before ignoring it.")
            : [new AssetIgnored(command.Asset, command.Reason, command.Actor, command.Now)];
    }

    private static CustomerEvent[] Include(IncludeAsset command, CustomerState state)
    {
        EnsureKnown(command.Asset, state);
        if (state.Included.ContainsKey(command.Asset))
        {
            return [];
        }

        return state.Ignored.ContainsKey(command.Asset)
            ? throw new RuleViolationException("asset.ignored", $"{command.Asset} is ignored; revoke the ignore decision before including it.")
            : [new AssetIncluded(command.Asset, command.Reason, command.Actor, command.Now)];
    }

    private static CustomerEvent[] Revoke(RevokeIgnore command, CustomerState state) =>
        state.Ignored.ContainsKey(command.Asset) ? [new IgnoreRevoked(command.Asset, command.Reason, command.Actor, command.Now)] : [];

    private static CustomerEvent[] Revoke(RevokeInclusion command, CustomerState state) =>
        state.Included.ContainsKey(command.Asset) ? [new InclusionRevoked(command.Asset, command.Reason, command.Actor, command.Now)] : [];

    private static void EnsureKnown(AssetRef asset, CustomerState state)
    {
        if (!state.KnownAssets.Contains(asset))
        {
            throw new RuleViolationException("asset.unknown", $"No usage snapshot of this customer has ever listed {asset}.");
        }
    }

    private static CustomerEvent[] SetPolicy(SetCustomerCountingPolicy command, CustomerState state)
    {
        var effectiveFrom = command.EffectiveFrom ?? command.Now;
        var current = state.PolicyOverrides.TryGetValue(command.Policy, out var choice) ? choice : (CountingChoice?)null;
        if (current == command.Choice)
        {
            return [];
        }

        return command.Choice is { } newChoice
            ? [new CustomerCountingPolicySet(command.Policy, newChoice, command.Reason, effectiveFrom, command.Actor, command.Now)]
            : [new CustomerCountingPolicyCleared(command.Policy, command.Reason, effectiveFrom, command.Actor, command.Now)];
    }
}
