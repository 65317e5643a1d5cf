using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LedgerReconcile.EventStore.Storage;

namespace LedgerReconcile.EventStore.Tests.Conformance;

/// <summary>
/// The store contract: every store runs this one suite. A store subclasses it and says how to make a fresh store, how
/// to tamper with one stored byte, and how the crash probe reaches it.
/// </summary>
public abstract partial class EventStoreConformance : IAsyncLifetime
{
    private const string Type = "test.happened.v1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly EventMetadata Metadata = new("msp-1", "alice@example.com", "corr-1", "cause-1", "cmd-1");

    private readonly List<IEventStore> _stores = [];

    /// <summary>A fresh, empty store for each test; the suite disposes it (<see cref="IAsyncDisposable"/>).</summary>
    protected abstract Task<IEventStore> CreateStoreAsync();

    /// <summary>
    /// Flips one byte of the stored column of the event at <paramref name="position"/>: "data", "metadata", "type",
    /// "stream", "hash" or "occurred_at", bypassing whatever guards the store has (an attacker with file or database access).
    /// For text columns flip the lowest bit of the last byte; for "occurred_at" flip the lowest bit of the value.
    /// </summary>
    protected abstract Task CorruptStoredByteAsync(IEventStore store, long position, string column);

    /// <summary>What to pass to the crash probe: "sqlite:&lt;path&gt;" or "postgres:&lt;connection string&gt;".</summary>
    protected abstract string CrashProbeStoreArgument(IEventStore store);

    /// <summary>A fresh store whose record time comes from <paramref name="clock"/>; null when the store keeps its own time.</summary>
    protected virtual Task<IEventStore?> CreateStoreWithClockAsync(TimeProvider clock) => Task.FromResult<IEventStore?>(null);

    /// <summary>
    /// The same store opened anew, as after a crash (the given instance is disposed by this hook when it returns a new
    /// one); by default the same instance.
    /// </summary>
    protected virtual Task<IEventStore> ReopenStoreAsync(IEventStore store) => Task.FromResult(store);

    /// <summary>Runs after every store of the test is disposed.</summary>
    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        _stores.Clear();
        await CleanUpAsync();
    }

    // ---- Expected revision ----------------------------------------------------------------------------------------

    [Fact]
    public async Task AppendingWithNoStreamCreatesTheStreamAtRevisionZero()
    {
        var store = await NewStoreAsync();

        var result = await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent()]);

        Assert.Equal(new AppendResult(0, 1), result);
        Assert.Equal(0, await store.ReadStreamRevisionAsync("order-1"));
        Assert.Equal(1, await store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task AppendingWithNoStreamToAnExistingStreamConflictsWithTheActualRevision()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);

        var conflict = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            () => store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent()]));

        Assert.Equal("order-1", conflict.Stream);
        Assert.Equal(ExpectedRevision.NoStream, conflict.Expected);
        Assert.Equal(1, conflict.ActualRevision);
        Assert.Equal(2, await store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task AppendingWithAnyWorksOnNewAndExistingStreams()
    {
        var store = await NewStoreAsync();

        var created = await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [NewEvent()]);
        var extended = await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [NewEvent(), NewEvent()]);

        Assert.Equal(new AppendResult(0, 1), created);
        Assert.Equal(new AppendResult(2, 3), extended);
    }

    [Fact]
    public async Task AppendingWithStreamExistsToAMissingStreamConflictsWithNoActualRevision()
    {
        var store = await NewStoreAsync();

        var conflict = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            () => store.AppendToStreamAsync("order-1", ExpectedRevision.StreamExists, [NewEvent()]));

        Assert.Equal("order-1", conflict.Stream);
        Assert.Equal(ExpectedRevision.StreamExists, conflict.Expected);
        Assert.Null(conflict.ActualRevision);
        Assert.Null(await store.ReadStreamRevisionAsync("order-1"));
        Assert.Equal(0, await store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task AppendingWithStreamExistsToAnExistingStreamSucceeds()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent()]);

        var result = await store.AppendToStreamAsync("order-1", ExpectedRevision.StreamExists, [NewEvent()]);

        Assert.Equal(new AppendResult(1, 2), result);
    }

    [Fact]
    public async Task AppendingAtTheExactCurrentRevisionSucceeds()
    {
        var store = await NewStoreAsync();
        var first = await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent(), NewEvent()]);

        var second = await store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(first.NextExpectedRevision), [NewEvent()]);

        Assert.Equal(new AppendResult(2, 3), second);
    }

    [Fact]
    public async Task AppendingAtAStaleExactRevisionConflictsWithTheActualRevision()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent(), NewEvent(), NewEvent()]);

        var conflict = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            () => store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(0), [NewEvent()]));

        Assert.Equal("order-1", conflict.Stream);
        Assert.Equal(ExpectedRevision.Exact(0), conflict.Expected);
        Assert.Equal(2, conflict.ActualRevision);
    }

    [Fact]
    public async Task AppendingAtAnExactRevisionToAMissingStreamConflicts()
    {
        var store = await NewStoreAsync();

        var conflict = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            () => store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(0), [NewEvent()]));

        Assert.Equal(ExpectedRevision.Exact(0), conflict.Expected);
        Assert.Null(conflict.ActualRevision);
        Assert.Empty(await ReadStreamAsync(store, "order-1"));
    }

    [Fact]
    public async Task AConflictingBatchWritesNoneOfItsEvents()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent()]);
        var batch = new[] { NewEvent(), NewEvent(), NewEvent() };

        await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            () => store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(5), batch));

        Assert.Single(await ReadStreamAsync(store, "order-1"));
        Assert.Single(await ReadAllAsync(store));
        Assert.Equal(1, await store.ReadHeadPositionAsync());

        // Nothing of the refused batch lingers: the same ids append normally afterwards.
        var retried = await store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(0), batch);
        Assert.Equal(new AppendResult(3, 4), retried);
    }

    [Fact]
    public async Task AMultiEventAppendGetsContiguousRevisionsAndPositions()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("other", ExpectedRevision.NoStream, [NewEvent()]);
        var batch = Enumerable.Range(0, 5).Select(_ => NewEvent()).ToArray();

        var result = await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, batch);

        Assert.Equal(new AppendResult(4, 6), result);
        var read = await ReadStreamAsync(store, "order-1");
        Assert.Equal(batch.Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.Equal([0L, 1, 2, 3, 4], read.Select(e => e.Revision));
        Assert.Equal([2L, 3, 4, 5, 6], read.Select(e => e.Position));
    }

    // ---- Idempotency ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task ReappendingTheSameBatchReturnsTheOriginalResultAndWritesNothing()
    {
        var store = await NewStoreAsync();
        var batch = new[] { NewEvent(), NewEvent() };
        var original = await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, batch);

        var repeated = await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, batch);

        Assert.Equal(original, repeated);
        Assert.Equal(2, (await ReadAllAsync(store)).Count);
    }

    [Fact]
    public async Task ReappendingTheSameBatchMuchLaterStillReturnsTheOriginalResult()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent()]);
        var batch = new[] { NewEvent(), NewEvent() };
        var original = await store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(0), batch);
        for (var i = 0; i < 20; i++)
        {
            await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [NewEvent()]);
            await store.AppendToStreamAsync($"order-{i + 2}", ExpectedRevision.Any, [NewEvent()]);
        }

        var head = await store.ReadHeadPositionAsync();
        var repeated = await store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(0), batch);

        Assert.Equal(new AppendResult(2, 3), original);
        Assert.Equal(original, repeated);
        Assert.Equal(head, await store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task ReappendingWithAnyIsIdempotent()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [NewEvent()]);
        var batch = new[] { NewEvent(), NewEvent(), NewEvent() };
        var original = await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, batch);
        await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [NewEvent()]);

        var repeated = await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, batch);

        Assert.Equal(original, repeated);
        Assert.Equal(5, (await ReadStreamAsync(store, "order-1")).Count);
    }

    [Fact]
    public async Task ReappendingAStoredBatchWithAnExpectationItNeverMetConflicts()
    {
        var store = await NewStoreAsync();
        var batch = new[] { NewEvent() };
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, batch);
        await store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(0), [NewEvent()]);

        var conflict = await Assert.ThrowsAsync<WrongExpectedRevisionException>(
            () => store.AppendToStreamAsync("order-1", ExpectedRevision.Exact(3), batch));

        Assert.Equal(1, conflict.ActualRevision);
        Assert.Equal(2, await store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task APartiallyOverlappingBatchIsRefusedAndWritesNothing()
    {
        var store = await NewStoreAsync();
        var stored = NewEvent();
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [stored]);
        var fresh = NewEvent();

        var violation = await Assert.ThrowsAsync<IdempotencyViolationException>(
            () => store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [stored, fresh]));

        Assert.Equal("order-1", violation.Stream);
        Assert.Equal([stored.EventId], (await ReadAllAsync(store)).Select(e => e.EventId));
    }

    [Fact]
    public async Task ABatchStoredInAnotherStreamOrOrderIsRefused()
    {
        var store = await NewStoreAsync();
        var (a, b) = (NewEvent(), NewEvent());
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [a, b]);

        await Assert.ThrowsAsync<IdempotencyViolationException>(
            () => store.AppendToStreamAsync("order-2", ExpectedRevision.Any, [a, b]));
        await Assert.ThrowsAsync<IdempotencyViolationException>(
            () => store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [b, a]));

        Assert.Equal(2, await store.ReadHeadPositionAsync());
        Assert.Null(await store.ReadStreamRevisionAsync("order-2"));
    }

    [Fact]
    public async Task ConcurrentRepeatsOfOneBatchStoreItOnceAndAllGetTheSameResult()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("other", ExpectedRevision.NoStream, [NewEvent()]);
        var batch = new[] { NewEvent(), NewEvent(), NewEvent() };
        using var start = new ManualResetEventSlim();

        var appends = Enumerable.Range(0, 32)
            .Select(_ => Task.Run(() =>
            {
                start.Wait();
                return store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, batch);
            }))
            .ToArray();
        start.Set();
        var results = await Task.WhenAll(appends);

        Assert.All(results, r => Assert.Equal(new AppendResult(2, 4), r));
        Assert.Equal(batch.Select(e => e.EventId), (await ReadStreamAsync(store, "order-1")).Select(e => e.EventId));
        Assert.Equal(4, await store.ReadHeadPositionAsync());
    }

    // ---- Invalid appends ------------------------------------------------------------------------------------------

    public static TheoryData<string> InvalidAppends() =>
        [
            "empty batch", "empty stream", "blank stream", "reserved stream", "control character in stream", "duplicate id",
            "empty id", "type with a space", "empty type", "metadata without a tenant", "metadata without a correlation id",
        ];

    [Theory]
    [MemberData(nameof(InvalidAppends))]
    public async Task AnInvalidAppendIsRefusedAndWritesNothing(string invalid)
    {
        var store = await NewStoreAsync();
        var e = NewEvent();
        var (stream, events) = invalid switch
        {
            "empty batch" => ("order-1", Array.Empty<EventData>()),
            "empty stream" => ("", new[] { e }),
            "blank stream" => ("  ", new[] { e }),
            "reserved stream" => ("$all", new[] { e }),
            "control character in stream" => ("order\n1", new[] { e }),
            "duplicate id" => ("order-1", new[] { e, NewEvent(), e }),
            "empty id" => ("order-1", new[] { e with { EventId = Guid.Empty } }),
            "type with a space" => ("order-1", new[] { e with { Type = "order placed" } }),
            "empty type" => ("order-1", new[] { e with { Type = "" } }),
            "metadata without a tenant" => ("order-1", new[] { e with { Metadata = Metadata with { Tenant = " " } } }),
            "metadata without a correlation id" => ("order-1", new[] { NewEvent(), e with { Metadata = Metadata with { CorrelationId = "" } } }),
            _ => throw new ArgumentOutOfRangeException(nameof(invalid), invalid, null),
        };

        await Assert.ThrowsAsync<InvalidAppendException>(() => store.AppendToStreamAsync(stream, ExpectedRevision.Any, events));

        Assert.Equal(0, await store.ReadHeadPositionAsync());
    }

    // ---- Reads ----------------------------------------------------------------------------------------------------

    [Fact]
    public async Task ReadingForwardsStartsAtTheRevisionAndStopsAtMaxCount()
    {
        var store = await NewStoreAsync();
        var batch = await AppendNumberedAsync(store, "order-1", 10);

        var read = await ReadStreamAsync(store, "order-1", ReadDirection.Forwards, 3, 4);

        Assert.Equal([3L, 4, 5, 6], read.Select(e => e.Revision));
        Assert.Equal(batch[3..7].Select(e => e.EventId), read.Select(e => e.EventId));
        Assert.Equal(10, (await ReadStreamAsync(store, "order-1", ReadDirection.Forwards, 0)).Count);
        Assert.Equal([8L, 9], (await ReadStreamAsync(store, "order-1", ReadDirection.Forwards, 8, 100)).Select(e => e.Revision));
        Assert.Empty(await ReadStreamAsync(store, "order-1", ReadDirection.Forwards, 10));
        Assert.Empty(await ReadStreamAsync(store, "order-1", ReadDirection.Forwards, 0, 0));
    }

    [Fact]
    public async Task ReadingBackwardsFromTheEndGivesTheNewestEventsFirst()
    {
        var store = await NewStoreAsync();
        await AppendNumberedAsync(store, "order-1", 10);

        var last = await ReadStreamAsync(store, "order-1", ReadDirection.Backwards, StreamRevision.End, 1);
        var lastThree = await ReadStreamAsync(store, "order-1", ReadDirection.Backwards, StreamRevision.End, 3);
        var fromMiddle = await ReadStreamAsync(store, "order-1", ReadDirection.Backwards, 4, 3);
        var toStart = await ReadStreamAsync(store, "order-1", ReadDirection.Backwards, 1);

        Assert.Equal(9, Assert.Single(last).Revision);
        Assert.Equal([9L, 8, 7], lastThree.Select(e => e.Revision));
        Assert.Equal([4L, 3, 2], fromMiddle.Select(e => e.Revision));
        Assert.Equal([1L, 0], toStart.Select(e => e.Revision));
    }

    [Fact]
    public async Task AMissingStreamReadsAsEmptyAndHasNoRevision()
    {
        var store = await NewStoreAsync();
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent()]);

        Assert.Empty(await ReadStreamAsync(store, "order-2"));
        Assert.Empty(await ReadStreamAsync(store, "order-2", ReadDirection.Backwards, StreamRevision.End));
        Assert.Empty(await ReadStreamAsync(store, "order-"));
        Assert.Null(await store.ReadStreamRevisionAsync("order-2"));
    }

    [Fact]
    public async Task AnEmptyStoreHasHeadZeroAndReadsNothing()
    {
        var store = await NewStoreAsync();

        Assert.Equal(0, await store.ReadHeadPositionAsync());
        Assert.Empty(await ReadAllAsync(store));
        var verification = await store.VerifyAsync();
        Assert.True(verification.IsIntact);
        Assert.Equal(0, verification.EventsChecked);
    }

    [Fact]
    public async Task AllOrdersEveryStreamsEventsByCommitPosition()
    {
        var store = await NewStoreAsync();
        var expected = new List<(string Stream, long Revision, Guid Id)>();
        var revisions = new Dictionary<string, long>();
        for (var i = 0; i < 30; i++)
        {
            var stream = $"order-{i % 4}";
            var batch = Enumerable.Range(0, (i % 3) + 1).Select(_ => NewEvent()).ToArray();
            await store.AppendToStreamAsync(stream, ExpectedRevision.Any, batch);
            foreach (var e in batch)
            {
                var revision = revisions[stream] = revisions.GetValueOrDefault(stream, -1) + 1;
                expected.Add((stream, revision, e.EventId));
            }
        }

        var all = await ReadAllAsync(store);

        Assert.Equal(expected, all.Select(e => (e.Stream, e.Revision, e.EventId)));
        Assert.Equal(Enumerable.Range(1, expected.Count).Select(p => (long)p), all.Select(e => e.Position));
        Assert.Equal(expected.Count, await store.ReadHeadPositionAsync());
    }

    [Fact]
    public async Task ReadingAllAfterAPositionStartsAtTheNextEventAndStopsAtMaxCount()
    {
        var store = await NewStoreAsync();
        await AppendNumberedAsync(store, "order-1", 5);
        await AppendNumberedAsync(store, "order-2", 5);

        Assert.Equal([4L, 5, 6], (await ReadAllAsync(store, 3, 3)).Select(e => e.Position));
        Assert.Equal([9L, 10], (await ReadAllAsync(store, 8)).Select(e => e.Position));
        Assert.Empty(await ReadAllAsync(store, 10));
        Assert.Empty(await ReadAllAsync(store, 0, 0));
        Assert.Equal("order-2", (await ReadAllAsync(store, 5, 1)).Single().Stream);
    }

    [Fact]
    public async Task LongReadsCrossPageBoundariesWithoutSkippingOrRepeating()
    {
        var store = await NewStoreAsync();
        var written = new List<Guid>();
        for (var i = 0; i < 5; i++)
        {
            var batch = Enumerable.Range(0, 1_000).Select(_ => NewEvent()).ToArray();
            await store.AppendToStreamAsync("long", ExpectedRevision.Any, batch);
            written.AddRange(batch.Select(e => e.EventId));
        }

        var forwards = await ReadStreamAsync(store, "long");
        var backwards = await ReadStreamAsync(store, "long", ReadDirection.Backwards, StreamRevision.End);
        var all = await ReadAllAsync(store);
        var limited = await ReadAllAsync(store, 100, 3_333);

        Assert.Equal(written, forwards.Select(e => e.EventId));
        Assert.Equal(Enumerable.Reverse(written), backwards.Select(e => e.EventId));
        Assert.Equal(written, all.Select(e => e.EventId));
        Assert.Equal(Enumerable.Range(101, 3_333).Select(p => (long)p), limited.Select(e => e.Position));
    }

    // ---- What is stored -------------------------------------------------------------------------------------------

    [Fact]
    public async Task DataAndMetadataRoundTripExactly()
    {
        var store = await NewStoreAsync();
        var bytes = new byte[] { 0, 1, 2, 0xFF, 0xFE, (byte)'{', 0, (byte)'}' };
        var json = """{ "amount" : 12.50,  "note":"spaces and order kept", "z":1, "a":2 }"""u8.ToArray();
        var full = new EventMetadata("msp-9", "sync@ledger", "corr-9", "cause-9", "cmd-9");
        var sparse = new EventMetadata("msp-9", "job:nightly-sync", "corr-\"quoted\"");
        var events = new[]
        {
            NewEvent() with { Data = bytes, Metadata = full },
            NewEvent() with { Data = json, Metadata = sparse },
            NewEvent() with { Data = new ReadOnlyMemory<byte>(json, 2, 10), Metadata = full },
            NewEvent() with { Data = ReadOnlyMemory<byte>.Empty, Metadata = sparse },
        };

        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, events);

        var read = await ReadStreamAsync(store, "order-1");
        var all = await ReadAllAsync(store);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.Equal(events[i].Data.ToArray(), read[i].Data.ToArray());
            Assert.Equal(events[i].Metadata, read[i].Metadata);
            Assert.Equal(events[i].Data.ToArray(), all[i].Data.ToArray());
            Assert.Equal(events[i].Metadata, all[i].Metadata);
            Assert.Equal(events[i].Type, read[i].Type);
            Assert.Equal(events[i].EventId, read[i].EventId);
        }
    }

    [Fact]
    public async Task OccurredAtRoundTripsInUtcToTheMicrosecond()
    {
        var store = await NewStoreAsync();
        var local = new DateTimeOffset(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        var old = new DateTimeOffset(1999, 12, 31, 12, 0, 0, TimeSpan.FromHours(-5)).AddTicks(9);
        await store.AppendToStreamAsync("order-1", ExpectedRevision.NoStream, [NewEvent(local), NewEvent(old)]);

        var read = await ReadStreamAsync(store, "order-1");

        Assert.Equal(TimeSpan.Zero, read[0].OccurredAt.Offset);
        Assert.Equal(local.UtcTicks - (local.UtcTicks % 10), read[0].OccurredAt.UtcTicks);
        Assert.Equal(StoreTime.Normalise(old), read[1].OccurredAt);
        Assert.Equal(new DateTimeOffset(1999, 12, 31, 17, 0, 0, TimeSpan.Zero), read[1].OccurredAt);
    }

    [Fact]
    public async Task RecordedAtNeverMovesBackwardsEvenWhenTheClockDoes()
    {
        var clock = new SettableClock(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(7));
        var store = await CreateStoreWithClockAsync(clock);
        if (store is null)
        {
            await RecordedAtIsMonotonicAsync(await NewStoreAsync());
            return;
        }

        _stores.Add(store);
        await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [NewEvent()]);
        clock.Now -= TimeSpan.FromHours(1);
        await store.AppendToStreamAsync("order-2", ExpectedRevision.Any, [NewEvent()]);
        clock.Now += TimeSpan.FromHours(2);
        await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [NewEvent()]);

        var all = await ReadAllAsync(store);

        var first = StoreTime.Normalise(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal([first, first, first.AddHours(1)], all.Select(e => e.RecordedAt));
        Assert.All(all, e => Assert.Equal(TimeSpan.Zero, e.RecordedAt.Offset));
        await RecordedAtIsMonotonicAsync(store);
    }

    [Fact]
    public async Task AOneMegabyteEventRoundTrips()
    {
        var store = await NewStoreAsync();
        var data = RandomNumberGenerator.GetBytes(1024 * 1024);
        await store.AppendToStreamAsync("big", ExpectedRevision.NoStream, [NewEvent() with { Data = data }, NewEvent()]);

        var read = await ReadStreamAsync(store, "big");
        var all = await ReadAllAsync(store);

        Assert.Equal(data, read[0].Data.ToArray());
        Assert.Equal(data, all[0].Data.ToArray());
        Assert.Equal(2, all.Count);
        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    [Fact]
    public async Task UnicodeStreamNamesDataAndMetadataRoundTrip()
    {
        var store = await NewStoreAsync();
        const string stream = "kunde-Müller-東京-🧾";
        var data = Encoding.UTF8.GetBytes("""{"name":"Zoë Ünal","city":"東京","emoji":"🧾"}""");
        var metadata = new EventMetadata("msp-ø", "zoë@例え.jp", "corr-ä");
        await store.AppendToStreamAsync(stream, ExpectedRevision.NoStream, [NewEvent() with { Data = data, Metadata = metadata }]);
        await store.AppendToStreamAsync("kunde-Muller", ExpectedRevision.NoStream, [NewEvent()]);

        var read = Assert.Single(await ReadStreamAsync(store, stream));
        var all = await ReadAllAsync(store);

        Assert.Equal(stream, read.Stream);
        Assert.Equal(data, read.Data.ToArray());
        Assert.Equal(metadata, read.Metadata);
        Assert.Equal(stream, all[0].Stream);
        Assert.Equal(0, await store.ReadStreamRevisionAsync(stream));
        Assert.True((await store.VerifyAsync(stream)).IsIntact);
    }

    // ---- Hash chain -----------------------------------------------------------------------------------------------

    [Fact]
    public async Task EachEventsHashChainsFromThePreviousEventOfItsStream()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 12; i++)
        {
            await store.AppendToStreamAsync($"order-{i % 3}", ExpectedRevision.Any, [NewEvent(), NewEvent()]);
        }

        var previous = new Dictionary<string, byte[]>();
        foreach (var e in await ReadAllAsync(store))
        {
            var expected = EventHash.Compute(previous.TryGetValue(e.Stream, out var p) ? p : EventHash.Genesis, e);
            Assert.Equal(expected, e.Hash);
            previous[e.Stream] = e.Hash;
        }

        Assert.Equal(3, previous.Count);
    }

    [Fact]
    public async Task AnIntactStoreVerifiesWholeAndStreamByStream()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 10; i++)
        {
            await store.AppendToStreamAsync($"order-{i % 3}", ExpectedRevision.Any, [NewEvent(), NewEvent()]);
        }

        var progress = new List<long>();
        var whole = await store.VerifyAsync(progress: new SynchronousProgress(progress));
        var one = await store.VerifyAsync("order-1");
        var missing = await store.VerifyAsync("order-9");

        Assert.True(whole.IsIntact);
        Assert.Equal(20, whole.EventsChecked);
        Assert.Equal(3, whole.StreamsChecked);
        Assert.Equal(20, progress.Last());
        Assert.True(one.IsIntact);
        Assert.Equal(6, one.EventsChecked);
        Assert.Equal(1, one.StreamsChecked);
        Assert.True(missing.IsIntact);
        Assert.Equal(0, missing.EventsChecked);
    }

    [Fact]
    public async Task VerifyingGivesADigestOfTheWholeChainUpToTheHead()
    {
        var store = await NewStoreAsync();
        for (var i = 0; i < 6; i++)
        {
            await store.AppendToStreamAsync($"order-{i % 2}", ExpectedRevision.Any, [NewEvent(), NewEvent()]);
        }

        var first = await store.VerifyAsync();
        var again = await store.VerifyAsync();
        await store.AppendToStreamAsync("order-0", ExpectedRevision.Any, [NewEvent()]);
        var later = await store.VerifyAsync();

        var hashes = (await ReadAllAsync(store)).SelectMany(e => e.Hash).ToArray();
        Assert.Equal(12, first.LastPosition);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(hashes.AsSpan(0, 12 * EventHash.Length))), first.Digest);
        Assert.Equal(first.Digest, again.Digest);
        Assert.Equal(13, later.LastPosition);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(hashes)), later.Digest);
    }

    public static TheoryData<string> StoredColumns() => ["data", "metadata", "type", "stream", "hash", "occurred_at"];

    [Theory]
    [MemberData(nameof(StoredColumns))]
    public async Task ChangingOneStoredByteBreaksTheChainAtThatEvent(string column)
    {
        var store = await NewStoreAsync();
        string[] streams = ["tamper-a", "tamper-d", "tamper-h"];
        for (var i = 0; i < 12; i++)
        {
            await store.AppendToStreamAsync(streams[i % 3], ExpectedRevision.Any, [NewEvent()]);
        }

        Assert.True((await store.VerifyAsync()).IsIntact);
        var target = (await ReadAllAsync(store, 6, 1)).Single();

        await CorruptStoredByteAsync(store, target.Position, column);
        var verification = await store.VerifyAsync();

        Assert.False(verification.IsIntact);
        var broken = verification.FirstBrokenLink!;
        Assert.Equal(7, broken.Position);
        Assert.Equal(target.EventId, broken.EventId);
        Assert.Equal(6, verification.EventsChecked);
        if (column != "stream")
        {
            Assert.Equal(target.Stream, broken.Stream);
            Assert.Equal(target.Revision, broken.Revision);
        }

        Assert.False((await store.VerifyAsync(target.Stream)).IsIntact);
        Assert.True((await store.VerifyAsync(streams.First(s => s != target.Stream))).IsIntact);
    }

    // ---- Subscriptions --------------------------------------------------------------------------------------------

    [Fact]
    public async Task ASubscriptionCatchesUpThenDeliversLiveEvents()
    {
        var store = await NewStoreAsync();
        var history = await AppendNumberedAsync(store, "order-1", 5);
        using var timeout = new CancellationTokenSource(Patience);
        await using var subscription = store.SubscribeToAllAsync(0, null, timeout.Token).GetAsyncEnumerator(timeout.Token);

        var caughtUp = await ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.CaughtUp);
        var live = new[] { NewEvent(), NewEvent() };
        await store.AppendToStreamAsync("order-2", ExpectedRevision.NoStream, live);
        var afterLive = await ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.Event { Record.Position: 7 });

        Assert.Equal(history.Select(e => e.EventId), Events(caughtUp).Select(e => e.EventId));
        Assert.Equal(new SubscriptionMessage.CaughtUp(5), caughtUp[^1]);
        Assert.Equal(live.Select(e => e.EventId), Events(afterLive).Select(e => e.EventId));
        Assert.Equal([6L, 7], Events(afterLive).Select(e => e.Position));
    }

    [Fact]
    public async Task ASubscriptionResumedFromACheckpointDeliversEachLaterEventOnce()
    {
        var store = await NewStoreAsync();
        await AppendNumberedAsync(store, "order-1", 10);
        long checkpoint;
        using (var timeout = new CancellationTokenSource(Patience))
        {
            await using var first = store.SubscribeToAllAsync(0, null, timeout.Token).GetAsyncEnumerator(timeout.Token);
            var received = await ReceiveUntilAsync(first, m => m is SubscriptionMessage.Event { Record.Position: 4 });
            checkpoint = Events(received)[^1].Position;
        }

        await AppendNumberedAsync(store, "order-2", 5);
        using var again = new CancellationTokenSource(Patience);
        await using var resumed = store.SubscribeToAllAsync(checkpoint, null, again.Token).GetAsyncEnumerator(again.Token);
        var caughtUp = await ReceiveUntilAsync(resumed, m => m is SubscriptionMessage.CaughtUp);
        await store.AppendToStreamAsync("order-3", ExpectedRevision.NoStream, [NewEvent()]);
        var live = await ReceiveUntilAsync(resumed, m => m is SubscriptionMessage.Event);

        Assert.Equal(4, checkpoint);
        Assert.Equal(Enumerable.Range(5, 11).Select(p => (long)p), Events(caughtUp).Select(e => e.Position));
        Assert.Equal(new SubscriptionMessage.CaughtUp(15), caughtUp[^1]);
        Assert.Equal(16, Events(live).Single().Position);
    }

    [Fact]
    public async Task AStreamPrefixFilterDeliversOnlyMatchingEventsAndStillCheckpoints()
    {
        var store = await NewStoreAsync();
        await AppendNumberedAsync(store, "other-1", 10);
        using var timeout = new CancellationTokenSource(Patience);
        var filter = SubscriptionFilter.ForStreamPrefixes("match-");
        await using var subscription = store.SubscribeToAllAsync(0, filter, timeout.Token).GetAsyncEnumerator(timeout.Token);

        var history = await ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.CaughtUp);
        var matching = NewEvent();
        await store.AppendToStreamAsync("match-1", ExpectedRevision.NoStream, [matching]);
        for (var i = 0; i < 5; i++)
        {
            await store.AppendToStreamAsync("other-2", ExpectedRevision.Any, [NewEvent()]);
        }

        var live = await ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.Checkpoint { Position: 16 });

        Assert.Empty(Events(history));
        Assert.Contains(new SubscriptionMessage.Checkpoint(10), history);
        Assert.Equal(new SubscriptionMessage.CaughtUp(10), history[^1]);
        Assert.Equal([matching.EventId], Events(live).Select(e => e.EventId));
    }

    [Fact]
    public async Task AnEventTypeFilterDeliversOnlyMatchingEventsAndStillCheckpoints()
    {
        var store = await NewStoreAsync();
        var wanted = NewEvent() with { Type = "order.shipped.v1" };
        await AppendNumberedAsync(store, "order-1", 6);
        await store.AppendToStreamAsync("order-1", ExpectedRevision.Any, [wanted]);
        await AppendNumberedAsync(store, "order-2", 6);
        using var timeout = new CancellationTokenSource(Patience);
        var filter = SubscriptionFilter.ForEventTypes("order.shipped.v1");
        await using var subscription = store.SubscribeToAllAsync(0, filter, timeout.Token).GetAsyncEnumerator(timeout.Token);

        var history = await ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.CaughtUp);
        await AppendNumberedAsync(store, "order-3", 3);
        var live = await ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.Checkpoint { Position: 16 });

        Assert.Equal([wanted.EventId], Events(history).Select(e => e.EventId));
        Assert.Equal(7, Events(history).Single().Position);
        Assert.Contains(new SubscriptionMessage.Checkpoint(13), history);
        Assert.Equal(new SubscriptionMessage.CaughtUp(13), history[^1]);
        Assert.Empty(Events(live));
    }

    [Fact]
    public async Task ASlowConsumerStillGetsEveryEventInOrder()
    {
        var store = await NewStoreAsync();
        await AppendNumberedAsync(store, "order-0", 10);
        using var timeout = new CancellationTokenSource(Patience);
        await using var subscription = store.SubscribeToAllAsync(0, null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var received = await ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.Event { Record.Position: 3 });

        // The consumer stops pulling while 5,000 events are appended.
        for (var i = 0; i < 50; i++)
        {
            await store.AppendToStreamAsync($"order-{(i % 5) + 1}", ExpectedRevision.Any, Enumerable.Range(0, 100).Select(_ => NewEvent()).ToArray());
        }

        received.AddRange(await ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.Event { Record.Position: 5_010 }));

        Assert.Equal(Enumerable.Range(1, 5_010).Select(p => (long)p), Events(received).Select(e => e.Position));
        Assert.Equal((await ReadAllAsync(store)).Select(e => e.EventId), Events(received).Select(e => e.EventId));
    }

    // ---- Concurrency ----------------------------------------------------------------------------------------------

    [Fact]
    public async Task ConcurrentWritersOnOneStreamEachWinDistinctRevisionsAndLoseNothing()
    {
        const int writers = 8;
        const int appendsPerWriter = 25;
        var store = await NewStoreAsync();
        var wins = new ConcurrentBag<(long Revision, Guid EventId)>();
        using var start = new ManualResetEventSlim();

        var tasks = Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            for (var i = 0; i < appendsPerWriter; i++)
            {
                var e = NewEvent();
                var known = await store.ReadStreamRevisionAsync("contended");
                while (true)
                {
                    try
                    {
                        var result = await store.AppendToStreamAsync("contended", ExpectedRevision.FromCurrent(known), [e]);
                        wins.Add((result.NextExpectedRevision, e.EventId));
                        break;
                    }
                    catch (WrongExpectedRevisionException conflict)
                    {
                        Assert.True(conflict.ActualRevision > known || known is null);
                        known = conflict.ActualRevision;
                    }
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(tasks);

        var stream = await ReadStreamAsync(store, "contended");
        var total = writers * appendsPerWriter;
        Assert.Equal(Enumerable.Range(0, total).Select(r => (long)r), wins.Select(w => w.Revision).Order());
        Assert.Equal(Enumerable.Range(0, total).Select(r => (long)r), stream.Select(e => e.Revision));
        Assert.Equal(wins.OrderBy(w => w.Revision).Select(w => w.EventId), stream.Select(e => e.EventId));
        Assert.True((await store.VerifyAsync("contended")).IsIntact);
    }

    [Fact]
    public async Task ConcurrentWritersOnManyStreamsAreSeenByALiveSubscriberWithoutGapsOrDuplicates()
    {
        const int writers = 16;
        const int eventsPerWriter = 640;
        const int total = writers * eventsPerWriter;
        var store = await NewStoreAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var subscription = store.SubscribeToAllAsync(0, null, timeout.Token).GetAsyncEnumerator(timeout.Token);
        var written = new ConcurrentDictionary<Guid, string>();

        var subscriber = Task.Run(() => ReceiveUntilAsync(subscription, m => m is SubscriptionMessage.Event { Record.Position: total }));
        var tasks = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var revisions = new Dictionary<string, long>();
            for (var sent = 0; sent < eventsPerWriter;)
            {
                var stream = $"writer-{w}-stream-{random.Next(4)}";
                var batch = Enumerable.Range(0, Math.Min(random.Next(1, 5), eventsPerWriter - sent)).Select(_ => NewEvent()).ToArray();
                var expected = revisions.TryGetValue(stream, out var revision) ? ExpectedRevision.Exact(revision) : ExpectedRevision.NoStream;
                revisions[stream] = (await store.AppendToStreamAsync(stream, expected, batch)).NextExpectedRevision;
                foreach (var e in batch)
                {
                    written[e.EventId] = stream;
                }

                sent += batch.Length;
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var received = Events(await subscriber);

        Assert.Equal(Enumerable.Range(1, total).Select(p => (long)p), received.Select(e => e.Position));
        Assert.Equal(total, received.Select(e => e.EventId).Distinct().Count());
        Assert.All(received, e => Assert.Equal(written[e.EventId], e.Stream));
        Assert.Equal(total, await store.ReadHeadPositionAsync());
        foreach (var stream in received.GroupBy(e => e.Stream))
        {
            Assert.Equal(Enumerable.Range(0, stream.Count()).Select(r => (long)r), stream.Select(e => e.Revision));
        }

        Assert.True((await store.VerifyAsync()).IsIntact);
    }

    // ---- Crash consistency ----------------------------------------------------------------------------------------

    [Fact]
    public async Task KillingTheWriterMidBatchLeavesEveryBatchWholeOrAbsent()
    {
        const int batchSize = 2_000;
        var store = await NewStoreAsync();
        var argument = CrashProbeStoreArgument(store);
        for (var round = 0; round < 4; round++)
        {
            var before = await store.ReadHeadPositionAsync();
            var reported = await CrashProbe.RunUntilKilledAsync(argument, batchSize, minimumBatches: 2 + round);
            store = await ReopenAsync(store);

            var appended = await ReadAllAsync(store, before);
            Assert.Single(appended.Select(e => e.Stream).Distinct());
            Assert.Equal(0, appended.Count % batchSize);
            var batches = appended.Count / batchSize;
            Assert.InRange(batches, reported, reported + 1);
            for (var i = 0; i < appended.Count; i++)
            {
                var (batch, index) = CrashProbe.Describe(appended[i]);
                Assert.Equal((i / batchSize, i % batchSize), (batch, index));
                Assert.Equal(i, appended[i].Revision);
                Assert.Equal(before + i + 1, appended[i].Position);
            }

            var verification = await store.VerifyAsync();
            Assert.True(verification.IsIntact, verification.FirstBrokenLink?.Reason);
            Assert.Equal(before + appended.Count, verification.EventsChecked);
        }
    }

    // ---- Helpers --------------------------------------------------------------------------------------------------

    /// <summary>A fresh store the suite disposes after the test.</summary>
    protected async Task<IEventStore> NewStoreAsync()
    {
        var store = await CreateStoreAsync();
        _stores.Add(store);
        return store;
    }

    private async Task<IEventStore> ReopenAsync(IEventStore store)
    {
        var reopened = await ReopenStoreAsync(store);
        if (!ReferenceEquals(reopened, store))
        {
            _stores.Remove(store);
            _stores.Add(reopened);
        }

        return reopened;
    }

    private static EventData NewEvent(DateTimeOffset? occurredAt = null) =>
        new(Guid.CreateVersion7(), Type, """{"kind":"test"}"""u8.ToArray(), Metadata, occurredAt ?? DateTimeOffset.UtcNow);

    private static async Task<EventData[]> AppendNumberedAsync(IEventStore store, string stream, int count)
    {
        var events = Enumerable.Range(0, count)
            .Select(i => NewEvent() with { Data = Encoding.UTF8.GetBytes($$"""{"n":{{i}}}""") })
            .ToArray();
        await store.AppendToStreamAsync(stream, ExpectedRevision.Any, events);
        return events;
    }

    private static async Task<List<RecordedEvent>> ReadStreamAsync(
        IEventStore store,
        string stream,
        ReadDirection direction = ReadDirection.Forwards,
        long from = StreamRevision.Start,
        long maxCount = long.MaxValue)
    {
        var read = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(stream, direction, from, maxCount))
        {
            read.Add(e);
        }

        return read;
    }

    private static async Task<List<RecordedEvent>> ReadAllAsync(IEventStore store, long after = 0, long maxCount = long.MaxValue)
    {
        var read = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(after, maxCount))
        {
            read.Add(e);
        }

        return read;
    }

    private static async Task<List<SubscriptionMessage>> ReceiveUntilAsync(
        IAsyncEnumerator<SubscriptionMessage> subscription,
        Func<SubscriptionMessage, bool> last)
    {
        var received = new List<SubscriptionMessage>();
        while (await subscription.MoveNextAsync())
        {
            received.Add(subscription.Current);
            if (last(subscription.Current))
            {
                return received;
            }
        }

        throw new InvalidOperationException("The subscription ended early.");
    }

    private static List<RecordedEvent> Events(IEnumerable<SubscriptionMessage> messages) =>
        messages.OfType<SubscriptionMessage.Event>().Select(m => m.Record).ToList();

    private static async Task RecordedAtIsMonotonicAsync(IEventStore store)
    {
        for (var i = 0; i < 20; i++)
        {
            await store.AppendToStreamAsync($"clock-{i % 3}", ExpectedRevision.Any, [NewEvent()]);
        }

        var all = await ReadAllAsync(store);
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.True(pair.First.RecordedAt <= pair.Second.RecordedAt));
        Assert.All(all, e => Assert.Equal(StoreTime.Normalise(e.RecordedAt), e.RecordedAt));
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    private sealed class SynchronousProgress(List<long> reports) : IProgress<long>
    {
        public void Report(long value) => reports.Add(value);
    }
}
