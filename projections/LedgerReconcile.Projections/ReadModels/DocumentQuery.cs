namespace LedgerReconcile.Projections.ReadModels;

/// <summary>A filter and order over one kind of documents.</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Kind">The kind.</param>
/// <param name="Parent">Only documents of this parent.</param>
/// <param name="Statuses">Only documents with one of these statuses (empty: any).</param>
/// <param name="Facet">Only documents with this facet.</param>
/// <param name="OrderByRankDescending">Largest rank first (nulls last); false: by key.</param>
/// <param name="Offset">Rows to skip.</param>
/// <param name="Limit">Rows to return at most.</param>
public sealed record DocumentQuery(
    string Tenant,
    string Kind,
    string? Parent = null,
    IReadOnlyList<string>? Statuses = null,
    string? Facet = null,
    bool OrderByRankDescending = false,
    int Offset = 0,
    int Limit = 1000);
