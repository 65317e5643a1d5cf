namespace LedgerReconcile.Psa;

/// <summary>What a read-only look at a line says about an earlier write whose outcome was unknown.</summary>
public abstract record UnknownOutcomeResolution(string LineRef, decimal Observed)
{
    public sealed record Applied(string LineRef, decimal Observed) : UnknownOutcomeResolution(LineRef, Observed);

    public sealed record NotApplied(string LineRef, decimal Observed) : UnknownOutcomeResolution(LineRef, Observed);

    public sealed record ManualEditDetected(string LineRef, decimal Observed) : UnknownOutcomeResolution(LineRef, Observed);

    internal static UnknownOutcomeResolution From(string lineRef, decimal from, decimal to, decimal observed) =>
        observed == to ? new Applied(lineRef, observed)
        : observed == from ? new NotApplied(lineRef, observed)
        : new ManualEditDetected(lineRef, observed);
}
