using System.Globalization;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.SyncRuns;
using LedgerReconcile.Domain.Webhooks;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Integrations.Webhooks;

/// <summary>A ledger event that may become an alert, with a way to read its customer's state (for money impact).</summary>
public sealed record AlertSourceEvent(RecordedEvent Recorded, object Event, Func<CancellationToken, Task<CustomerState>> Customer)
{
    public string Tenant => Recorded.Metadata.Tenant;

    public string? CustomerKey => StreamNames.TryParseCustomer(Recorded.Stream, out _, out var key) ? key : null;
}

/// <summary>Which stored event raises which kind of alert, and what its <c>data</c> says.</summary>
public sealed record AlertRule(Type EventType, string Kind, Func<AlertSourceEvent, CancellationToken, Task<IReadOnlyDictionary<string, string>>> Describe)
{
    public string StoredName => EventRegistry.StoredNameOf(EventType);
}

/// <summary>
/// The one table from ledger events to alert kinds. A new kind's source (close blockers, disputes) is one line here once
/// its event exists; the kind itself is already in <see cref="AlertKinds"/>.
/// </summary>
public static class AlertRules
{
    public const string AmountField = "amount";

    public static IReadOnlyList<AlertRule> All { get; } =
    [
        new(typeof(CustomerEvent.QuantityChangeProposed), AlertKinds.Discrepancy, (s, ct) =>
        {
            var e = (CustomerEvent.QuantityChangeProposed)s.Event;
            return DiscrepancyAsync(s, e.ProposalId, e.Service, e.SeatType, e.PsaLineId, e.From, e.To, ct);
        }),
        new(typeof(CustomerEvent.QuantityChangeProposedWithContributions), AlertKinds.Discrepancy, (s, ct) =>
        {
            var e = (CustomerEvent.QuantityChangeProposedWithContributions)s.Event;
            return DiscrepancyAsync(s, e.ProposalId, e.Service, e.SeatType, e.PsaLineId, e.From, e.To, ct);
        }),
        new(typeof(CustomerEvent.DattoOrganizationRenamed), AlertKinds.Drift, (s, _) =>
        {
            var e = (CustomerEvent.DattoOrganizationRenamed)s.Event;
            return Facts(s, ("side", "datto"), ("driftId", e.DriftId), ("from", e.From), ("to", e.To));
        }),
        new(typeof(CustomerEvent.PsaCompanyRenamed), AlertKinds.Drift, (s, _) =>
        {
            var e = (CustomerEvent.PsaCompanyRenamed)s.Event;
            return Facts(s, ("side", "psa"), ("driftId", e.DriftId), ("psaCompanyId", e.PsaCompanyId), ("from", e.From), ("to", e.To));
        }),
        new(typeof(CustomerEvent.PsaWriteConflictDetected), AlertKinds.WriteConflict, (s, _) =>
        {
            var e = (CustomerEvent.PsaWriteConflictDetected)s.Event;
            return Facts(s, ("proposalId", e.ProposalId.ToString()), ("psaLineId", e.PsaLineId), ("expectedQuantity", Text(e.ExpectedQuantity)), ("foundQuantity", Text(e.FoundQuantity)));
        }),
        new(typeof(CustomerEvent.UsageNotReported), AlertKinds.UsageNotReported, (s, _) =>
        {
            var e = (CustomerEvent.UsageNotReported)s.Event;
            return Facts(s, ("lastReportedAt", e.LastReportedAt.ToString("O", CultureInfo.InvariantCulture)), ("missedSyncs", e.MissedSyncs.ToString(CultureInfo.InvariantCulture)));
        }),
        new(typeof(SyncRunEvent.SyncRunFailed), AlertKinds.SyncFailed, (s, _) =>
        {
            var e = (SyncRunEvent.SyncRunFailed)s.Event;
            return Facts(s, ("runId", e.RunId), ("reason", e.Reason));
        }),
    ];

    private static readonly Dictionary<string, AlertRule> ByStoredName = All.ToDictionary(r => r.StoredName, StringComparer.Ordinal);

    public static IReadOnlyCollection<string> StoredNames => ByStoredName.Keys;

    public static AlertRule? For(string storedName) => ByStoredName.GetValueOrDefault(storedName);

    /// <summary>Whether a discrepancy alert reaches a webhook: without a threshold always, with one only at or above it.</summary>
    public static bool PassesThreshold(Webhook webhook, string kind, IReadOnlyDictionary<string, string> data) =>
        kind != AlertKinds.Discrepancy || webhook.MinimumAmount is not { } minimum
        || (data.TryGetValue(AmountField, out var text) && decimal.Parse(text, CultureInfo.InvariantCulture) >= minimum);

    private static async Task<IReadOnlyDictionary<string, string>> DiscrepancyAsync(
        AlertSourceEvent source, Guid proposalId, BillableService service, string? seatType, string psaLineId, decimal from, decimal to, CancellationToken ct)
    {
        var customer = await source.Customer(ct);
        var price = customer.Services.Values.FirstOrDefault(m => m.PsaLineId == psaLineId)?.UnitPrice;
        var facts = new List<(string, string)>
        {
            ("proposalId", proposalId.ToString()), ("service", service.ToString()), ("psaLineId", psaLineId), ("from", Text(from)), ("to", Text(to)),
        };
        if (seatType is not null)
        {
            facts.Add(("seatType", seatType));
        }

        if (price is not null)
        {
            facts.Add((AmountField, Text(Math.Abs(to - from) * price.Amount)));
            facts.Add(("currency", price.Currency));
        }

        return await Facts(source, [.. facts]);
    }

    private static Task<IReadOnlyDictionary<string, string>> Facts(AlertSourceEvent source, params (string Name, string Value)[] facts)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (source.CustomerKey is { } customer)
        {
            data["customer"] = customer;
        }

        foreach (var (name, value) in facts)
        {
            data[name] = value;
        }

        return Task.FromResult<IReadOnlyDictionary<string, string>>(data);
    }

    private static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
