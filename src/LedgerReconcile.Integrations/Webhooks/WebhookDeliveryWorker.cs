using System.Globalization;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Webhooks;
using LedgerReconcile.Domain.Webhooks;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static LedgerReconcile.Domain.Webhooks.AlertEvent;

namespace LedgerReconcile.Integrations.Webhooks;

/// <summary>
/// Delivers due alerts, records every attempt in the alert's stream, retries failures on <see cref="RetrySchedule"/>,
/// and disables a webhook whose delivery gave up after the retry window; raises each tenant's daily digest.
/// </summary>
public sealed class WebhookDeliveryWorker(
    AlertBook book, AlertSource source, WebhookSender sender, IServiceScopeFactory scopes, TimeProvider clock, ILogger<WebhookDeliveryWorker> logger)
{
    /// <summary>One pass: raise a due digest, then attempt every due delivery once. Returns the attempts made.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await RaiseDigestsAsync(cancellationToken);
        var due = book.Due(clock.GetUtcNow());
        await Parallel.ForEachAsync(
            due, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (delivery, ct) => await AttemptAsync(delivery, ct));
        return due.Count;
    }

    private async Task AttemptAsync(DueDelivery delivery, CancellationToken cancellationToken)
    {
        var attemptedAt = clock.GetUtcNow();
        var result = await sender.SendAsync(delivery, cancellationToken);
        var attempt = delivery.Progress.Attempts + 1;
        var next = result.Delivered ? null : RetrySchedule.NextAttempt(attempt, delivery.Progress.FirstAttemptAt ?? attemptedAt, attemptedAt, (Random.Shared.NextDouble() * 2) - 1);
        var outcome = result.Delivered ? DeliveryOutcome.Delivered : next is null ? DeliveryOutcome.GaveUp : DeliveryOutcome.WillRetry;
        var webhookId = delivery.Webhook.WebhookId;
        var context = new CommandContext(delivery.Tenant, AlertSource.Actor, delivery.Alert.AlertId, Guid.CreateVersion7());
        await SendAsync(new RecordDeliveryAttempt(context, delivery.Alert.AlertId, webhookId, attempt, result.StatusCode, result.Error, result.DurationMs, outcome, next, attemptedAt), cancellationToken);

        // The subscription brings the same fact back later; folding it now keeps the next pass from sending it again.
        book.Apply(delivery.Tenant, new WebhookDeliveryAttempted(
            delivery.Alert.AlertId, webhookId, delivery.Alert.Kind, attempt, result.StatusCode, result.Error, result.DurationMs, outcome, next, AlertSource.Actor, attemptedAt));
        if (outcome == DeliveryOutcome.GaveUp)
        {
            var since = (delivery.Progress.FirstAttemptAt ?? attemptedAt).ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
            logger.LogWarning("Webhook {WebhookId} of tenant {Tenant} failed every attempt since {Since}; disabling it", webhookId, delivery.Tenant, since);
            await SendAsync(
                new DisableWebhook(context with { CommandId = Guid.CreateVersion7() }, webhookId, $"Deliveries failed for {RetrySchedule.Window.TotalHours:0} hours since {since} ({attempt} attempts; last: {result.Error})"),
                cancellationToken);
        }
    }

    private async Task RaiseDigestsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        var dayEnd = new DateTimeOffset(yesterday.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        foreach (var tenant in book.Tenants())
        {
            var alertId = AlertBook.AlertIdFor($"digest:{tenant}:{yesterday:yyyy-MM-dd}");
            var subscribers = book.Subscribers(tenant, AlertKinds.DailyDigest, dayEnd);
            if (subscribers.Count == 0 || book.WasRaised(alertId))
            {
                continue;
            }

            var counts = book.CountsOf(tenant, yesterday);
            var data = new Dictionary<string, string>(StringComparer.Ordinal) { ["day"] = yesterday.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
            foreach (var kind in AlertKinds.All.Where(k => k != AlertKinds.DailyDigest))
            {
                data[kind] = counts.GetValueOrDefault(kind).ToString(CultureInfo.InvariantCulture);
            }

            await source.RaiseAsync(tenant, alertId, AlertKinds.DailyDigest, [.. subscribers.Select(w => w.WebhookId)], data, $"digest:{yesterday:yyyy-MM-dd}", dayEnd);
        }
    }

    private async Task SendAsync(ICommand<CommandResult> command, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }
}
