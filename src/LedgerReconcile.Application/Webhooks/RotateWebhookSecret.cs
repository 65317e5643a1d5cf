using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>Replaces a webhook's signing secret; the new one is returned this once and signs every delivery from now on.</summary>
public sealed record RotateWebhookSecret(CommandContext Context, string WebhookId) : ICommand<WebhookSecretIssued>, IUserCommand;

public sealed class RotateWebhookSecretValidator : LedgerCommandValidator<RotateWebhookSecret>;

public sealed class RotateWebhookSecretHandler(WebhookLedger ledger, IWebhookSecrets secrets, TimeProvider clock) : ICommandHandler<RotateWebhookSecret, WebhookSecretIssued>
{
    public async ValueTask<WebhookSecretIssued> Handle(RotateWebhookSecret command, CancellationToken cancellationToken)
    {
        await ledger.FindAsync(command.Context.Tenant, command.WebhookId, cancellationToken);
        var secret = await secrets.IssueAsync(command.Context.Tenant, command.WebhookId, clock.GetUtcNow(), cancellationToken);
        var result = await ledger.DecideAsync(
            command, now => new WebhookCommand.RotateWebhookSecret(command.WebhookId, secret.Fingerprint, command.Context.Actor, now), cancellationToken);
        return new WebhookSecretIssued(result, command.WebhookId, secret.Secret);
    }
}
