using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerReconcile.Projections.Running;

/// <summary>
/// Runs every registered projection inside the host. Several hosts may run it against one PostgreSQL database: each
/// projection runs in exactly one of them at a time and another takes over when that one dies.
/// </summary>
public sealed class ProjectionHostedService(
    IEventStore store,
    IReadModelDatabase database,
    IEnumerable<IProjection> projections,
    ProjectionRunnerOptions? options = null,
    ProjectionRunnerState? state = null,
    TimeProvider? time = null,
    ILogger<ProjectionHostedService>? logger = null) : BackgroundService
{
    private readonly IReadOnlyList<IProjection> _projections = projections.ToList();
    private readonly ProjectionRunnerOptions _options = options ?? new ProjectionRunnerOptions();
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ILogger _logger = logger ?? NullLogger<ProjectionHostedService>.Instance;

    /// <summary>This process's view of each projection.</summary>
    public ProjectionRunnerState State { get; } = state ?? new ProjectionRunnerState();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var names = _projections.GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (names.Count > 0)
        {
            throw new InvalidOperationException($"Projections registered twice: {string.Join(", ", names)}.");
        }

        // The registry is created lazily by each worker, whose failures are retried: a database that is not
        // reachable yet must not stop the host.
        await Task.WhenAll(_projections.Select(p =>
            Task.Run(() => new ProjectionWorker(store, database, p, _options, State, _time, _logger).RunAsync(stoppingToken), CancellationToken.None)))
            .ConfigureAwait(false);
    }
}
