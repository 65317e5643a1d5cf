using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Webhooks;

/// <summary>One delivery attempt as the webhook's log shows it.</summary>
public sealed record DeliveryLogEntry(
    string AlertId,
    string Kind,
    int Attempt,
    DateTimeOffset AttemptedAt,
    int? StatusCode,
    string? Error,
    long DurationMs,
    DeliveryOutcome Outcome,
    DateTimeOffset? NextAttemptAt);

/// <summary>The delivery log of every webhook: one history row per attempt, under the webhook's id.</summary>
public sealed class WebhookDeliveryProjection : IProjection
{
    public const string ProjectionName = "webhook_deliveries";
    public const string LogKind = "webhook_delivery";

    private static readonly string AttemptType = EventRegistry.StoredNameOf(typeof(AlertEvent.WebhookDeliveryAttempted));

    /// <inheritdoc />
    public string Name => ProjectionName;

    /// <inheritdoc />
    public int Version => 1;

    public static DocumentKey LogKey(string tenant, string webhookId) => new(tenant, LogKind, webhookId);

    /// <inheritdoc />
    public ValueTask ApplyAsync(RecordedEvent recorded, IReadModelWriter writer, CancellationToken cancellationToken)
    {
        if (recorded.Type == AttemptType)
        {
            var e = (AlertEvent.WebhookDeliveryAttempted)EventSerializer.Deserialize(recorded.Type, recorded.Data);
            writer.Append(
                LogKey(recorded.Metadata.Tenant, e.WebhookId),
                new DeliveryLogEntry(e.AlertId, e.Kind, e.Attempt, e.AttemptedAt, e.StatusCode, e.Error, e.DurationMs, e.Outcome, e.NextAttemptAt));
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>Reads a webhook's delivery log, oldest first, in pages after a position.</summary>
public sealed class WebhookDeliveryLog(ReadModelQueries queries)
{
    public Task<IReadOnlyList<ReadModelHistoryEntry<DeliveryLogEntry>>> ReadAsync(
        string tenant, string webhookId, long afterPosition, int limit, CancellationToken cancellationToken) =>
        queries.HistoryAsync<DeliveryLogEntry>(WebhookDeliveryProjection.ProjectionName, WebhookDeliveryProjection.LogKey(tenant, webhookId), afterPosition, limit, cancellationToken);
}
