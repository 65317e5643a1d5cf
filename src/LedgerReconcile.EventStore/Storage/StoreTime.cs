namespace LedgerReconcile.EventStore.Storage;

/// <summary>
/// Both stores keep times as microseconds since the Unix epoch (UTC): PostgreSQL's timestamp precision, and an exact
/// integer that the hash chain can cover identically on either store.
/// </summary>
public static class StoreTime
{
    /// <summary>Microseconds since 1970-01-01T00:00:00Z.</summary>
    public static long ToMicroseconds(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    /// <summary>The UTC time for a microsecond count.</summary>
    public static DateTimeOffset FromMicroseconds(long microseconds) =>
        new(checked(DateTimeOffset.UnixEpoch.UtcTicks + (microseconds * 10)), TimeSpan.Zero);

    /// <summary>The time as the store will return it: UTC, truncated to the microsecond.</summary>
    public static DateTimeOffset Normalise(DateTimeOffset time) => FromMicroseconds(ToMicroseconds(time));

    /// <summary>
    /// What decoding a stored envelope throws when the row holds garbage; readers turn it into
    /// <see cref="CorruptStoredEventException"/>.
    /// </summary>
    public static bool IsUndecodable(Exception ex) =>
        ex is System.Text.Json.JsonException or InvalidOperationException or ArgumentOutOfRangeException or OverflowException
            or System.Text.DecoderFallbackException;
}
