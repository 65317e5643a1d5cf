using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.Tenants;

namespace LedgerReconcile.Integrations;

/// <summary>
/// Each tenant's own schedule: the settings it chose (or the host's defaults until it chooses) and whether a pull from a
/// source is due, judged from the tenant's sync-run log, so a restart neither skips nor repeats a due run.
/// </summary>
public sealed class TenantSchedule(LedgerReader reader, TimeProvider clock, IOptions<LedgerIntegrationOptions> options)
{
    public SyncSettings HostDefaults => SyncSettings.Default with
    {
        DattoSyncInterval = options.Value.DattoSyncInterval,
        PsaReadInterval = options.Value.PsaReadInterval,
    };

    /// <summary>The settings in force for <paramref name="tenant"/>, and whether the tenant chose them itself.</summary>
    public async Task<(SyncSettings Settings, bool ChosenByTenant)> SettingsOfAsync(string tenant, CancellationToken cancellationToken)
    {
        var chosen = (await reader.LoadAsync(StreamFolds.Tenant, tenant, StreamNames.Tenant(tenant), FoldCut.Everything, cancellationToken)).State.Sync;
        return (chosen ?? HostDefaults, chosen is not null);
    }

    /// <summary>Whether no run from <paramref name="source"/> started within the interval <paramref name="intervalOf"/> picks.</summary>
    public async Task<bool> IsDueAsync(string tenant, string source, Func<SyncSettings, TimeSpan> intervalOf, CancellationToken cancellationToken)
    {
        var (settings, _) = await SettingsOfAsync(tenant, cancellationToken);
        var runs = (await reader.LoadAsync(StreamFolds.SyncRuns, tenant, StreamNames.SyncRuns(tenant), FoldCut.Everything, cancellationToken)).State.Runs.Values;
        var last = runs.Where(r => r.Source == source).Select(r => (DateTimeOffset?)r.StartedAt).Max();
        return last is null || clock.GetUtcNow() - last.Value >= intervalOf(settings);
    }
}
