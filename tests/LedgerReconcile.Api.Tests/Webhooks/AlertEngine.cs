using LedgerReconcile.Application;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Http.Json;
using LedgerReconcile.Api.Endpoints;
using LedgerReconcile.Api.Tests.Infrastructure;
using LedgerReconcile.Application.Sync;
using LedgerReconcile.Integrations.Webhooks;
using LedgerReconcile.Projections.Webhooks;
using LedgerReconcile.Projections.Running;

namespace LedgerReconcile.Api.Tests.Webhooks;

/// <summary>
/// The alert source and delivery worker of one process, as the host's hosted service runs them, but driven pass by
/// pass. Disposing it and starting another over the same store is a restart: nothing is carried over but the ledger.
/// </summary>
public sealed class AlertEngine : IAsyncDisposable
{
    private readonly LedgerHost _host;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _following;

    private AlertEngine(LedgerHost host)
    {
        _host = host;
        Book = new AlertBook();
        var source = ActivatorUtilities.CreateInstance<AlertSource>(host.Services, Book);
        Worker = ActivatorUtilities.CreateInstance<WebhookDeliveryWorker>(host.Services, Book, source);
        _following = Task.Run(() => source.RunAsync(_stop.Token));
    }

    public AlertBook Book { get; }

    public WebhookDeliveryWorker Worker { get; }

    public static AlertEngine Start(LedgerHost host) => new(host);

    /// <summary>Lets the source fold everything committed, makes one delivery pass, and lets it fold what the pass recorded.</summary>
    public async Task<int> PassAsync()
    {
        await CaughtUpAsync();
        var attempts = await Worker.DeliverDueAsync(CancellationToken.None);
        await CaughtUpAsync();
        return attempts;
    }

    /// <summary>
    /// Waits until the source has folded the head, and again while the head moves: the source raises an alert before it
    /// moves past the event that caused it, so a head that stands still means every alert so far is raised and folded.
    /// </summary>
    public async Task CaughtUpAsync()
    {
        for (var head = await _host.HeadAsync(); ; )
        {
            Assert.True(await Book.WaitForAsync(head, TimeSpan.FromSeconds(30)), $"The alert source did not reach position {head}.");
            var now = await _host.HeadAsync();
            if (now == head)
            {
                return;
            }

            head = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _following;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}

public static class WebhookBed
{
    /// <summary>Registers a webhook as the tenant's admin and returns its id and secret.</summary>
    public static async Task<WebhookSecretView> RegisterAsync(TenantKeys tenant, string url, string[] kinds, bool allowPrivate = true, decimal? minimumAmount = null) =>
        await Expect.JsonAsync<WebhookSecretView>(
            await tenant.Admin.PostAsJsonAsync("/api/webhooks", new WebhookRequest(url, kinds, minimumAmount, allowPrivate), LedgerHost.Json), 201);

    /// <summary>What a failing Datto sync records: one <c>syncrun.failed.v1</c>, a <c>sync_failed</c> alert.</summary>
    public static async Task FailSyncRunAsync(LedgerHost host, string tenant, string reason = "Datto refused the API key")
    {
        var runId = $"run-{Guid.NewGuid():N}";
        await using var scope = host.Services.CreateAsyncScope();
        var mediator = scope.ServiceProvider.GetRequiredService<Mediator.IMediator>();
        await mediator.Send(new StartSyncRun(new CommandContext(tenant, "sync:datto", "test", Guid.CreateVersion7()), runId, "datto", "on-demand"));
        await mediator.Send(new FailSyncRun(new CommandContext(tenant, "sync:datto", "test", Guid.CreateVersion7()), runId, reason));
    }

    public static async Task<DeliveryLogView> LogAsync(LedgerHost host, TenantKeys tenant, string webhookId)
    {
        var head = await host.HeadAsync();
        Assert.True(await host.Services.GetRequiredService<ProjectionStatusReader>().WaitForPositionAsync(WebhookDeliveryProjection.ProjectionName, head, TimeSpan.FromSeconds(60)));
        return await Expect.JsonAsync<DeliveryLogView>(await tenant.Auditor.GetAsync($"/api/webhooks/{webhookId}/deliveries"));
    }

    public static async Task<Domain.Webhooks.Webhook> WebhookAsync(TenantKeys tenant, string webhookId) =>
        (await Expect.JsonAsync<WebhookListView>(await tenant.Finance.GetAsync("/api/webhooks"))).Webhooks.Single(w => w.WebhookId == webhookId);
}
