namespace LedgerReconcile.Api.Security;

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

/// <summary>Authorization policies, one per kind of duty.</summary>
public static class Policies
{
    public const string Read = "ledger.read";
    public const string ManageIntegrations = "ledger.integrations";
    public const string ManageBilling = "ledger.billing";

    /// <summary>The raw event feed and streams: auditors only, they answer for the ledger as stored.</summary>
    public const string Audit = "ledger.audit";

    /// <summary>Seeing what a write-back pass would send: the admin who runs it and the finance who approved it.</summary>
    public const string ReviewWriteBack = "ledger.writeback.review";
}
