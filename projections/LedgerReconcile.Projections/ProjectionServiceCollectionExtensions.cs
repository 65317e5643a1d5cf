using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections.Billing;
using LedgerReconcile.Projections.ReadModels;
using LedgerReconcile.Projections.Running;
using LedgerReconcile.Projections.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LedgerReconcile.Projections;

/// <summary>Wires the projection runner, the read-model storage and the query side into a host.</summary>
public static class ProjectionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the runner (a hosted service), <see cref="ReadModelQueries"/>, <see cref="ProjectionStatusReader"/> and
    /// <see cref="ProjectionRebuilder"/> over the registered <see cref="IEventStore"/> and <see cref="IReadModelDatabase"/>,
    /// which the store adapter registers (<c>AddSqliteLedger</c>, <c>AddPostgresLedger</c>).
    /// Projections are added with <see cref="AddProjection{T}"/>.
    /// </summary>
    public static IServiceCollection AddLedgerProjections(this IServiceCollection services, Action<ProjectionRunnerOptions>? configure = null)
    {
        var options = new ProjectionRunnerOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(options);
        services.TryAddSingleton<ProjectionRunnerState>();
        services.TryAddSingleton<ReadModelQueries>();
        services.TryAddSingleton(sp => new ProjectionStatusReader(
            sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<IReadModelDatabase>(),
            sp.GetServices<IProjection>(),
            sp.GetRequiredService<ProjectionRunnerState>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => new ProjectionRebuilder(
            sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<IReadModelDatabase>(),
            sp.GetRequiredService<ProjectionRunnerOptions>()));
        services.AddHostedService(sp => new ProjectionHostedService(
            sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<IReadModelDatabase>(),
            sp.GetServices<IProjection>(),
            sp.GetRequiredService<ProjectionRunnerOptions>(),
            sp.GetRequiredService<ProjectionRunnerState>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<ProjectionHostedService>>()));
        return services;
    }

    /// <summary>
    /// Registers everything <see cref="AddLedgerProjections"/> does, plus the billing projection,
    /// <see cref="BillingQueries"/> and <see cref="BillingTimeTravel"/> (explain). The projection decodes through the
    /// application's <see cref="DecodedEventCache"/>, registered here too when the application is not.
    /// </summary>
    public static IServiceCollection AddLedgerBillingReadModels(this IServiceCollection services, Action<ProjectionRunnerOptions>? configure = null)
    {
        services.AddLedgerProjections(configure);
        services.TryAddSingleton<DecodedEventCache>(_ => new DecodedEventCache());
        services.AddSingleton<IProjection>(sp => new BillingProjection(sp.GetRequiredService<IEventStore>(), sp.GetRequiredService<DecodedEventCache>()));
        services.TryAddSingleton<BillingQueries>();
        services.TryAddSingleton(sp => new BillingTimeTravel(
            sp.GetRequiredService<IEventStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<DecodedEventCache>()));
        return services;
    }

    /// <summary>Registers the webhook delivery log projection and its reader (needs <see cref="AddLedgerProjections"/>).</summary>
    public static IServiceCollection AddLedgerWebhookReadModels(this IServiceCollection services)
    {
        services.AddProjection<Webhooks.WebhookDeliveryProjection>();
        services.TryAddSingleton<Webhooks.WebhookDeliveryLog>();
        return services;
    }

    /// <summary>Adds one projection for the runner to run.</summary>
    public static IServiceCollection AddProjection<T>(this IServiceCollection services)
        where T : class, IProjection
    {
        services.AddSingleton<IProjection, T>();
        return services;
    }
}
