namespace LedgerReconcile.Projections.ReadModels;

/// <summary>Identifies one read-model document: the tenant it belongs to, its kind and its key within the kind.</summary>
/// <param name="Tenant">The MSP.</param>
/// <param name="Kind">The document kind, e.g. <c>billable</c>; one CLR type per kind.</param>
/// <param name="Key">The key inside the kind, e.g. <c>customer-id/per_agent</c>.</param>
public readonly record struct DocumentKey(string Tenant, string Kind, string Key)
{
    /// <inheritdoc />
    public override string ToString() => $"{Tenant}/{Kind}/{Key}";
}

/// <summary>
/// The indexed columns of a document, for filtering and sorting without reading the JSON. Their meaning is the
/// projection's: a discrepancy uses <see cref="Parent"/> for the customer, <see cref="Status"/> for its status,
/// <see cref="Facet"/> for the service and <see cref="Rank"/> for the money impact.
/// </summary>
/// <param name="Parent">The owning entity (list a customer's documents).</param>
/// <param name="Status">A status to filter on.</param>
/// <param name="Facet">A second filter, e.g. the service.</param>
/// <param name="Rank">A number to sort on.</param>
public sealed record DocumentIndex(string? Parent = null, string? Status = null, string? Facet = null, decimal? Rank = null)
{
    /// <summary>No indexed columns.</summary>
    public static DocumentIndex None { get; } = new();
}
