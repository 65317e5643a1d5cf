using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.EventStore;
using LedgerReconcile.Projections;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LedgerReconcile.Benchmarks.Harness;

// The application wired as the host wires it (generated mediator, pipeline behaviours, projections), over one store.
internal static class LedgerServices
{
    public static ServiceProvider Build(IEventStore store, TimeProvider clock, bool projections = false, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddSingleton(clock);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddLedgerApplication();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(IngestUsageSnapshot)];
        });
        if (projections)
        {
            services.AddSingleton(ReadModelStorage.Beside(store, clock));
            services.AddLedgerBillingReadModels();
        }

        more?.Invoke(services);

        return services.BuildServiceProvider();
    }

    // Sends one message in its own scope, as one HTTP request or one job would.
    public static async Task<TResponse> SendAsync<TResponse>(this IServiceProvider services, IQuery<TResponse> query)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query);
    }

    public static async Task<TResponse> SendAsync<TResponse>(this IServiceProvider services, ICommand<TResponse> command)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command);
    }
}

// A clock the harness sets, so that a two-year ledger is recorded at the times it would have been.
internal sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    private long _ticks = now.UtcTicks;

    public DateTimeOffset Now
    {
        get => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
        set => Interlocked.Exchange(ref _ticks, value.UtcTicks);
    }

    public override DateTimeOffset GetUtcNow() => Now;
}
