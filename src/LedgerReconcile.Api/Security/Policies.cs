namespace LedgerReconcile.Api.Security;

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

    /// <summary>Looking into the tenant's PSA to map accounts and services: finance who maps, the admin who connected it.</summary>
    public const string BrowsePsa = "ledger.psa.browse";
}
