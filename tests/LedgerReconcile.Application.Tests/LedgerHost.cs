using System.Collections.Concurrent;
using System.Collections.Immutable;
using LedgerReconcile.Application;
using LedgerReconcile.Application.Customers;
using LedgerReconcile.EventStore;
using LedgerReconcile.EventStore.Sqlite;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LedgerReconcile.Application.Tests;

/// <summary>The application wired as a host wires it: generated mediator, real SQLite file, a clock the test moves.</summary>
public sealed class LedgerHost : IAsyncDisposable
{
    public const string Tenant = "msp-one";

    private readonly ServiceProvider _services;
    private readonly string _directory;

    private LedgerHost(ServiceProvider services, IEventStore store, FakeTimeProvider clock, LogSink logs, string directory)
    {
        _services = services;
        Store = store;
        Clock = clock;
        Logs = logs;
        _directory = directory;
    }

    public IEventStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public LogSink Logs { get; }

    public static async Task<LedgerHost> StartAsync(Func<IEventStore, IEventStore>? decorateStore = null, Action<IServiceCollection>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "ledger-app-tests", Guid.CreateVersion7().ToString("N"));
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var sqlite = await SqliteEventStore.OpenAsync(new SqliteStoreOptions(Path.Combine(directory, "ledger.db")), clock);
        var store = decorateStore?.Invoke(sqlite) ?? sqlite;
        var logs = new LogSink();

        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton(logs);
        services.AddSingleton(typeof(ILogger<>), typeof(CapturingLogger<>));
        services.AddLedgerApplication();
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(IgnoreAsset)];
        });
        configure?.Invoke(services);

        return new LedgerHost(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true }), store, clock, logs, directory);
    }

    /// <summary>Sends one message in its own scope, as one HTTP request or one job would.</summary>
    public async Task<TResponse> SendAsync<TResponse>(IRequest<TResponse> request) => await InScope(m => m.Send(request));

    public async Task<TResponse> SendAsync<TResponse>(ICommand<TResponse> command) => await InScope(m => m.Send(command));

    public async Task<TResponse> SendAsync<TResponse>(IQuery<TResponse> query) => await InScope(m => m.Send(query));

    public async Task<IReadOnlyList<RecordedEvent>> ReadAsync(string stream)
    {
        var events = new List<RecordedEvent>();
        await foreach (var e in Store.ReadStreamAsync(stream, ReadDirection.Forwards, StreamRevision.Start))
        {
            events.Add(e);
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        if (Store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task<TResponse> InScope<TResponse>(Func<IMediator, ValueTask<TResponse>> send)
    {
        await using var scope = _services.CreateAsyncScope();
        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }
}

public sealed class LogSink
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();
}

public sealed record LogEntry(string Category, LogLevel Level, string Message, ImmutableList<object> Scopes);

public sealed class CapturingLogger<T>(LogSink sink) : ILogger<T>
{
    private static readonly AsyncLocal<ImmutableList<object>?> CurrentScopes = new();

    public IDisposable BeginScope<TState>(TState state)
        where TState : notnull
    {
        var outer = CurrentScopes.Value;
        CurrentScopes.Value = (outer ?? []).Add(state);
        return new Scope(() => CurrentScopes.Value = outer);
    }

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        sink.Entries.Enqueue(new LogEntry(typeof(T).Name, logLevel, formatter(state, exception), CurrentScopes.Value ?? []));

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }
}
