namespace LedgerReconcile.Domain.Tenants;

/// <summary>The one rule for "is this PSA agreement of a type the tenant reads", used by the PSA read and the mapping assistant alike.</summary>
public static class AgreementTypes
{
    /// <summary>
    /// Whether an agreement whose type is <paramref name="typeId"/> / <paramref name="typeName"/> is among
    /// <paramref name="wanted"/>; none wanted means every type. Types compare as a person reads them: case and outer
    /// spaces aside, by the PSA's type id or its name.
    /// </summary>
    public static bool Match(IReadOnlyCollection<string>? wanted, string? typeId, string? typeName) =>
        wanted is null || wanted.Count == 0
        || wanted.Any(t => Same(t, typeId) || Same(t, typeName));

    private static bool Same(string wanted, string? actual) =>
        actual is not null && string.Equals(wanted.Trim(), actual.Trim(), StringComparison.OrdinalIgnoreCase);
}
