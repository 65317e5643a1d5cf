namespace LedgerReconcile.Projections.ReadModels;

/// <summary>
/// What a projection sees of its read model while it applies an event: documents it can read and replace, and
/// append-only history rows. Changes are buffered and committed together with the projection's checkpoint.
/// Documents are treated as immutable values: replace them with <see cref="Put{T}"/>, never mutate one in place.
/// </summary>
public interface IReadModelWriter
{
    /// <summary>The document, as last put in this or an earlier batch, or null.</summary>
    ValueTask<T?> GetAsync<T>(DocumentKey key, CancellationToken cancellationToken = default)
        where T : class;

    /// <summary>Creates or replaces a document.</summary>
    void Put<T>(DocumentKey key, T document, DocumentIndex? index = null)
        where T : class;

    /// <summary>Removes a document (nothing happens when there is none).</summary>
    void Delete(DocumentKey key);

    /// <summary>Appends a history row under <paramref name="key"/>; rows are read back in the order appended.</summary>
    void Append<T>(DocumentKey key, T entry)
        where T : class;
}
