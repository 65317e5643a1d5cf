namespace LedgerReconcile.EventStore.Storage;

/// <summary>The checks every store makes before it touches a stream.</summary>
public static class AppendValidation
{
    /// <summary>Longest stream name a store accepts.</summary>
    public const int MaxStreamNameLength = 256;

    /// <summary>Longest stored type name a store accepts.</summary>
    public const int MaxTypeLength = 128;

    /// <summary>Throws <see cref="InvalidAppendException"/> when the stream name is unusable.</summary>
    public static void ValidateStreamName(string stream)
    {
        if (string.IsNullOrWhiteSpace(stream))
        {
            throw new InvalidAppendException("A stream name is required.");
        }

        if (stream.Length > MaxStreamNameLength)
        {
            throw new InvalidAppendException($"Stream name is longer than {MaxStreamNameLength} characters.");
        }

        if (stream.StartsWith('$'))
        {
            throw new InvalidAppendException($"Stream names starting with '$' are reserved: '{stream}'.");
        }

        if (stream.Any(char.IsControl))
        {
            throw new InvalidAppendException("A stream name cannot contain control characters.");
        }
    }

    /// <summary>Throws <see cref="InvalidAppendException"/> when the batch cannot be appended as given.</summary>
    public static void Validate(string stream, IReadOnlyList<EventData> events)
    {
        ValidateStreamName(stream);
        if (events.Count == 0)
        {
            throw new InvalidAppendException("An append needs at least one event.");
        }

        var ids = new HashSet<Guid>();
        foreach (var e in events)
        {
            if (e.EventId == Guid.Empty)
            {
                throw new InvalidAppendException("An event id cannot be empty.");
            }

            if (!ids.Add(e.EventId))
            {
                throw new InvalidAppendException($"Event id {e.EventId} appears twice in one batch.");
            }

            if (e.Metadata is null
                || string.IsNullOrWhiteSpace(e.Metadata.Tenant)
                || string.IsNullOrWhiteSpace(e.Metadata.Actor)
                || string.IsNullOrWhiteSpace(e.Metadata.CorrelationId))
            {
                throw new InvalidAppendException($"Event {e.EventId} needs metadata with a tenant, an actor and a correlation id.");
            }

            if (string.IsNullOrWhiteSpace(e.Type) || e.Type.Length > MaxTypeLength || e.Type.Any(char.IsWhiteSpace))
            {
                throw new InvalidAppendException($"Event type '{e.Type}' is not a valid stored type name.");
            }
        }
    }
}
