using System.Collections.Concurrent;
using System.Collections.Immutable;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.Domain.Tenants;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.ReadModels;
using static LedgerReconcile.Domain.Customers.CustomerEvent;

namespace LedgerReconcile.Projections.Billing;

/// <summary>
/// The billing read models, built in one pass over <c>$all</c>: billable state per customer and service (which is also
/// the discrepancy list), unmapped organizations and drift, the audit history and the invoice view of closed periods.
/// Quantities come from the domain's <see cref="CustomerState.Evolve"/> and <see cref="BillableQuantities.Compute"/>;
/// nothing here decides what is billable.
/// </summary>
/// <remarks>
/// The customer's folded state is not stored (its dictionaries are keyed by records); it is kept in memory per
/// stream and revision, and refolded from the stream's first events up to the revision the read model has applied
/// whenever it is missing. Events of a stream up to a revision never change, so every lane, incremental or rebuild,
/// folds the same state.
/// </remarks>
public sealed class BillingProjection(IEventStore store) : IProjection
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

    private const int FoldCacheCapacity = 20_000;
    private static readonly HashSet<string> ReadableTypes = new(EventSerializer.ReadableNames, StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CustomerFold> _folds = new(StringComparer.Ordinal);

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
            var @event = (CustomerEvent)EventSerializer.Deserialize(recorded.Type, recorded.Data);
            await ApplyCustomerEventAsync(recorded, @event, tenant, customerKey, writer, cancellationToken).ConfigureAwait(false);
        }
        else if (StreamNames.IsValidTenant(recorded.Metadata.Tenant) && recorded.Stream == StreamNames.Tenant(recorded.Metadata.Tenant))
        {
            var @event = (TenantEvent)EventSerializer.Deserialize(recorded.Type, recorded.Data);
            await ApplyTenantEventAsync(recorded, @event, recorded.Metadata.Tenant, writer, cancellationToken).ConfigureAwait(false);
        }
    }

    private static TenantSummary NewTenant(string tenant) => new(
        tenant,
        ImmutableSortedDictionary<CountingPolicyKind, CountingChoice>.Empty,
        ImmutableSortedSet<string>.Empty,
        -1);

    private static IReadOnlyList<QuantityChange> Changes(BillableUsage before, BillableUsage after) =>
        after.Services
            .Select(s => (s.Line, After: s.Quantity, Before: before.Services.FirstOrDefault(b => b.Line == s.Line)?.Quantity ?? 0))
            .Concat(before.Services.Where(b => after.Services.All(a => a.Line != b.Line)).Select(b => (b.Line, After: 0m, Before: b.Quantity)))
            .Where(c => c.Before != c.After)
            .Select(c => new QuantityChange(c.Line.ToString(), c.Before, c.After))
            .ToList();

    private async Task ApplyCustomerEventAsync(
        RecordedEvent recorded,
        CustomerEvent @event,
        string tenant,
        string customerKey,
        IReadModelWriter writer,
        CancellationToken cancellationToken)
    {
        var tenantKey = new DocumentKey(tenant, TenantKind, tenant);
        var tenantSummary = await writer.GetAsync<TenantSummary>(tenantKey, cancellationToken).ConfigureAwait(false) ?? NewTenant(tenant);
        var summary = await writer.GetAsync<CustomerSummary>(CustomerKey(tenant, customerKey), cancellationToken).ConfigureAwait(false);
        if (summary is null)
        {
            tenantSummary = tenantSummary with { Customers = tenantSummary.Customers.Add(customerKey) };
            writer.Put(tenantKey, tenantSummary);
        }

        var policies = tenantSummary.Policies.ToImmutableDictionary();
        var cached = _folds.TryGetValue(recorded.Stream, out var fold) && fold.Revision == recorded.Revision - 1 ? fold : null;
        var before = cached?.State ?? await FoldAsync(recorded.Stream, recorded.Revision - 1, cancellationToken).ConfigureAwait(false);
        var after = CustomerState.Evolve(before, @event);

        // The quantities after one event are the quantities before the next, unless the tenant's policies moved.
        var usageBefore = cached?.Usage is { } known && SamePolicies(cached.Policies, tenantSummary.Policies)
            ? known
            : BillableQuantities.Compute(before, policies);
        var usageAfter = BillableQuantities.Compute(after, policies);
        _folds[recorded.Stream] = new CustomerFold(recorded.Revision, after, tenantSummary.Policies, usageAfter);
        var changes = Changes(usageBefore, usageAfter);
        await RefreshCustomerAsync(tenant, customerKey, summary, after, usageAfter, recorded.Revision, recorded.Position, writer).ConfigureAwait(false);

        writer.Append(AuditKey(tenant, customerKey), new AuditEntry(
            recorded.Position,
            recorded.Revision,
            recorded.EventId,
            recorded.Type,
            Narration.Describe(@event, after.Usage?.Content ?? before.Usage?.Content),
            recorded.Metadata.Actor,
            recorded.OccurredAt,
            recorded.RecordedAt,
            Narration.Reason(@event),
            changes));

        await UpdateInvoicesAsync(recorded, @event, tenant, customerKey, after, changes, writer, cancellationToken).ConfigureAwait(false);
    }

    private async Task ApplyTenantEventAsync(RecordedEvent recorded, TenantEvent @event, string tenant, IReadModelWriter writer, CancellationToken cancellationToken)
    {
        var tenantKey = new DocumentKey(tenant, TenantKind, tenant);
        var tenantSummary = await writer.GetAsync<TenantSummary>(tenantKey, cancellationToken).ConfigureAwait(false) ?? NewTenant(tenant);
        var oldPolicies = tenantSummary.Policies.ToImmutableDictionary();
        var newPolicies = TenantState.Evolve(new TenantState(oldPolicies), @event).Policies;
        writer.Put(tenantKey, tenantSummary with { Policies = newPolicies.ToImmutableSortedDictionary(), Revision = recorded.Revision });

        // A tenant-wide policy can change every customer's quantities.
        foreach (var customerKey in tenantSummary.Customers)
        {
            var summary = await writer.GetAsync<CustomerSummary>(CustomerKey(tenant, customerKey), cancellationToken).ConfigureAwait(false);
            if (summary is null)
            {
                continue;
            }

            var state = await FoldAsync(StreamNames.Customer(tenant, customerKey), summary.Revision, cancellationToken).ConfigureAwait(false);
            var usageBefore = BillableQuantities.Compute(state, oldPolicies);
            var usageAfter = BillableQuantities.Compute(state, newPolicies);
            var changes = Changes(usageBefore, usageAfter);
            await RefreshCustomerAsync(tenant, customerKey, summary, state, usageAfter, summary.Revision, recorded.Position, writer).ConfigureAwait(false);
            writer.Append(AuditKey(tenant, customerKey), new AuditEntry(
                recorded.Position,
                summary.Revision,
                recorded.EventId,
                recorded.Type,
                Narration.Describe(@event),
                recorded.Metadata.Actor,
                recorded.OccurredAt,
                recorded.RecordedAt,
                Narration.Reason(@event),
                changes));
        }
    }

    private static Task RefreshCustomerAsync(
        string tenant,
        string customerKey,
        CustomerSummary? previous,
        CustomerState state,
        BillableUsage usage,
        long revision,
        long position,
        IReadModelWriter writer)
    {
        var name = state.DattoOrganizationName ?? customerKey;
        var lines = usage.Services
            .Where(s => s.Mapping is not null || s.Quantity != 0 || s.RawAmount != 0 || s.NeedsDecision.Count > 0 || s.Ignored.Count > 0)
            .Select(s => ToLine(customerKey, name, state, s, usage, position))
            .ToList();
        foreach (var line in lines)
        {
            writer.Put(BillableKey(tenant, customerKey, line.Service), line, new DocumentIndex(
                Parent: customerKey,
                Status: line.Status.ToString(),
                Facet: line.Service,
                Rank: line.MoneyImpact is { } impact ? Math.Abs(impact) : null));
        }

        var lineNames = lines.Select(l => l.Service).ToImmutableSortedSet();
        foreach (var gone in previous?.Lines.Except(lineNames) ?? [])
        {
            writer.Delete(BillableKey(tenant, customerKey, gone));
        }

        var attention = Attention(customerKey, name, state).ToList();
        var attentionKeys = attention.Select(a => a.Key).ToImmutableSortedSet();
        foreach (var (key, item) in attention)
        {
            writer.Put(new DocumentKey(tenant, AttentionKind, key), item, new DocumentIndex(Parent: customerKey, Status: "open", Facet: item.Kind.ToString()));
        }

        foreach (var gone in previous?.AttentionKeys.Except(attentionKeys) ?? [])
        {
            writer.Delete(new DocumentKey(tenant, AttentionKind, gone));
        }

        var discrepancies = lines.Where(l => l.Status != BillableStatus.InSync).ToList();
        var summary = new CustomerSummary(
            customerKey,
            name,
            state.Account?.OrganizationId ?? state.Usage?.Content.OrganizationId,
            state.Account?.PsaCompanyName,
            state.Account?.AgreementId,
            revision,
            lineNames,
            attentionKeys,
            discrepancies.Count,
            discrepancies.Where(l => l.Status == BillableStatus.UnderBilled).Sum(l => l.MoneyImpact ?? 0),
            -discrepancies.Where(l => l.Status == BillableStatus.OverBilled).Sum(l => l.MoneyImpact ?? 0),
            usage.UsageObservedAt);
        writer.Put(CustomerKey(tenant, customerKey), summary, new DocumentIndex(
            Status: state.Account is null ? "unmapped" : "mapped",
            Rank: summary.UnderBilledAmount + summary.OverBilledAmount));
        return Task.CompletedTask;
    }

    private static BillableLine ToLine(string customerKey, string name, CustomerState state, ServiceQuantity quantity, BillableUsage usage, long position)
    {
        var mapping = quantity.Mapping;
        var observed = mapping is not null ? state.PsaLines.GetValueOrDefault(mapping.PsaLineId) : null;
        var difference = quantity.Quantity - (observed?.Quantity ?? 0);
        var price = mapping?.UnitPrice;
        var status = Status(state, quantity, difference);
        var note = mapping is not null && observed is null ? "The PSA line has not been read yet; compared with 0." : null;
        return new BillableLine(
            customerKey,
            name,
            quantity.Line.ToString(),
            quantity.Line.Service,
            quantity.Line.SeatType,
            Narration.Unit(quantity.Line, quantity.UnitRule),
            quantity.Quantity,
            quantity.RawAmount,
            quantity.Counted.Select(ToAsset).ToList(),
            quantity.Ignored.Select(ToAsset).ToList(),
            quantity.NeedsDecision.Select(ToAsset).ToList(),
            mapping?.PsaLineId,
            observed?.Quantity,
            observed?.ObservedAt,
            difference,
            price,
            price is null ? null : difference * price.Amount,
            status,
            note,
            usage.SnapshotId,
            usage.UsageObservedAt,
            position);
    }

    private static BillableStatus Status(CustomerState state, ServiceQuantity quantity, decimal difference)
    {
        if (state.Account is null || quantity.Mapping is not { } mapping)
        {
            return BillableStatus.Unmapped;
        }

        if (state.Writes.Values.Any(w => w.PsaLineId == mapping.PsaLineId && w.Status == PsaWriteStatus.Requested))
        {
            return BillableStatus.WritePending;
        }

        if (state.OpenProposalFor(mapping.PsaLineId) is { Status: ProposalStatus.Approved } proposal
            && state.Writes.Values.Any(w => w.ProposalId == proposal.ProposalId && w.Status == PsaWriteStatus.Failed))
        {
            return BillableStatus.WriteFailed;
        }

        if (quantity.NeedsDecision.Count > 0)
        {
            return BillableStatus.NeedsDecision;
        }

        return difference switch
        {
            > 0 => BillableStatus.UnderBilled,
            < 0 => BillableStatus.OverBilled,
            _ => BillableStatus.InSync,
        };
    }

    private static BillableAsset ToAsset(AssetOutcome outcome) =>
        new(outcome.Asset.Kind, outcome.Asset.Id, outcome.Name, outcome.Amount, outcome.Basis, outcome.Explanation, outcome.Decision?.Actor);

    private static IEnumerable<(string Key, AttentionItem Item)> Attention(string customerKey, string name, CustomerState state)
    {
        if (state.Account is null && state.Usage is not null)
        {
            yield return ($"{customerKey}/unmapped", new AttentionItem(
                customerKey,
                name,
                Billing.AttentionKind.UnmappedOrganization,
                $"Datto organization '{name}' has usage and no PSA account mapping.",
                state.Usage.ObservedAt,
                null,
                null));
        }

        foreach (var drift in state.Drifts.Values.Where(d => d.IsOpen).OrderBy(d => d.DriftId, StringComparer.Ordinal))
        {
            var kind = drift.Kind == DriftKind.DattoOrganizationRenamed ? Billing.AttentionKind.DattoOrganizationRenamed : Billing.AttentionKind.PsaCompanyRenamed;
            var side = drift.Kind == DriftKind.DattoOrganizationRenamed ? "Datto organization" : "PSA company";
            yield return ($"{customerKey}/drift/{drift.DriftId}", new AttentionItem(
                customerKey, name, kind, $"{side} renamed from '{drift.From}' to '{drift.To}'.", drift.ObservedAt, drift.DriftId, null));
        }

        if (state.Account is null)
        {
            foreach (var mapping in state.Services.Values.OrderBy(m => m.Line.ToString(), StringComparer.Ordinal))
            {
                yield return ($"{customerKey}/orphan/{mapping.Line}", new AttentionItem(
                    customerKey,
                    name,
                    Billing.AttentionKind.MappedLineWithoutAccount,
                    $"{mapping.Line} is mapped to PSA line {mapping.PsaLineId}, but the customer's agreement is no longer mapped.",
                    mapping.EffectiveFrom,
                    null,
                    mapping.Line.ToString()));
            }
        }
    }

    private static async Task UpdateInvoicesAsync(
        RecordedEvent recorded,
        CustomerEvent @event,
        string tenant,
        string customerKey,
        CustomerState after,
        IReadOnlyList<QuantityChange> changes,
        IReadModelWriter writer,
        CancellationToken cancellationToken)
    {
        if (@event is BillingPeriodClosed closed)
        {
            var invoiced = closed.Lines.Select(Invoiced).ToList();
            writer.Put(InvoiceKey(tenant, customerKey, closed.PeriodId), new InvoiceView(
                customerKey, closed.PeriodId, closed.PeriodStart, closed.PeriodEnd, closed.ClosedAt, recorded.Metadata.Actor, invoiced, invoiced, []),
                new DocumentIndex(Parent: customerKey, Facet: closed.PeriodId));
            return;
        }

        foreach (var period in after.ClosedPeriods.Values.OrderBy(p => p.PeriodId, StringComparer.Ordinal))
        {
            var key = InvoiceKey(tenant, customerKey, period.PeriodId);
            if (await writer.GetAsync<InvoiceView>(key, cancellationToken).ConfigureAwait(false) is not { } view)
            {
                continue;
            }

            InvoiceCorrection? correction = null;
            if (@event is BillingPeriodAdjusted adjusted && adjusted.PeriodId == period.PeriodId)
            {
                correction = new InvoiceCorrection(
                    recorded.RecordedAt, recorded.OccurredAt, $"Adjusted: {adjusted.Cause}", new ServiceLine(adjusted.Service, adjusted.SeatType).ToString(),
                    adjusted.From, adjusted.To, recorded.Metadata.Actor);
            }
            else if (@event is not BillingPeriodAdjusted && recorded.RecordedAt > view.ClosedAt && WithinPeriod(recorded.OccurredAt, period))
            {
                // Evidence about the closed period that arrived after the invoice: finance sees it against the invoice.
                var what = "Recorded after closing: " + Narration.Describe(@event, after.Usage?.Content)
                    + (changes.Count > 0 ? " Current quantities changed: " + string.Join(", ", changes.Select(c => $"{c.Service} {Narration.Number(c.Before)} to {Narration.Number(c.After)}")) + "." : "");
                correction = new InvoiceCorrection(recorded.RecordedAt, recorded.OccurredAt, what, null, null, null, recorded.Metadata.Actor);
            }

            if (correction is not null)
            {
                writer.Put(key, view with
                {
                    Current = period.Lines.Values.OrderBy(l => new ServiceLine(l.Service, l.SeatType).ToString(), StringComparer.Ordinal).Select(Invoiced).ToList(),
                    Corrections = [.. view.Corrections, correction],
                }, new DocumentIndex(Parent: customerKey, Facet: period.PeriodId));
            }
        }
    }

    private static InvoicedLine Invoiced(InvoicedQuantity line) =>
        new(new ServiceLine(line.Service, line.SeatType).ToString(), line.PsaLineId, line.Quantity, line.UnitPrice);

    private static bool WithinPeriod(DateTimeOffset validAt, ClosedPeriod period)
    {
        var day = DateOnly.FromDateTime(validAt.UtcDateTime);
        return day >= period.Start && day <= period.End;
    }

    private async Task<CustomerState> FoldAsync(string stream, long revision, CancellationToken cancellationToken)
    {
        if (revision < 0)
        {
            return CustomerState.Initial;
        }

        if (_folds.TryGetValue(stream, out var cached) && cached.Revision == revision)
        {
            return cached.State;
        }

        var state = CustomerState.Initial;
        await foreach (var recorded in store.ReadStreamAsync(stream, ReadDirection.Forwards, StreamRevision.Start, revision + 1, cancellationToken).ConfigureAwait(false))
        {
            if (ReadableTypes.Contains(recorded.Type))
            {
                state = CustomerState.Evolve(state, (CustomerEvent)EventSerializer.Deserialize(recorded.Type, recorded.Data));
            }
        }

        if (_folds.Count > FoldCacheCapacity)
        {
            _folds.Clear();
        }

        _folds[stream] = new CustomerFold(revision, state, null, null);
        return state;
    }

    private static bool SamePolicies(
        ImmutableSortedDictionary<CountingPolicyKind, CountingChoice>? cached,
        ImmutableSortedDictionary<CountingPolicyKind, CountingChoice> current) =>
        cached is not null && cached.Count == current.Count && cached.All(p => current.TryGetValue(p.Key, out var choice) && choice == p.Value);

    private sealed record CustomerFold(
        long Revision,
        CustomerState State,
        ImmutableSortedDictionary<CountingPolicyKind, CountingChoice>? Policies,
        BillableUsage? Usage);
}
