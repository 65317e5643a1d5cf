using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>Changes where a webhook posts, which kinds it receives and its discrepancy threshold; the secret stays.</summary>
public sealed record ChangeWebhook(
    CommandContext Context,
    string WebhookId,
    string? Url,
    IReadOnlyList<string>? Kinds,
    decimal? MinimumAmount,
    bool AllowPrivate) : ICommand<CommandResult>, IUserCommand, IWebhookSettings;

public sealed class ChangeWebhookValidator : LedgerCommandValidator<ChangeWebhook>
{
    public ChangeWebhookValidator() => this.AddWebhookSettingsRules();
}

public sealed class ChangeWebhookHandler(WebhookLedger ledger, WebhookAddressGuard guard) : ICommandHandler<ChangeWebhook, CommandResult>
{
    public async ValueTask<CommandResult> Handle(ChangeWebhook command, CancellationToken cancellationToken)
    {
        await ledger.FindAsync(command.Context.Tenant, command.WebhookId, cancellationToken);
        await guard.EnsureAllowedAsync(command.Url!, command.AllowPrivate, cancellationToken);
        return await ledger.DecideAsync(
            command,
            now => new WebhookCommand.ChangeWebhook(
                command.WebhookId, command.Url!, WebhookSettingsRules.Ordered(command.Kinds), command.MinimumAmount, command.AllowPrivate, command.Context.Actor, now),
            cancellationToken);
    }
}
