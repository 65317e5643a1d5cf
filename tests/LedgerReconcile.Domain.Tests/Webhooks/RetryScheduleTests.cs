using LedgerReconcile.Domain.Webhooks;

namespace LedgerReconcile.Domain.Tests.Webhooks;

public class RetryScheduleTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(5, 16)]
    [InlineData(9, 240)]
    [InlineData(15, 240)]
    public void DelaysDoubleFromOneMinuteUpToFourHours(int failedAttempts, int minutes)
    {
        var now = Sample.Now.AddHours(1);

        var next = RetrySchedule.NextAttempt(failedAttempts, Sample.Now, now, jitter: 0);

        Assert.Equal(now.AddMinutes(minutes), next);
    }

    [Fact]
    public void JitterMovesADelayByAtMostAFifth()
    {
        Assert.Equal(Sample.Now.AddSeconds(576), RetrySchedule.NextAttempt(4, Sample.Now, Sample.Now, jitter: 1));
        Assert.Equal(Sample.Now.AddSeconds(384), RetrySchedule.NextAttempt(4, Sample.Now, Sample.Now, jitter: -1));
    }

    [Fact]
    public void NoRetryFallsOutsideTheDayAfterTheFirstAttempt()
    {
        Assert.NotNull(RetrySchedule.NextAttempt(12, Sample.Now, Sample.Now.AddHours(19), jitter: 0));
        Assert.Null(RetrySchedule.NextAttempt(12, Sample.Now, Sample.Now.AddHours(21), jitter: 0));
    }
}
