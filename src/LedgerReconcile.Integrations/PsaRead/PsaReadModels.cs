using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Domain.SyncRuns;

namespace LedgerReconcile.Integrations.PsaRead;

public enum PsaReadOutcome
{
    Completed,
    Failed,
}

/// <summary>One recorded run: one PSA of one tenant (source <c>psa:connectwise</c>, ...), or <c>psa</c> when the tenant has no PSA at all.</summary>
/// <param name="Psa">Null for the run that failed because the tenant has no PSA credentials.</param>
/// <param name="FailureReason">Null when the run completed.</param>
public sealed record PsaReadRunResult(
    string RunId,
    string Source,
    PsaKind? Psa,
    PsaReadOutcome Outcome,
    PsaReadCounts Counts,
    IReadOnlyList<SyncRunWarning> Warnings,
    string? FailureReason);

/// <summary>What one PSA read of a tenant did: one run per PSA, and how many customers the reconciliation after it changed.</summary>
/// <param name="CustomersReconciled">Customers whose proposals the reconciliation after the read changed; null when no run completed.</param>
public sealed record PsaReadResult(string Tenant, string Trigger, IReadOnlyList<PsaReadRunResult> Runs, int? CustomersReconciled);

/// <summary>The tenants the scheduled PSA read visits: those that have PSA credentials.</summary>
public interface IPsaReadTenants
{
    Task<IReadOnlyList<string>> ListTenantsAsync(CancellationToken cancellationToken);
}

public static class PsaReadSources
{
    public const string NoPsa = "psa";

    public static string Of(PsaKind psa) => "psa:" + psa.ToString().ToLowerInvariant();
}
