using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Application.Webhooks;

/// <summary>The alert source records an alert for the webhooks subscribed to its kind.</summary>
public sealed record RaiseAlert(
    CommandContext Context,
    string AlertId,
    string Kind,
    IReadOnlyList<string> WebhookIds,
    IReadOnlyDictionary<string, string> Data,
    string Source,
    DateTimeOffset OccurredAt) : ICommand<CommandResult>, ISystemCommand;

/// <summary>The delivery worker records one attempt to deliver an alert to one webhook.</summary>
public sealed record RecordDeliveryAttempt(
    CommandContext Context,
    string AlertId,
    string WebhookId,
    int Attempt,
    int? StatusCode,
    string? Error,
    long DurationMs,
    DeliveryOutcome Outcome,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset AttemptedAt) : ICommand<CommandResult>, ISystemCommand;

public sealed class RaiseAlertValidator : LedgerCommandValidator<RaiseAlert>
{
    public RaiseAlertValidator()
    {
        RuleFor(c => c.AlertId).Must(StreamNames.IsValidAlertId).WithMessage("An alert id is 32 lowercase hex digits.");
        RuleFor(c => c.Kind).Must(AlertKinds.IsKnown);
        RuleFor(c => c.WebhookIds).NotEmpty();
    }
}

public sealed class RecordDeliveryAttemptValidator : LedgerCommandValidator<RecordDeliveryAttempt>
{
    public RecordDeliveryAttemptValidator()
    {
        RuleFor(c => c.AlertId).Must(StreamNames.IsValidAlertId).WithMessage("An alert id is 32 lowercase hex digits.");
        RuleFor(c => c.Attempt).GreaterThan(0);
        RuleFor(c => c.Error).MaximumLength(1000);
        RuleFor(c => c.DurationMs).GreaterThanOrEqualTo(0);
    }
}

public sealed class AlertCommandHandlers(AlertLedger ledger)
    : ICommandHandler<RaiseAlert, CommandResult>, ICommandHandler<RecordDeliveryAttempt, CommandResult>
{
    public ValueTask<CommandResult> Handle(RaiseAlert command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            command.AlertId,
            new AlertCommand.RaiseAlert(command.AlertId, command.Kind, command.WebhookIds, command.Data, command.Source, command.OccurredAt, command.Context.Actor),
            cancellationToken);

    public ValueTask<CommandResult> Handle(RecordDeliveryAttempt command, CancellationToken cancellationToken) =>
        ledger.DecideAsync(
            command,
            command.AlertId,
            new AlertCommand.RecordDeliveryAttempt(
                command.WebhookId, command.Attempt, command.StatusCode, command.Error, command.DurationMs, command.Outcome, command.NextAttemptAt, command.Context.Actor, command.AttemptedAt),
            cancellationToken);
}
