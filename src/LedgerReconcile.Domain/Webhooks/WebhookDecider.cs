using static LedgerReconcile.Domain.Webhooks.WebhookCommand;
using static LedgerReconcile.Domain.Webhooks.WebhookEvent;

namespace LedgerReconcile.Domain.Webhooks;

public static class WebhookDecider
{
    public static WebhookEvent[] Decide(WebhookCommand command, WebhookState state)
    {
        if (command is RegisterWebhook register)
        {
            return Register(register, state);
        }

        if (!state.Webhooks.TryGetValue(command.Target, out var webhook))
        {
            throw new RuleViolationException("webhook.unknown", $"There is no webhook '{command.Target}'.");
        }

        return command switch
        {
            ChangeWebhook c => Same(webhook, c.Url, c.Kinds, c.MinimumAmount, c.AllowPrivate)
                ? []
                : [new WebhookChanged(c.WebhookId, c.Url, c.Kinds, c.MinimumAmount, c.AllowPrivate, c.Actor, c.Now)],
            RotateWebhookSecret c => [new WebhookSecretRotated(c.WebhookId, c.SecretFingerprint, c.Actor, c.Now)],
            DisableWebhook c => webhook.Enabled ? [new WebhookDisabled(c.WebhookId, c.Reason, c.Actor, c.Now)] : [],
            EnableWebhook c => webhook.Enabled ? [] : [new WebhookEnabled(c.WebhookId, c.Actor, c.Now)],
            RemoveWebhook c => [new WebhookRemoved(c.WebhookId, c.Actor, c.Now)],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown webhook command."),
        };
    }

    private static WebhookEvent[] Register(RegisterWebhook command, WebhookState state)
    {
        if (state.Webhooks.TryGetValue(command.WebhookId, out var existing))
        {
            return Same(existing, command.Url, command.Kinds, command.MinimumAmount, command.AllowPrivate) && existing.SecretFingerprint == command.SecretFingerprint
                ? []
                : throw new RuleViolationException("webhook.already_registered", $"Webhook '{command.WebhookId}' is registered already.") { ConflictsWithRecord = true };
        }

        if (state.Webhooks.Count >= WebhookState.MaxWebhooks)
        {
            throw new RuleViolationException("webhook.too_many", $"A tenant can register at most {WebhookState.MaxWebhooks} webhooks; remove one first.");
        }

        return [new WebhookRegistered(command.WebhookId, command.Url, command.Kinds, command.MinimumAmount, command.AllowPrivate, command.SecretFingerprint, command.Actor, command.Now)];
    }

    private static bool Same(Webhook webhook, string url, IReadOnlyList<string> kinds, decimal? minimumAmount, bool allowPrivate) =>
        webhook.Url == url && webhook.Kinds.SequenceEqual(kinds, StringComparer.Ordinal) && webhook.MinimumAmount == minimumAmount && webhook.AllowPrivate == allowPrivate;
}
