using static LedgerReconcile.Domain.Webhooks.AlertCommand;
using static LedgerReconcile.Domain.Webhooks.AlertEvent;

namespace LedgerReconcile.Domain.Webhooks;

public static class AlertDecider
{
    public static AlertEvent[] Decide(AlertCommand command, AlertState state) => command switch
    {
        // An alert id derives from what caused it, so raising it again (a restart re-reading history) is a repeat.
        RaiseAlert c => state.Raised is null ? [new AlertRaised(c.AlertId, c.Kind, c.WebhookIds, c.Data, c.Source, c.OccurredAt, c.Actor)] : [],
        RecordDeliveryAttempt c => Record(c, state),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown alert command."),
    };

    private static AlertEvent[] Record(RecordDeliveryAttempt command, AlertState state)
    {
        if (state.Raised is not { } raised || !state.Deliveries.TryGetValue(command.WebhookId, out var progress))
        {
            throw new RuleViolationException("alert.not_addressed", $"The alert does not go to webhook '{command.WebhookId}'.");
        }

        if (progress.Finished || command.Attempt <= progress.Attempts)
        {
            return [];
        }

        if (command.Attempt != progress.Attempts + 1 || (command.Outcome == DeliveryOutcome.WillRetry) != command.NextAttemptAt.HasValue)
        {
            throw new RuleViolationException("alert.attempt_out_of_order", $"Attempt {command.Attempt} does not follow attempt {progress.Attempts}, or its retry time does not fit its outcome.");
        }

        return
        [
            new WebhookDeliveryAttempted(
                raised.AlertId, command.WebhookId, raised.Kind, command.Attempt, command.StatusCode, command.Error, command.DurationMs, command.Outcome, command.NextAttemptAt, command.Actor, command.Now),
        ];
    }
}
