namespace LedgerReconcile.Domain.Webhooks;

/// <summary>
/// When a failed delivery is tried again: exponential backoff from one minute, doubling up to four hours, each delay
/// stretched or shrunk by up to a fifth so that receivers coming back are not hit by every sender at once; after
/// <see cref="Window"/> since the first attempt, the delivery gives up.
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(24);
    public static readonly TimeSpan FirstDelay = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan LongestDelay = TimeSpan.FromHours(4);

    /// <param name="jitter">A number in [-1, 1] from outside (the domain draws no random numbers).</param>
    /// <returns>The next attempt's time, or null when the window is over.</returns>
    public static DateTimeOffset? NextAttempt(int failedAttempts, DateTimeOffset firstAttemptAt, DateTimeOffset now, double jitter)
    {
        var doublings = Math.Min(failedAttempts - 1, 20);
        var delay = TimeSpan.FromTicks(Math.Min(FirstDelay.Ticks << doublings, LongestDelay.Ticks));
        var next = now + delay * (1 + (Math.Clamp(jitter, -1, 1) * 0.2));
        return next - firstAttemptAt > Window ? null : next;
    }
}
