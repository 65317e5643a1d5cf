namespace LedgerReconcile.Domain.Customers;

/// <summary>
/// A PSA line that several Datto organizations (customer streams) map: only its home stream reconciles it, summing
/// every organization's billable amount. <paramref name="Others"/> are the contributions of the other streams,
/// computed from their own ledgers with the tenant's policies.
/// </summary>
/// <param name="HomeCustomerKey">The stream that reconciles the line: the lowest customer key among those mapping it.</param>
/// <param name="NewestRead">The newest PSA observation of the line among the streams mapping it; a read may land in any of them.</param>
/// <param name="NewestFacts">The bill flag and status recorded with <paramref name="NewestRead"/>.</param>
/// <param name="WriteInFlight">A write to the line is in flight in another stream (a former home): nothing is proposed until it settles.</param>
public sealed record SharedPsaLine(
    string HomeCustomerKey,
    IReadOnlyList<SharingOrganization> Others,
    ObservedPsaQuantity? NewestRead,
    PsaLineFacts NewestFacts,
    bool WriteInFlight);

/// <summary>What one organization puts on a shared line, as <see cref="BillableQuantities"/> computed it for its stream.</summary>
public sealed record SharingOrganization(
    string CustomerKey,
    long? OrganizationId,
    string? OrganizationName,
    string? SnapshotId,
    string? ContentHash,
    ServiceQuantity Quantity)
{
    public static SharingOrganization Of(string customerKey, CustomerState state, BillableUsage usage, ServiceQuantity quantity) => new(
        customerKey,
        state.Account?.OrganizationId ?? state.Usage?.Content.OrganizationId,
        state.DattoOrganizationName,
        usage.SnapshotId,
        usage.ContentHash,
        quantity);
}
