using System.Text;
using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Tests.Ledgers;

/// <summary>
/// A store through which, just before the next append(s), another writer slips an event into the same stream: the
/// race optimistic concurrency exists for.
/// </summary>
public sealed class InterferingStore(IEventStore inner) : IEventStore, IAsyncDisposable
{
    private int _interferencesLeft;

    public int Appends { get; private set; }

    public void InterfereWithNextAppends(int count) => _interferencesLeft = count;

    public async Task<AppendResult> AppendToStreamAsync(string stream, ExpectedRevision expectedRevision, IReadOnlyList<EventData> events, CancellationToken cancellationToken = default)
    {
        Appends++;
        if (_interferencesLeft > 0)
        {
            _interferencesLeft--;
            var (type, data) = EventSerializer.Serialize(new CustomerEvent.PsaQuantityObserved("line-x", _interferencesLeft, DateTimeOffset.UnixEpoch, "someone-else"));
            await inner.AppendToStreamAsync(
                stream,
                ExpectedRevision.Any,
                [new EventData(Guid.CreateVersion7(), type, data, events[0].Metadata with { Actor = "someone-else" }, DateTimeOffset.UnixEpoch)],
                cancellationToken);
        }

        return await inner.AppendToStreamAsync(stream, expectedRevision, events, cancellationToken);
    }

    public IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string stream, ReadDirection direction, long fromRevision, long maxCount = long.MaxValue, CancellationToken cancellationToken = default) =>
        inner.ReadStreamAsync(stream, direction, fromRevision, maxCount, cancellationToken);

    public IAsyncEnumerable<RecordedEvent> ReadAllAsync(long afterPosition, long maxCount = long.MaxValue, CancellationToken cancellationToken = default) =>
        inner.ReadAllAsync(afterPosition, maxCount, cancellationToken);

    public Task<long?> ReadStreamRevisionAsync(string stream, CancellationToken cancellationToken = default) => inner.ReadStreamRevisionAsync(stream, cancellationToken);

    public Task<long> ReadHeadPositionAsync(CancellationToken cancellationToken = default) => inner.ReadHeadPositionAsync(cancellationToken);

    public IAsyncEnumerable<SubscriptionMessage> SubscribeToAllAsync(long afterPosition, SubscriptionFilter? filter = null, CancellationToken cancellationToken = default) =>
        inner.SubscribeToAllAsync(afterPosition, filter, cancellationToken);

    public Task<ChainVerification> VerifyAsync(string? stream = null, IProgress<long>? progress = null, CancellationToken cancellationToken = default) =>
        inner.VerifyAsync(stream, progress, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (inner is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }

    public override string ToString() => new StringBuilder("InterferingStore over ").Append(inner.GetType().Name).ToString();
}
