namespace LedgerReconcile.Domain.ApiKeys;

/// <summary>
/// The three roles of an API key. Duties are separated on purpose: whoever configures integrations does not approve
/// what is written to an invoice, and auditors can read everything but change nothing (docs/adr/0007).
/// </summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string Finance = "finance";
    public const string Auditor = "auditor";

    public static readonly IReadOnlyList<string> All = [Admin, Finance, Auditor];

    public static bool IsKnown(string role) => All.Contains(role, StringComparer.Ordinal);
}
