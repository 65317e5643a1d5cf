using System.Collections.Immutable;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Billing;

/// <summary>
/// The billing read models, built in one pass over <c>$all</c>: billable state per customer and service (which is also
/// the discrepancy list), unmapped organizations and drift, the audit history and the invoice view of closed periods.
/// Quantities come from the domain's <see cref="CustomerState.Evolve"/> and <see cref="BillableQuantities.Compute"/>;
/// nothing here decides what is billable.
/// </summary>
/// <remarks>
/// Events are read and folded through the ledger's <see cref="LedgerReader"/>, so the projection sees the same state
/// as the commands and queries, and decodes through the same <see cref="DecodedEventCache"/>.
/// </remarks>
public sealed class BillingProjection : IProjection
{
    /// <summary>The projection's name.</summary>
    public const string ProjectionName = "billing";

    /// <summary>Kind of <see cref="BillableLine"/> documents.</summary>
    public const string BillableKind = "billable";

    /// <summary>Kind of <see cref="CustomerSummary"/> documents.</summary>
    public const string CustomerKind = "customer";

    /// <summary>Kind of <see cref="AttentionItem"/> documents.</summary>
    public const string AttentionKind = "attention";

    /// <summary>Kind of the <see cref="AuditEntry"/> history.</summary>
    public const string AuditKind = "audit";

    /// <summary>Kind of <see cref="InvoiceView"/> documents.</summary>
    public const string InvoiceKind = "invoice";

    /// <summary>Kind of <see cref="TenantSummary"/> documents.</summary>
    public const string TenantKind = "tenant";

    private static readonly HashSet<string> ReadableTypes = new(EventSerializer.ReadableNames, StringComparer.Ordinal);
    private readonly LedgerReader _reader;
    private readonly CustomerFolds _folds;

    /// <summary>A projection reading <paramref name="store"/>, decoding through <paramref name="decoded"/> (the host's shared cache).</summary>
    public BillingProjection(IEventStore store, DecodedEventCache? decoded = null)
    {
        _reader = new LedgerReader(store, decoded ?? new DecodedEventCache());
        _folds = new CustomerFolds(_reader);
    }

    /// <inheritdoc />
    public string Name => ProjectionName;

    /// <inheritdoc />
    public int Version => 1;

    /// <summary>The key of one service line's document.</summary>
    public static DocumentKey BillableKey(string tenant, string customerKey, string service) => new(tenant, BillableKind, $"{customerKey}/{service}");

    /// <summary>The key of a customer's summary and audit history.</summary>
    public static DocumentKey CustomerKey(string tenant, string customerKey) => new(tenant, CustomerKind, customerKey);

    /// <summary>The key of a customer's audit history.</summary>
    public static DocumentKey AuditKey(string tenant, string customerKey) => new(tenant, AuditKind, customerKey);

    /// <summary>The key of a closed period's invoice view.</summary>
    public static DocumentKey InvoiceKey(string tenant, string customerKey, string periodId) => new(tenant, InvoiceKind, $"{customerKey}/{periodId}");

    /// <inheritdoc />
    public async ValueTask ApplyAsync(RecordedEvent recorded, IReadModelWriter writer, CancellationToken cancellationToken)
    {
        if (!ReadableTypes.Contains(recorded.Type))
        {
            return;
        }

        if (StreamNames.TryParseCustomer(recorded.Stream, out var tenant, out var customerKey))
        {
            var @event = _reader.Decode(StreamFolds.Customer, tenant, recorded);
            await ApplyCustomerEventAsync(recorded, @event, tenant, customerKey, writer, cancellationToken).ConfigureAwait(false);
        }
        else if (StreamNames.IsValidTenant(recorded.Metadata.Tenant) && recorded.Stream == StreamNames.Tenant(recorded.Metadata.Tenant))
        {
            var @event = _reader.Decode(StreamFolds.Tenant, recorded.Metadata.Tenant, recorded);
            await ApplyTenantEventAsync(recorded, @event, recorded.Metadata.Tenant, writer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool SamePolicies(
        ImmutableSortedDictionary<CountingPolicyKind, CountingChoice>? cached,
        ImmutableSortedDictionary<CountingPolicyKind, CountingChoice> current) =>
        cached is not null && cached.Count == current.Count && cached.All(p => current.TryGetValue(p.Key, out var choice) && choice == p.Value);

    private async Task ApplyCustomerEventAsync(
        RecordedEvent recorded,
        CustomerEvent @event,
        string tenant,
        string customerKey,
        IReadModelWriter writer,
        CancellationToken cancellationToken)
    {
        var tenantSummary = await TenantDocuments.GetAsync(writer, tenant, cancellationToken).ConfigureAwait(false);
        var summary = await writer.GetAsync<CustomerSummary>(CustomerKey(tenant, customerKey), cancellationToken).ConfigureAwait(false);
        if (summary is null)
        {
            tenantSummary = TenantDocuments.AddCustomer(writer, tenant, tenantSummary, customerKey);
        }

        var policies = tenantSummary.Policies.ToImmutableDictionary();
        var cached = _folds.Preceding(recorded.Stream, recorded.Revision);
        var before = cached?.State ?? await _folds.FoldAsync(tenant, recorded.Stream, recorded.Revision - 1, cancellationToken).ConfigureAwait(false);
        var after = StreamFolds.Customer.Evolve(before, @event);

        // The quantities after one event are the quantities before the next, unless the tenant's policies moved.
        var usageBefore = cached?.Usage is { } known && SamePolicies(cached.Policies, tenantSummary.Policies)
            ? known
            : BillableQuantities.Compute(before, policies);
        var usageAfter = BillableQuantities.Compute(after, policies);
        _folds.Remember(recorded.Stream, new CustomerFold(recorded.Revision, after, tenantSummary.Policies, usageAfter));
        var changes = AuditDocuments.Changes(usageBefore, usageAfter);
        CustomerDocuments.Refresh(writer, tenant, customerKey, summary, after, usageAfter, recorded.Revision, recorded.Position);
        AuditDocuments.Append(
            writer, tenant, customerKey, recorded, recorded.Revision,
            Narration.Describe(@event, after.Usage?.Content ?? before.Usage?.Content), Narration.Reason(@event), changes);
        await InvoiceDocuments.UpdateAsync(writer, recorded, @event, tenant, customerKey, after, changes, cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyTenantEventAsync(RecordedEvent recorded, TenantEvent @event, string tenant, IReadModelWriter writer, CancellationToken cancellationToken)
    {
        var tenantSummary = await TenantDocuments.GetAsync(writer, tenant, cancellationToken).ConfigureAwait(false);
        var oldPolicies = tenantSummary.Policies.ToImmutableDictionary();
        var newPolicies = StreamFolds.Tenant.Evolve(new TenantState(oldPolicies), @event).Policies;
        TenantDocuments.SetPolicies(writer, tenant, tenantSummary, newPolicies, recorded.Revision);

        // A tenant-wide policy can change every customer's quantities.
        foreach (var customerKey in tenantSummary.Customers)
        {
            var summary = await writer.GetAsync<CustomerSummary>(CustomerKey(tenant, customerKey), cancellationToken).ConfigureAwait(false);
            if (summary is null)
            {
                continue;
            }

            var state = await _folds.FoldAsync(tenant, StreamNames.Customer(tenant, customerKey), summary.Revision, cancellationToken).ConfigureAwait(false);
            var usageAfter = BillableQuantities.Compute(state, newPolicies);
            var changes = AuditDocuments.Changes(BillableQuantities.Compute(state, oldPolicies), usageAfter);
            CustomerDocuments.Refresh(writer, tenant, customerKey, summary, state, usageAfter, summary.Revision, recorded.Position);
            AuditDocuments.Append(writer, tenant, customerKey, recorded, summary.Revision, Narration.Describe(@event), Narration.Reason(@event), changes);
        }
    }
}
