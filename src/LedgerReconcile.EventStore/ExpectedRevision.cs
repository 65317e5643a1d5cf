namespace LedgerReconcile.EventStore;

/// <summary>
/// What the writer believes about a stream before appending: the optimistic-concurrency guard of
/// EventStoreDB's <c>AppendToStream</c>. Revisions are 0-based: a stream with one event is at revision 0.
/// </summary>
public readonly record struct ExpectedRevision
{
    private const long NoStreamValue = -1;
    private const long AnyValue = -2;
    private const long StreamExistsValue = -4;

    private ExpectedRevision(long value) => Value = value;

    /// <summary>The raw value: an exact revision (0 or more) or one of the negative markers.</summary>
    public long Value { get; }

    /// <summary>The stream must not exist yet.</summary>
    public static ExpectedRevision NoStream { get; } = new(NoStreamValue);

    /// <summary>No check at all.</summary>
    public static ExpectedRevision Any { get; } = new(AnyValue);

    /// <summary>The stream must have at least one event.</summary>
    public static ExpectedRevision StreamExists { get; } = new(StreamExistsValue);

    /// <summary>The stream's last event must be at exactly this revision.</summary>
    public static ExpectedRevision Exact(long revision) =>
        revision >= 0
            ? new ExpectedRevision(revision)
            : throw new ArgumentOutOfRangeException(nameof(revision), revision, "An exact revision is 0 or more.");

    /// <summary>The expected revision that a stream currently at <paramref name="revision"/> satisfies exactly.</summary>
    public static ExpectedRevision FromCurrent(long? revision) => revision is { } r ? Exact(r) : NoStream;

    /// <summary>True when a stream whose last revision is <paramref name="actual"/> (null: absent) satisfies this expectation.</summary>
    public bool IsSatisfiedBy(long? actual) => Value switch
    {
        AnyValue => true,
        NoStreamValue => actual is null,
        StreamExistsValue => actual is not null,
        _ => actual == Value,
    };

    /// <inheritdoc />
    public override string ToString() => Value switch
    {
        AnyValue => "Any",
        NoStreamValue => "NoStream",
        StreamExistsValue => "StreamExists",
        _ => Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
