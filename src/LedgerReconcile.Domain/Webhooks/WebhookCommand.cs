namespace LedgerReconcile.Domain.Webhooks;

public abstract record WebhookCommand
{
    private WebhookCommand()
    {
    }

    /// <param name="WebhookId">Chosen outside, with the secret, so the secret can be stored before anything is decided.</param>
    public sealed record RegisterWebhook(
        string WebhookId, string Url, IReadOnlyList<string> Kinds, decimal? MinimumAmount, bool AllowPrivate, string SecretFingerprint, string Actor, DateTimeOffset Now)
        : WebhookCommand;

    public sealed record ChangeWebhook(
        string WebhookId, string Url, IReadOnlyList<string> Kinds, decimal? MinimumAmount, bool AllowPrivate, string Actor, DateTimeOffset Now)
        : WebhookCommand;

    public sealed record RotateWebhookSecret(string WebhookId, string SecretFingerprint, string Actor, DateTimeOffset Now) : WebhookCommand;

    public sealed record DisableWebhook(string WebhookId, string Reason, string Actor, DateTimeOffset Now) : WebhookCommand;

    public sealed record EnableWebhook(string WebhookId, string Actor, DateTimeOffset Now) : WebhookCommand;

    public sealed record RemoveWebhook(string WebhookId, string Actor, DateTimeOffset Now) : WebhookCommand;

    public string Target => this switch
    {
        RegisterWebhook c => c.WebhookId,
        ChangeWebhook c => c.WebhookId,
        RotateWebhookSecret c => c.WebhookId,
        DisableWebhook c => c.WebhookId,
        EnableWebhook c => c.WebhookId,
        RemoveWebhook c => c.WebhookId,
        _ => throw new ArgumentOutOfRangeException(nameof(WebhookCommand), GetType().Name, "Unknown webhook command."),
    };
}
