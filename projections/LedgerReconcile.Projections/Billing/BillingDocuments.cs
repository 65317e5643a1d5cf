using System.Collections.Immutable;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.Customers;

namespace LedgerReconcile.Projections.Billing;

/// <summary>Where a customer's service line stands between Datto and the PSA.</summary>
public enum BillableStatus
{
    /// <summary>The PSA bills what Datto counts.</summary>
    InSync,

    /// <summary>Datto counts more than the PSA bills: revenue is leaking.</summary>
    UnderBilled,

    /// <summary>The PSA bills more than Datto counts: a dispute waiting to happen.</summary>
    OverBilled,

    /// <summary>The customer or the service has no PSA mapping.</summary>
    Unmapped,

    /// <summary>Some assets wait for a person to decide whether they count.</summary>
    NeedsDecision,

    /// <summary>A corrected quantity is being written to the PSA.</summary>
    WritePending,

    /// <summary>The last write of a corrected quantity failed.</summary>
    WriteFailed,

    /// <summary>The PSA line is shared with other organizations and reconciled, summed, on another customer's line.</summary>
    SharedElsewhere,
}

/// <summary>One asset behind a quantity, and why it counts or not.</summary>
public sealed record BillableAsset(AssetKind Kind, string Id, string Name, decimal Amount, CountingBasis Basis, string Explanation, string? DecidedBy);

/// <summary>
/// The billable state of one customer's service line (kind <c>billable</c>, key <c>{customer}/{service}</c>; indexed by
/// customer, status, service and the size of the money impact): the document behind both the customer page and the
/// tenant-wide discrepancy list.
/// </summary>
/// <param name="Contributions">
/// For a PSA line several organizations share and this customer reconciles: what each organization puts on it, as
/// the open proposal summed them; the difference and status then compare that sum with the PSA. Null otherwise.
/// </param>
public sealed record BillableLine(
    string CustomerKey,
    string CustomerName,
    string Service,
    BillableService ServiceKind,
    string? SeatType,
    string Unit,
    decimal DattoQuantity,
    decimal RawAmount,
    IReadOnlyList<BillableAsset> Counted,
    IReadOnlyList<BillableAsset> Ignored,
    IReadOnlyList<BillableAsset> NeedsDecision,
    string? PsaLineId,
    decimal? PsaQuantity,
    DateTimeOffset? PsaObservedAt,
    decimal Difference,
    Money? UnitPrice,
    decimal? MoneyImpact,
    BillableStatus Status,
    string? Note,
    string? SnapshotId,
    DateTimeOffset? UsageObservedAt,
    long Position,
    IReadOnlyList<OrganizationContribution>? Contributions = null);

/// <summary>One customer at a glance (kind <c>customer</c>), and the bookkeeping the projection needs to refresh it.</summary>
/// <param name="Revision">The last revision of the customer's stream applied.</param>
/// <param name="Lines">The services that have a <see cref="BillableLine"/> document.</param>
/// <param name="AttentionKeys">The keys of the customer's open <see cref="AttentionItem"/> documents.</param>
public sealed record CustomerSummary(
    string CustomerKey,
    string Name,
    long? OrganizationId,
    string? PsaCompanyName,
    string? AgreementId,
    long Revision,
    ImmutableSortedSet<string> Lines,
    ImmutableSortedSet<string> AttentionKeys,
    int Discrepancies,
    decimal UnderBilledAmount,
    decimal OverBilledAmount,
    DateTimeOffset? UsageObservedAt);

/// <summary>What needs a person's attention outside the numbers.</summary>
public enum AttentionKind
{
    /// <summary>A Datto organization with usage and no account mapping.</summary>
    UnmappedOrganization,

    /// <summary>The Datto organization was renamed.</summary>
    DattoOrganizationRenamed,

    /// <summary>The PSA company was renamed.</summary>
    PsaCompanyRenamed,

    /// <summary>A service is still mapped to a line of an agreement that is no longer mapped.</summary>
    MappedLineWithoutAccount,

    /// <summary>A mapped PSA line was cancelled, end-dated or vanished; the service mapping is kept until a person decides.</summary>
    PsaLineEnded,

    /// <summary>Datto stopped reporting the customer for the grace period: nothing is billable until it reports again.</summary>
    UsageNotReported,

    /// <summary>A webhook was disabled after its deliveries kept failing; alerts wait until an admin enables it. Not a customer's item.</summary>
    WebhookDisabled,
}

/// <summary>An unmapped organization or a drift (kind <c>attention</c>), removed when resolved.</summary>
public sealed record AttentionItem(
    string CustomerKey,
    string CustomerName,
    AttentionKind Kind,
    string Description,
    DateTimeOffset Since,
    string? DriftId,
    string? Service);

/// <summary>A quantity that an event changed.</summary>
public sealed record QuantityChange(string Service, decimal Before, decimal After);

/// <summary>One event of a customer's ledger as a readable entry (history of kind <c>audit</c>, key the customer).</summary>
/// <param name="What">A sentence saying what happened.</param>
/// <param name="Who">The person or component.</param>
/// <param name="ValidAt">When it was true in the world.</param>
/// <param name="RecordedAt">When the ledger learned it.</param>
/// <param name="Why">The reason given, if any.</param>
/// <param name="Changes">Billable quantities that changed because of it.</param>
public sealed record AuditEntry(
    long Position,
    long Revision,
    Guid EventId,
    string EventType,
    string What,
    string Who,
    DateTimeOffset ValidAt,
    DateTimeOffset RecordedAt,
    string? Why,
    IReadOnlyList<QuantityChange> Changes);

/// <summary>A quantity as it went on the invoice of a closed period.</summary>
public sealed record InvoicedLine(string Service, string PsaLineId, decimal Quantity, Money? UnitPrice);

/// <summary>Something recorded after a period was closed that bears on it.</summary>
public sealed record InvoiceCorrection(
    DateTimeOffset RecordedAt,
    DateTimeOffset ValidAt,
    string What,
    string? Service,
    decimal? From,
    decimal? To,
    string Who);

/// <summary>A closed billing period (kind <c>invoice</c>, key <c>{customer}/{period}</c>): what was invoiced and what came after.</summary>
public sealed record InvoiceView(
    string CustomerKey,
    string PeriodId,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    DateTimeOffset ClosedAt,
    string ClosedBy,
    IReadOnlyList<InvoicedLine> Invoiced,
    IReadOnlyList<InvoicedLine> Current,
    IReadOnlyList<InvoiceCorrection> Corrections);

/// <summary>A tenant's default counting policies and its customers (kind <c>tenant</c>); the projection's own bookkeeping.</summary>
public sealed record TenantSummary(
    string Tenant,
    ImmutableSortedDictionary<CountingPolicyKind, CountingChoice> Policies,
    ImmutableSortedSet<string> Customers,
    long Revision);
