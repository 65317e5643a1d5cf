using LedgerReconcile.Projections.ReadModels;

namespace LedgerReconcile.Projections.Billing;

/// <summary>The billing read models as the API and the CLI read them.</summary>
public sealed class BillingQueries(ReadModelQueries queries)
{
    private const string Projection = BillingProjection.ProjectionName;

    /// <summary>Every status except <see cref="BillableStatus.InSync"/> and <see cref="BillableStatus.SharedElsewhere"/> (the home line shows that one).</summary>
    public static IReadOnlyList<BillableStatus> DiscrepancyStatuses { get; } =
        Enum.GetValues<BillableStatus>().Where(s => s is not (BillableStatus.InSync or BillableStatus.SharedElsewhere)).ToList();

    /// <summary>One customer at a glance, or null.</summary>
    public Task<CustomerSummary?> GetCustomerAsync(string tenant, string customerKey, CancellationToken cancellationToken = default) =>
        queries.GetAsync<CustomerSummary>(Projection, BillingProjection.CustomerKey(tenant, customerKey), cancellationToken);

    /// <summary>All customers, largest money at stake first.</summary>
    public async Task<IReadOnlyList<CustomerSummary>> ListCustomersAsync(string tenant, int offset = 0, int limit = 100, CancellationToken cancellationToken = default) =>
        (await queries.QueryAsync<CustomerSummary>(
            Projection,
            new DocumentQuery(tenant, BillingProjection.CustomerKind, OrderByRankDescending: true, Offset: offset, Limit: limit),
            cancellationToken).ConfigureAwait(false)).Select(d => d.Value).ToList();

    /// <summary>The billable state of one customer, one line per service.</summary>
    public async Task<IReadOnlyList<BillableLine>> GetBillableStateAsync(string tenant, string customerKey, CancellationToken cancellationToken = default) =>
        (await queries.QueryAsync<BillableLine>(
            Projection,
            new DocumentQuery(tenant, BillingProjection.BillableKind, Parent: customerKey),
            cancellationToken).ConfigureAwait(false)).Select(d => d.Value).ToList();

    /// <summary>
    /// The tenant-wide discrepancy list, largest money impact first (lines without a price last), optionally only some
    /// statuses (default: everything not in sync) and one service.
    /// </summary>
    public async Task<IReadOnlyList<BillableLine>> ListDiscrepanciesAsync(
        string tenant,
        IReadOnlyList<BillableStatus>? statuses = null,
        string? service = null,
        int offset = 0,
        int limit = 100,
        CancellationToken cancellationToken = default) =>
        (await queries.QueryAsync<BillableLine>(
            Projection,
            new DocumentQuery(
                tenant,
                BillingProjection.BillableKind,
                Statuses: (statuses ?? DiscrepancyStatuses).Select(s => s.ToString()).ToList(),
                Facet: service,
                OrderByRankDescending: true,
                Offset: offset,
                Limit: limit),
            cancellationToken).ConfigureAwait(false)).Select(d => d.Value).ToList();

    /// <summary>Unmapped organizations and drift, optionally of one kind.</summary>
    public async Task<IReadOnlyList<AttentionItem>> ListAttentionAsync(string tenant, AttentionKind? kind = null, CancellationToken cancellationToken = default) =>
        (await queries.QueryAsync<AttentionItem>(
            Projection,
            new DocumentQuery(tenant, BillingProjection.AttentionKind, Facet: kind?.ToString(), Limit: 10_000),
            cancellationToken).ConfigureAwait(false)).Select(d => d.Value).ToList();

    /// <summary>A customer's audit history, oldest first, after <paramref name="afterPosition"/>.</summary>
    public async Task<IReadOnlyList<AuditEntry>> GetAuditHistoryAsync(
        string tenant,
        string customerKey,
        long afterPosition = 0,
        int limit = 1_000,
        CancellationToken cancellationToken = default) =>
        (await queries.HistoryAsync<AuditEntry>(Projection, BillingProjection.AuditKey(tenant, customerKey), afterPosition, limit, cancellationToken)
            .ConfigureAwait(false)).Select(h => h.Value).ToList();

    /// <summary>The invoice view of one closed period, or null.</summary>
    public Task<InvoiceView?> GetInvoiceAsync(string tenant, string customerKey, string periodId, CancellationToken cancellationToken = default) =>
        queries.GetAsync<InvoiceView>(Projection, BillingProjection.InvoiceKey(tenant, customerKey, periodId), cancellationToken);

    /// <summary>Every closed period of a customer.</summary>
    public async Task<IReadOnlyList<InvoiceView>> ListInvoicesAsync(string tenant, string customerKey, CancellationToken cancellationToken = default) =>
        (await queries.QueryAsync<InvoiceView>(
            Projection,
            new DocumentQuery(tenant, BillingProjection.InvoiceKind, Parent: customerKey),
            cancellationToken).ConfigureAwait(false)).Select(d => d.Value).ToList();
}
