using LedgerReconcile.Datto;
using LedgerReconcile.Domain.Billing;

namespace LedgerReconcile.Integrations;

/// <summary>Settings of the Datto sync, the PSA read and the PSA write-back; business choices are settings, never constants.</summary>
public sealed class LedgerIntegrationOptions
{
    /// <summary>How often a tenant that has not chosen its own schedule is synced with Datto.</summary>
    public TimeSpan DattoSyncInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often a tenant that has not chosen its own schedule has its PSA read.</summary>
    public TimeSpan PsaReadInterval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How often the scheduled workers look for tenants whose pull is due (never less often than the defaults).</summary>
    public TimeSpan ScheduleCheckInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How many customers' snapshots are handed to the ledger at once (group commit shares the fsync).</summary>
    public int SnapshotParallelism { get; set; } = 4;

    /// <summary>Applied to every per-tenant Datto client after the credentials (rate limit, retries, timeouts).</summary>
    public Action<DattoOptions>? ConfigureDattoClient { get; set; }

    public string SyncActor { get; set; } = "system:datto-sync";

    public string PsaReadActor { get; set; } = "system:psa-read";

    /// <summary>Who reconciles the tenant after a pull (the automatic proposals).</summary>
    public string ReconcileActor { get; set; } = "system:reconcile";

    /// <summary>How many mapped PSA companies one PSA read reads at once; the PSA's host-wide limiter still applies.</summary>
    public int PsaReadParallelism { get; set; } = 4;

    /// <summary>
    /// The billing date a PSA read asks the lines for, given now: by default the date a write to that PSA takes effect
    /// (today; the 1st of next month on Autotask), so a read after a write-back sees what was written and does not
    /// propose the same change again.
    /// </summary>
    public Func<PsaKind, DateTimeOffset, DateOnly> PsaReadAsOf { get; set; } =
        (psa, now) => psa.EffectiveDate(DateOnly.FromDateTime(now.UtcDateTime));

    /// <summary>
    /// How often the hosted dispatcher looks for approved changes and unresolved writes: every pass for a tenant on the
    /// default, and the moments at which a tenant's own write-back schedule is checked.
    /// </summary>
    public TimeSpan WriteBackInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// A write whose outcome is unknown is only concluded "not applied" once it is this old, so a request that might
    /// still be in flight at the PSA is never followed by a second one.
    /// </summary>
    public TimeSpan UnknownOutcomeGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>After this many failed writes of one approved change the dispatcher stops and leaves it to a person.</summary>
    public int MaxWriteAttemptsPerProposal { get; set; } = 5;

    public string WriteBackActor { get; set; } = "system:psa-write-back";

    /// <summary>The date a write takes effect from, given the PSA and now; by default the PSA's own rule.</summary>
    public Func<PsaKind, DateTimeOffset, DateOnly> WriteEffectiveDate { get; set; } =
        (psa, now) => psa.EffectiveDate(DateOnly.FromDateTime(now.UtcDateTime));
}
