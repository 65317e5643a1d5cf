namespace LedgerReconcile.Domain.Webhooks;

public abstract record AlertCommand
{
    private AlertCommand()
    {
    }

    public sealed record RaiseAlert(
        string AlertId, string Kind, IReadOnlyList<string> WebhookIds, IReadOnlyDictionary<string, string> Data, string Source, DateTimeOffset OccurredAt, string Actor)
        : AlertCommand;

    /// <param name="Attempt">The attempt's number, 1 for the first: a repeat of an attempt already recorded changes nothing.</param>
    public sealed record RecordDeliveryAttempt(
        string WebhookId, int Attempt, int? StatusCode, string? Error, long DurationMs, DeliveryOutcome Outcome, DateTimeOffset? NextAttemptAt, string Actor, DateTimeOffset Now)
        : AlertCommand;
}
