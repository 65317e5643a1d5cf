using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>The form of a webhook's settings, shared by registering and changing one.</summary>
public interface IWebhookSettings
{
    string? Url { get; }

    IReadOnlyList<string>? Kinds { get; }

    decimal? MinimumAmount { get; }
}

public static class WebhookSettingsRules
{
    public static void AddWebhookSettingsRules<T>(this AbstractValidator<T> validator)
        where T : IWebhookSettings
    {
        validator.RuleFor(c => c.Url).Must(url => WebhookAddress.ShapeProblem(url) is null)
            .WithMessage(c => WebhookAddress.ShapeProblem(c.Url)!).OverridePropertyName("url");
        validator.RuleFor(c => c.Kinds).NotEmpty().WithMessage($"Name at least one kind: {string.Join(", ", AlertKinds.All)}.")
            .Must(kinds => kinds is null || kinds.Distinct(StringComparer.Ordinal).Count() == kinds.Count).WithMessage("Each kind is named once.")
            .OverridePropertyName("kinds");
        validator.RuleForEach(c => c.Kinds).Must(AlertKinds.IsKnown)
            .WithMessage((_, kind) => $"'{kind}' is not a kind; kinds are {string.Join(", ", AlertKinds.All)}.").OverridePropertyName("kinds");
        validator.RuleFor(c => c.MinimumAmount).GreaterThanOrEqualTo(0).LessThan(1_000_000_000_000m)
            .Must(m => m is null || decimal.Round(m.Value, 2) == m.Value).WithMessage("'minimumAmount' has at most two decimals.")
            .OverridePropertyName("minimumAmount");
    }

    public static IReadOnlyList<string> Ordered(IReadOnlyList<string>? kinds) => [.. kinds!.OrderBy(k => AlertKinds.All.ToList().IndexOf(k))];
}
