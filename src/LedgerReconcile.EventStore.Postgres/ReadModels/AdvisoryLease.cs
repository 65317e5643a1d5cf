using LedgerReconcile.Projections.Storage;
using Npgsql;

namespace LedgerReconcile.EventStore.Postgres.ReadModels;

/// <summary>
/// A session-level advisory lock held on a dedicated connection. PostgreSQL releases it when the session ends, so
/// when the holding process dies another one's next attempt succeeds. A watchdog pings the connection and fires
/// <see cref="Lost"/> when it breaks, so the holder stops before another process has taken over for long.
/// </summary>
internal sealed class AdvisoryLease : IReadModelLease
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(2);
    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _disposing = new();
    private readonly Task _watchdog;

    private AdvisoryLease(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
        _watchdog = Task.Run(WatchAsync);
    }

    public CancellationToken Lost => _lost.Token;

    public static async Task<AdvisoryLease?> TryAcquireAsync(NpgsqlDataSource dataSource, long key, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
            command.Parameters.Add(new() { Value = key });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
            {
                return new AdvisoryLease(connection, key);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _disposing.CancelAsync().ConfigureAwait(false);
        await _watchdog.ConfigureAwait(false);
        try
        {
            // Pooled connections keep session state until reused, so the lock is released explicitly.
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection);
            unlock.Parameters.Add(new() { Value = _key });
            await unlock.ExecuteScalarAsync().ConfigureAwait(false);
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException)
        {
            // The session is gone, and with it the lock.
        }

        await _connection.DisposeAsync().ConfigureAwait(false);
        _lost.Dispose();
        _disposing.Dispose();
    }

    private async Task WatchAsync()
    {
        try
        {
            while (!_disposing.IsCancellationRequested)
            {
                await Task.Delay(WatchInterval, _disposing.Token).ConfigureAwait(false);
                await using var ping = new NpgsqlCommand("SELECT 1", _connection);
                // Not cancelled mid-command: an interrupted ping could leave the pooled connection in doubt.
                await ping.ExecuteScalarAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
        }
        catch (Exception error) when (error is NpgsqlException or InvalidOperationException or IOException)
        {
            await _lost.CancelAsync().ConfigureAwait(false);
        }
    }
}
