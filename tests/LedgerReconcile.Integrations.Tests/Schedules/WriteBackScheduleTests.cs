using LedgerReconcile.Application;
using LedgerReconcile.Application.Tenants;
using LedgerReconcile.Domain;
using LedgerReconcile.Domain.Billing;
using LedgerReconcile.Integrations.Tests.WriteBack;
using LedgerReconcile.Integrations.WriteBack;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using static LedgerReconcile.Domain.SyncRuns.SyncRunEvent;

namespace LedgerReconcile.Integrations.Tests.Schedules;

/// <summary>
/// The hosted write-back service follows the tenant's schedule under a fake clock, one pass at a time. The tenant has a
/// proposal waiting for a person, so it is listed on every pass but nothing is ever sent: each run is the schedule's.
/// </summary>
public abstract class WriteBackScheduleTests
{
    private const string Tenant = IntegrationHost.Tenant;

    protected abstract Task<IntegrationHost> StartHostAsync(Action<LedgerIntegrationOptions> configure, Action<IServiceCollection> services);

    [Fact]
    public async Task ACronScheduleFiresAtItsOccurrencesInItsTimeZoneAcrossADaylightSavingChangeAndNotInBetween()
    {
        var week = SpringForward.Next();
        await using var bed = await StartAsync(week.ThursdayEvening);
        await bed.SetAsync(new SetJobSchedule(bed.Admin, "write-back", null, "0 6 * * 1-5", "Europe/Brussels", null));

        await bed.PassEveryAsync(TimeSpan.FromMinutes(10), until: week.MondayAfter.AddHours(4));

        Assert.Equal([week.FridayBefore, week.MondayAfter], (await bed.RunsAsync()).Select(r => r.StartedAt));
        Assert.All(await bed.RunsAsync(), r => Assert.Equal((WriteBackRuns.Source, PsaWriteBackService.ScheduleTrigger, "system:psa-write-back"), (r.Source, r.Trigger, r.Actor)));
    }

    [Fact]
    public async Task AnIntervalScheduleFiresOnceEachIntervalFromTheLastRun()
    {
        var start = SpringForward.Next().ThursdayEvening;
        await using var bed = await StartAsync(start);
        await bed.SetAsync(new SetJobSchedule(bed.Admin, "write-back", 30, null, null, null));

        await bed.PassEveryAsync(TimeSpan.FromMinutes(10), until: start.AddHours(2));

        Assert.Equal([start, start.AddMinutes(30), start.AddMinutes(60), start.AddMinutes(90), start.AddMinutes(120)], (await bed.RunsAsync()).Select(r => r.StartedAt));
    }

    [Fact]
    public async Task APausedScheduleNeverFiresButAPassAskedForIsStillRunAndRecordedAsOnDemand()
    {
        var start = SpringForward.Next().ThursdayEvening;
        await using var bed = await StartAsync(start);
        await bed.SetAsync(new SetJobSchedule(bed.Admin, "write-back", null, "*/15 * * * *", "UTC", Paused: true));

        await bed.PassEveryAsync(TimeSpan.FromMinutes(5), until: start.AddHours(3));
        Assert.Empty(await bed.RunsAsync());

        await bed.Host.Services.GetRequiredService<WriteBackRuns>().RunAsync(Tenant, "on-demand", "alice@msp.example", recordIdle: true);
        var run = Assert.Single(await bed.RunsAsync());
        Assert.Equal(("on-demand", "alice@msp.example", start.AddHours(3)), (run.Trigger, run.Actor, run.StartedAt));

        await bed.SetAsync(new ResumeJob(bed.Admin, "write-back"));
        await bed.PassEveryAsync(TimeSpan.FromMinutes(5), until: start.AddHours(3).AddMinutes(15));
        Assert.Equal(start.AddHours(3).AddMinutes(15), (await bed.RunsAsync())[^1].StartedAt);
    }

    private async Task<ScheduleBed> StartAsync(DateTimeOffset start)
    {
        var clock = new FakeTimeProvider(start);
        var psa = await PsaBed.StartAsync(PsaKind.ConnectWise);
        var host = await StartHostAsync(
            PsaBed.WriteOnTheSimulatorsDate,
            services =>
            {
                PsaBed.Register(services, psa.Kind, psa.Address, TimeSpan.FromSeconds(10));
                services.AddSingleton<TimeProvider>(clock);
                services.AddLedgerIntegrationWorkers();
            });
        await psa.ProposeAsync(host, approve: false);
        return new ScheduleBed(host, psa, clock);
    }

    private sealed class ScheduleBed(IntegrationHost host, PsaBed psa, FakeTimeProvider clock) : IAsyncDisposable
    {
        public IntegrationHost Host => host;

        public CommandContext Admin => new(Tenant, "alice@msp.example", "test", Guid.CreateVersion7());

        public Task SetAsync(ICommand<CommandResult> command) => host.SendAsync(command);

        /// <summary>One pass of the hosted service at the start, then one every <paramref name="step"/> up to and including <paramref name="until"/>.</summary>
        public async Task PassEveryAsync(TimeSpan step, DateTimeOffset until)
        {
            var service = host.Services.GetServices<IHostedService>().OfType<PsaWriteBackService>().Single();
            for (var now = clock.GetUtcNow(); now <= until; now += step)
            {
                clock.SetUtcNow(now);
                await service.ServeDueTenantsAsync(CancellationToken.None);
            }
        }

        public async Task<IReadOnlyList<SyncRunStarted>> RunsAsync() =>
            (await host.ReadEventsAsync(StreamNames.SyncRuns(Tenant))).OfType<SyncRunStarted>().ToList();

        public async ValueTask DisposeAsync()
        {
            await host.DisposeAsync();
            await psa.DisposeAsync();
        }
    }
}

/// <summary>
/// The next week in which Europe/Brussels moves from UTC+1 to UTC+2 (the last Sunday of March), after today, so the
/// fake clock never runs behind the observations the set-up records at real time.
/// </summary>
public sealed record SpringForward(DateTimeOffset ThursdayEvening, DateTimeOffset FridayBefore, DateTimeOffset MondayAfter)
{
    public static SpringForward Next()
    {
        for (var year = DateTime.UtcNow.Year; ; year++)
        {
            var sunday = new DateTime(year, 3, 31);
            while (sunday.DayOfWeek != DayOfWeek.Sunday)
            {
                sunday = sunday.AddDays(-1);
            }

            var change = new DateTimeOffset(sunday, TimeSpan.Zero);
            if (change.AddDays(-3) > DateTimeOffset.UtcNow.AddDays(1))
            {
                // 06:00 in Brussels: 05:00Z on the Friday (UTC+1), 04:00Z on the Monday (UTC+2).
                return new SpringForward(change.AddDays(-3).AddHours(20), change.AddDays(-2).AddHours(5), change.AddDays(1).AddHours(4));
            }
        }
    }
}

public sealed class SqliteWriteBackScheduleTests : WriteBackScheduleTests
{
    protected override Task<IntegrationHost> StartHostAsync(Action<LedgerIntegrationOptions> configure, Action<IServiceCollection> services) =>
        IntegrationHost.StartAsync(configure, services);
}

public sealed class PostgresWriteBackScheduleTests : WriteBackScheduleTests
{
    protected override Task<IntegrationHost> StartHostAsync(Action<LedgerIntegrationOptions> configure, Action<IServiceCollection> services) =>
        IntegrationHost.StartOnPostgresAsync(configure, services);
}
