using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>What an admin sees once after registering a webhook or rotating its secret.</summary>
public sealed record WebhookSecretIssued(CommandResult Result, string WebhookId, string Secret);

/// <summary>
/// Registers a webhook: where alerts of the chosen kinds are posted. The ledger generates the signing secret, stores it
/// encrypted and returns it this once. The webhook id derives from the command id, so a retried request names the same
/// webhook and is refused rather than issuing a second secret.
/// </summary>
public sealed record RegisterWebhook(
    CommandContext Context,
    string? Url,
    IReadOnlyList<string>? Kinds,
    decimal? MinimumAmount,
    bool AllowPrivate) : ICommand<WebhookSecretIssued>, IUserCommand, IWebhookSettings;

public sealed class RegisterWebhookValidator : LedgerCommandValidator<RegisterWebhook>
{
    public RegisterWebhookValidator() => this.AddWebhookSettingsRules();
}

public sealed class RegisterWebhookHandler(WebhookLedger ledger, WebhookAddressGuard guard, IWebhookSecrets secrets, TimeProvider clock)
    : ICommandHandler<RegisterWebhook, WebhookSecretIssued>
{
    public async ValueTask<WebhookSecretIssued> Handle(RegisterWebhook command, CancellationToken cancellationToken)
    {
        await guard.EnsureAllowedAsync(command.Url!, command.AllowPrivate, cancellationToken);
        var tenant = command.Context.Tenant;
        var webhookId = command.Context.CommandId.ToString("N");
        if ((await ledger.LoadAsync(tenant, cancellationToken)).State.Webhooks.ContainsKey(webhookId))
        {
            throw new RuleViolationException("webhook.already_registered", $"This request registered webhook '{webhookId}' already; its secret was shown then.")
            {
                ConflictsWithRecord = true,
            };
        }

        var secret = await secrets.IssueAsync(tenant, webhookId, clock.GetUtcNow(), cancellationToken);
        var result = await ledger.DecideAsync(
            command,
            now => new WebhookCommand.RegisterWebhook(
                webhookId, command.Url!, WebhookSettingsRules.Ordered(command.Kinds), command.MinimumAmount, command.AllowPrivate, secret.Fingerprint, command.Context.Actor, now),
            cancellationToken);
        return new WebhookSecretIssued(result, webhookId, secret.Secret);
    }
}
