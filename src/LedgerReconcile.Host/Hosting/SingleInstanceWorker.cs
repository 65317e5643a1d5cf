using LedgerReconcile.Projections.Storage;

namespace LedgerReconcile.Host.Hosting;

/// <summary>
/// Runs a background worker in one process only, among every <c>serve</c> process sharing the database: the worker
/// starts when this process holds the named lease (the same lease the projections use: an advisory lock on
/// PostgreSQL, a file lock beside the SQLite file) and stops when the lease is lost; another process then takes over.
/// Two PSA write-back dispatchers must never resolve the same orphaned write at once.
/// </summary>
public sealed class SingleInstanceWorker(
    string leaseName,
    Func<IHostedService> createWorker,
    IReadModelDatabase database,
    ILogger<SingleInstanceWorker> logger,
    TimeSpan? retryInterval = null) : BackgroundService
{
    private readonly TimeSpan _retryInterval = retryInterval ?? TimeSpan.FromSeconds(5);

    /// <summary>True while this process holds the lease and runs the worker.</summary>
    public bool IsRunning { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunWhileLeasedAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping while waiting for the lease is the normal end, also when the host failed to start (a port in
            // use): the host would otherwise report a cancelled worker as a crash before the one-line error.
        }
    }

    private async Task RunWhileLeasedAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await using var lease = await database.TryAcquireLeaseAsync(leaseName, stoppingToken);
            if (lease is null)
            {
                await Task.Delay(_retryInterval, stoppingToken);
                continue;
            }

            var worker = createWorker();
            logger.LogInformation("This process now runs {Worker} (lease {Lease})", worker.GetType().Name, leaseName);
            await worker.StartAsync(stoppingToken);
            IsRunning = true;
            try
            {
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lease.Lost);
                await Task.Delay(Timeout.Infinite, either.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            finally
            {
                IsRunning = false;
                await worker.StopAsync(CancellationToken.None);
                (worker as IDisposable)?.Dispose();
            }

            if (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Lost lease {Lease}; {Worker} stopped here and will run wherever the lease is taken", leaseName, worker.GetType().Name);
            }
        }
    }
}
