using System.Security.Cryptography;
using System.Text;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.EventStore;
using static LedgerReconcile.Domain.Webhooks.AlertEvent;

namespace LedgerReconcile.Integrations.Webhooks;

/// <summary>One delivery to make now: the alert, the webhook it goes to, and how far it got.</summary>
public sealed record DueDelivery(string Tenant, AlertRaised Alert, Webhook Webhook, DeliveryProgress Progress);

/// <summary>
/// What the alert source and the delivery worker know, folded in memory from <c>$all</c>: every tenant's webhooks,
/// the alerts not yet delivered everywhere, and the day's alert counts for the digest. Nothing here is stored: the
/// events are, and a restart folds them again (docs/adr/0025).
/// </summary>
public sealed class AlertBook
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, WebhookState> _webhooks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Tenant, AlertState State)> _open = new(StringComparer.Ordinal);
    private readonly HashSet<string> _raised = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Tenant, DateOnly Day), Dictionary<string, int>> _counts = [];
    private long _position;
    private TaskCompletionSource _moved = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Position
    {
        get
        {
            lock (_gate)
            {
                return _position;
            }
        }
    }

    /// <summary>An alert id from what caused it, so that deciding it again (a restart) names the same alert.</summary>
    public static string AlertIdFor(string cause) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cause)).AsSpan(0, 16));

    public void Apply(string tenant, object @event)
    {
        lock (_gate)
        {
            switch (@event)
            {
                case WebhookEvent e:
                    _webhooks[tenant] = WebhookState.Evolve(_webhooks.GetValueOrDefault(tenant) ?? WebhookState.Initial, e);
                    break;
                case AlertRaised e:
                    _raised.Add(e.AlertId);
                    _open[e.AlertId] = (tenant, AlertState.Evolve(AlertState.Initial, e));
                    break;
                case WebhookDeliveryAttempted e when _open.TryGetValue(e.AlertId, out var open):
                    var state = AlertState.Evolve(open.State, e);
                    if (state.Deliveries.Values.All(d => d.Finished))
                    {
                        _open.Remove(e.AlertId);
                    }
                    else
                    {
                        _open[e.AlertId] = (tenant, state);
                    }

                    break;
            }
        }
    }

    public void Count(string tenant, DateTimeOffset recordedAt, string kind)
    {
        lock (_gate)
        {
            var day = DateOnly.FromDateTime(recordedAt.UtcDateTime);
            if (!_counts.TryGetValue((tenant, day), out var counts))
            {
                _counts[(tenant, day)] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var old in _counts.Keys.Where(k => k.Day < day.AddDays(-3)).ToList())
                {
                    _counts.Remove(old);
                }
            }

            counts[kind] = counts.GetValueOrDefault(kind) + 1;
        }
    }

    public IReadOnlyDictionary<string, int> CountsOf(string tenant, DateOnly day)
    {
        lock (_gate)
        {
            return _counts.TryGetValue((tenant, day), out var counts) ? new Dictionary<string, int>(counts) : new Dictionary<string, int>();
        }
    }

    public bool WasRaised(string alertId)
    {
        lock (_gate)
        {
            return _raised.Contains(alertId);
        }
    }

    /// <summary>
    /// The tenant's webhooks subscribed to <paramref name="kind"/> as folded so far, which for an event being folded are
    /// the ones registered before it in <c>$all</c>; with <paramref name="registeredBy"/>, only those registered by then.
    /// </summary>
    public IReadOnlyList<Webhook> Subscribers(string tenant, string kind, DateTimeOffset? registeredBy = null)
    {
        lock (_gate)
        {
            return _webhooks.TryGetValue(tenant, out var state)
                ? [.. state.Webhooks.Values.Where(w => w.Subscribes(kind) && (registeredBy is null || w.RegisteredAt <= registeredBy))]
                : [];
        }
    }

    public IReadOnlyList<string> Tenants()
    {
        lock (_gate)
        {
            return [.. _webhooks.Where(t => t.Value.Webhooks.Count > 0).Select(t => t.Key)];
        }
    }

    /// <summary>
    /// Per enabled webhook, its oldest unfinished delivery when that one is due. Later alerts wait behind it, so a
    /// receiver that is down gets one retry at a time rather than one per waiting alert, and alerts arrive in order.
    /// </summary>
    public IReadOnlyList<DueDelivery> Due(DateTimeOffset now)
    {
        lock (_gate)
        {
            var heads = new Dictionary<string, DueDelivery>(StringComparer.Ordinal);
            foreach (var (tenant, alert) in _open.Values.OrderBy(o => o.State.Raised!.OccurredAt).ThenBy(o => o.State.Raised!.AlertId, StringComparer.Ordinal))
            {
                foreach (var (webhookId, progress) in alert.Deliveries.Where(d => !d.Value.Finished))
                {
                    if (!heads.ContainsKey(webhookId) && _webhooks.GetValueOrDefault(tenant)?.Webhooks.GetValueOrDefault(webhookId) is { } webhook)
                    {
                        heads[webhookId] = new DueDelivery(tenant, alert.Raised!, webhook, progress);
                    }
                }
            }

            return [.. heads.Values.Where(d => d.Webhook.Enabled && (d.Progress.NextAttemptAt is not { } next || next <= now))];
        }
    }

    public void Advance(long position)
    {
        TaskCompletionSource moved;
        lock (_gate)
        {
            if (position <= _position)
            {
                return;
            }

            _position = position;
            moved = _moved;
            _moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        moved.TrySetResult();
    }

    /// <summary>Waits until everything up to <paramref name="position"/> is folded; false on timeout.</summary>
    public async Task<bool> WaitForAsync(long position, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        while (true)
        {
            Task moved;
            lock (_gate)
            {
                if (_position >= position)
                {
                    return true;
                }

                moved = _moved.Task;
            }

            try
            {
                await moved.WaitAsync(limit.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }
}
