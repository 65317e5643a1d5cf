using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LedgerReconcile.Integrations.Webhooks;

/// <summary>Runs the alert source and, every poll interval, the delivery worker; in one process at a time.</summary>
public sealed class WebhookAlertService(
    AlertSource source, WebhookDeliveryWorker worker, WebhookOptions options, TimeProvider clock, ILogger<WebhookAlertService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var following = FollowAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await worker.DeliverDueAsync(stoppingToken);
                await Task.Delay(options.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception error)
            {
                logger.LogError(error, "Webhook delivery pass failed; trying again in {Delay}", options.PollInterval);
                await Task.Delay(options.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await following;
    }

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await source.RunAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                logger.LogError(error, "The alert source stopped; following $all again in {Delay}", options.PollInterval);
                await Task.Delay(options.PollInterval, clock, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
