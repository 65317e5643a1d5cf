namespace LedgerReconcile.Application.Customers;

/// <summary>
/// What ignoring, including and revoking either of them share: one asset and why.
/// <see cref="AssetKind"/> is Device, Volume, EndpointAgent, SaasSeat or SaasDomain; <see cref="AssetId"/> is a
/// serial number, volume id, asset uuid, <c>{saasCustomerId}/{mainId}</c> or saasCustomerId.
/// </summary>
public interface IAssetDecision : ICustomerCommand
{
    string AssetKind { get; }

    string AssetId { get; }

    string Reason { get; }
}

public static class AssetDecisions
{
    public static AssetRef Asset(this IAssetDecision decision) => new(EnumText.Parse<Domain.Billing.AssetKind>(decision.AssetKind), decision.AssetId);
}

public abstract class AssetDecisionValidator<T> : CustomerCommandValidator<T>
    where T : IAssetDecision
{
    protected AssetDecisionValidator()
    {
        RuleFor(c => c.AssetKind).IsOneOf<T, Domain.Billing.AssetKind>();
        RuleFor(c => c.AssetId).IsIdentifier(IdKind.Asset);
        RuleFor(c => c.Reason).IsReason();
    }
}
