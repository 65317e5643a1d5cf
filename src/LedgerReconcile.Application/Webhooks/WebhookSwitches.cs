using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>Removes a webhook: nothing more is sent to it, pending deliveries included.</summary>
public sealed record RemoveWebhook(CommandContext Context, string WebhookId) : ICommand<CommandResult>, IUserCommand;

/// <summary>An admin enables a webhook that was disabled after failing; waiting alerts are then delivered.</summary>
public sealed record EnableWebhook(CommandContext Context, string WebhookId) : ICommand<CommandResult>, IUserCommand;

/// <summary>The delivery worker stops a webhook whose receiver kept failing; an attention item asks an admin to look.</summary>
public sealed record DisableWebhook(CommandContext Context, string WebhookId, string Reason) : ICommand<CommandResult>, ISystemCommand;

public sealed class RemoveWebhookValidator : LedgerCommandValidator<RemoveWebhook>;

public sealed class EnableWebhookValidator : LedgerCommandValidator<EnableWebhook>;

public sealed class DisableWebhookValidator : LedgerCommandValidator<DisableWebhook>
{
    public DisableWebhookValidator() => RuleFor(c => c.Reason).NotEmpty().IsFreeText(500);
}

public sealed class WebhookSwitchHandlers(WebhookLedger ledger)
    : ICommandHandler<RemoveWebhook, CommandResult>, ICommandHandler<EnableWebhook, CommandResult>, ICommandHandler<DisableWebhook, CommandResult>
{
    public ValueTask<CommandResult> Handle(RemoveWebhook command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new WebhookCommand.RemoveWebhook(command.WebhookId, command.Context.Actor, now), cancellationToken);

    public ValueTask<CommandResult> Handle(EnableWebhook command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new WebhookCommand.EnableWebhook(command.WebhookId, command.Context.Actor, now), cancellationToken);

    public ValueTask<CommandResult> Handle(DisableWebhook command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(command, now => new WebhookCommand.DisableWebhook(command.WebhookId, command.Reason, command.Context.Actor, now), cancellationToken);
}
