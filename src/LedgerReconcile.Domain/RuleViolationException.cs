namespace LedgerReconcile.Domain;

/// <summary>
/// A command that breaks a business rule of the ledger; nothing was decided. The API maps this one type to a single
/// problem response, using <see cref="Rule"/> as a stable machine-readable code.
/// </summary>
public sealed class RuleViolationException(string rule, string message) : Exception(message)
{
    /// <summary>A stable code such as <c>account.already_mapped</c>.</summary>
    public string Rule { get; } = rule;

    /// <summary>The request clashes with something already recorded under the same id (HTTP 409), rather than being unreasonable in itself.</summary>
    public bool ConflictsWithRecord { get; init; }
}
