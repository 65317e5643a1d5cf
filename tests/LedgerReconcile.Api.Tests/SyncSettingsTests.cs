using System.Net.Http.Json;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;

namespace LedgerReconcile.Api.Tests;

/// <summary>Each tenant sets its own sync schedule, agreement types and grace; until then the host's defaults show.</summary>
public abstract class SyncSettingsTests(LedgerHost host)
{
    [Fact]
    public async Task ATenantSeesTheHostDefaultsUntilItChoosesItsOwnSchedule()
    {
        var t = await host.TenantAsync("sched");

        var defaults = await Expect.JsonAsync<TenantSyncSettings>(await t.Auditor.GetAsync("/api/tenant/sync-settings"));
        Assert.False(defaults.ChosenByTenant);
        Assert.Equal(new SyncSettingsView(360, 360, [], 2, 72) with { PsaAgreementTypes = defaults.Settings.PsaAgreementTypes }, defaults.Settings);
        Assert.Empty(defaults.Settings.PsaAgreementTypes!);

        var chosen = new SyncSettingsView(60, 720, ["Managed Services", "Backup"], 3, 96);
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync("/api/tenant/sync-settings", chosen), 200);
        var head = await host.HeadAsync();
        await Expect.StatusAsync(await t.Admin.PutAsJsonAsync("/api/tenant/sync-settings", chosen), 200);

        var after = await Expect.JsonAsync<TenantSyncSettings>(await t.Finance.GetAsync("/api/tenant/sync-settings"));
        Assert.True(after.ChosenByTenant);
        Assert.Equal((60, 720, 3, 96), (after.Settings.DattoSyncIntervalMinutes, after.Settings.PsaReadIntervalMinutes, after.Settings.UsageGraceSyncs, after.Settings.UsageGraceHours));
        Assert.Equal(["Managed Services", "Backup"], after.Settings.PsaAgreementTypes);
        Assert.Equal(head, await host.HeadAsync());
    }

    [Theory]
    [InlineData("""{"psaReadIntervalMinutes":360,"psaAgreementTypes":[],"usageGraceSyncs":2,"usageGraceHours":72}""", "dattoSyncIntervalMinutes")]
    [InlineData("""{"dattoSyncIntervalMinutes":5,"psaReadIntervalMinutes":360,"psaAgreementTypes":[],"usageGraceSyncs":2,"usageGraceHours":72}""", "dattoSyncIntervalMinutes")]
    [InlineData("""{"dattoSyncIntervalMinutes":60,"psaReadIntervalMinutes":20000,"psaAgreementTypes":[],"usageGraceSyncs":2,"usageGraceHours":72}""", "psaReadIntervalMinutes")]
    [InlineData("""{"dattoSyncIntervalMinutes":60,"psaReadIntervalMinutes":360,"usageGraceSyncs":2,"usageGraceHours":72}""", "psaAgreementTypes")]
    [InlineData("""{"dattoSyncIntervalMinutes":60,"psaReadIntervalMinutes":360,"psaAgreementTypes":["a\u0000b"],"usageGraceSyncs":2,"usageGraceHours":72}""", "psaAgreementTypes[0]")]
    [InlineData("""{"dattoSyncIntervalMinutes":60,"psaReadIntervalMinutes":360,"psaAgreementTypes":[],"usageGraceSyncs":0,"usageGraceHours":72}""", "usageGraceSyncs")]
    [InlineData("""{"dattoSyncIntervalMinutes":60,"psaReadIntervalMinutes":360,"psaAgreementTypes":[],"usageGraceSyncs":2}""", "usageGraceHours")]
    public async Task ASettingOutsideItsBoundsOrMissingIsA400NamingItAndNothingIsAppended(string body, string field)
    {
        var t = await host.TenantAsync("sched-bad");
        var head = await host.HeadAsync();

        await Expect.ValidationAsync(await t.Admin.PutAsync("/api/tenant/sync-settings", new StringContent(body, System.Text.Encoding.UTF8, "application/json")), field);

        Assert.Equal(head, await host.HeadAsync());
    }

    [Fact]
    public async Task OnlyAnAdminSetsTheSchedule()
    {
        var t = await host.TenantAsync("sched-role");

        await Expect.ProblemAsync(await t.Finance.PutAsJsonAsync("/api/tenant/sync-settings", new SyncSettingsView(60, 360, [], 2, 72)), 403);
    }
}

public sealed class SqliteSyncSettingsTests(SqliteHost host) : SyncSettingsTests(host), IClassFixture<SqliteHost>;

public sealed class PostgresSyncSettingsTests(PostgresHost host) : SyncSettingsTests(host), IClassFixture<PostgresHost>;
