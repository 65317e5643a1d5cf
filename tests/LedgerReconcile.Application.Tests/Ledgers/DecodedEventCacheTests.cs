using LedgerReconcile.Application.Ledgers;
using LedgerReconcile.Domain.Customers;
using LedgerReconcile.EventStore;

namespace LedgerReconcile.Application.Tests.Ledgers;

public sealed class DecodedEventCacheTests
{
    [Fact]
    public void AnEventDecodedTwiceIsDecodedOnce()
    {
        var cache = new DecodedEventCache();
        var recorded = Recorded("first");

        var first = cache.Decode(recorded);
        var second = cache.Decode(recorded);

        Assert.Same(first, second);
        Assert.Equal(new CustomerEvent.DriftAcknowledged("first", "note", "alice@msp.example", DateTimeOffset.UnixEpoch), first);
    }

    [Fact]
    public void EventsBeyondTheBudgetAreDecodedAgainAndStillCorrect()
    {
        var oneEvent = Recorded("probe").Data.Length;
        var cache = new DecodedEventCache(budgetBytes: oneEvent * 4);
        var early = Recorded("early");
        var decodedEarly = cache.Decode(early);

        // Two rotations: the young generation holds two events' worth of bytes.
        for (var i = 0; i < 8; i++)
        {
            cache.Decode(Recorded($"later-{i}"));
        }

        var again = cache.Decode(early);
        Assert.NotSame(decodedEarly, again);
        Assert.Equal(decodedEarly, again);
    }

    [Fact]
    public void AnEventReadFromTheOldGenerationStaysCached()
    {
        var oneEvent = Recorded("probe").Data.Length;
        var cache = new DecodedEventCache(budgetBytes: oneEvent * 4);
        var kept = Recorded("kept");
        var decodedKept = cache.Decode(kept);
        cache.Decode(Recorded("filler"));

        // Rotation moved 'kept' to the old generation; reading it promotes it back.
        Assert.Same(decodedKept, cache.Decode(kept));
        cache.Decode(Recorded("filler-2"));
        cache.Decode(Recorded("filler-3"));
        Assert.Same(decodedKept, cache.Decode(kept));
    }

    private static RecordedEvent Recorded(string driftId)
    {
        var (type, data) = EventSerializer.Serialize(
            new CustomerEvent.DriftAcknowledged(driftId, "note", "alice@msp.example", DateTimeOffset.UnixEpoch));
        return new RecordedEvent(
            Guid.CreateVersion7(),
            "customer-acme.org-1",
            0,
            1,
            type,
            data,
            new EventMetadata("acme", "alice@msp.example", "c"),
            DateTimeOffset.UnixEpoch,
            DateTimeOffset.UnixEpoch,
            new byte[32]);
    }
}
