namespace LedgerReconcile.EventStore.Tests.Conformance;

public abstract partial class EventStoreConformance
{
    /// <summary>Overwrites one stored column of the event at <paramref name="position"/> with a raw value.</summary>
    protected abstract Task OverwriteStoredColumnAsync(IEventStore store, long position, string column, object value);

    public static TheoryData<string> CorruptedRows() => CorruptedRowCorpus.Names();

    [Theory]
    [MemberData(nameof(CorruptedRows))]
    public async Task AHandCorruptedRowIsReportedByVerifyAndNamedByEveryReadNeverACrash(string name)
    {
        var (column, value) = CorruptedRowCorpus.All[name];
        var store = await NewStoreAsync();
        for (var i = 0; i < 6; i++)
        {
            await store.AppendToStreamAsync(i % 2 == 0 ? "rows-a" : "rows-b", ExpectedRevision.Any, [NewEvent()]);
        }

        var target = (await ReadAllAsync(store, 2, 1)).Single();
        await OverwriteStoredColumnAsync(store, target.Position, column, value);

        var verification = await store.VerifyAsync();
        Assert.Equal((3L, target.EventId), (verification.FirstBrokenLink!.Position, verification.FirstBrokenLink.EventId));
        Assert.Equal(target.EventId, (await store.VerifyAsync(target.Stream)).FirstBrokenLink!.EventId);

        await ReadsTheRowOrNamesItAsync(target, () => ReadAllAsync(store));
        await ReadsTheRowOrNamesItAsync(target, () => ReadStreamAsync(store, target.Stream));
        Assert.Equal(6, (await ReadAllAsync(store, 3)).Count + 3);
        Assert.Equal(3, (await ReadStreamAsync(store, target.Stream == "rows-a" ? "rows-b" : "rows-a")).Count);
    }

    private static async Task ReadsTheRowOrNamesItAsync(RecordedEvent target, Func<Task<List<RecordedEvent>>> read)
    {
        try
        {
            var events = await read();
            Assert.Contains(events, e => e.EventId == target.EventId);
        }
        catch (CorruptStoredEventException ex)
        {
            Assert.Equal((target.EventId, target.Position), (ex.EventId, ex.Position));
            Assert.Contains(target.EventId.ToString(), ex.Message, StringComparison.Ordinal);
        }
    }
}
