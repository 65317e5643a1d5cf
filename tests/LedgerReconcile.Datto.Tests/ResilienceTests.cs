using System.Globalization;
using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests;

public sealed class ResilienceTests
{
    [Fact]
    public async Task TooManyRequestsIsRetriedAfterTheRetryAfterSeconds()
    {
        await using var bed = await DattoTestbed.StartAsync();
        bed.Simulator.Faults.Add(DattoFault.TooManyRequests("/bcdr/device", retryAfter: "2"));

        var usage = await bed.PullAsync();

        var calls = bed.Simulator.Requests.Matching("/bcdr/device");
        Assert.Equal([429, 200], calls.Select(c => c.StatusCode));
        // The backoff alone would wait about 10 ms.
        Assert.True(calls[1].ReceivedAt - calls[0].ReceivedAt >= TimeSpan.FromSeconds(1.9),
            $"retried after {(calls[1].ReceivedAt - calls[0].ReceivedAt).TotalMilliseconds} ms");
        Assert.Equal(12, usage.Devices.Count);
        Assert.Empty(usage.Warnings);
    }

    [Fact]
    public async Task TooManyRequestsIsRetriedAfterARetryAfterDate()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[5].SerialNumber);
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(3);
        bed.Simulator.Faults.Add(DattoFault.TooManyRequests($"/bcdr/device/{serial}/asset",
            retryAfter: retryAt.ToString("R", CultureInfo.InvariantCulture)));

        var usage = await bed.PullAsync();

        var calls = bed.Simulator.Requests.Matching($"/bcdr/device/{serial}/asset");
        Assert.Equal([429, 200], calls.Select(c => c.StatusCode));
        // An HTTP date has whole seconds, so the wait is at least two of the three seconds.
        Assert.True(calls[1].ReceivedAt - calls[0].ReceivedAt >= TimeSpan.FromSeconds(1.5),
            $"retried after {(calls[1].ReceivedAt - calls[0].ReceivedAt).TotalMilliseconds} ms");
        Assert.Equal(4, usage.Devices.Single(d => d.SerialNumber == serial).Assets!.Count);
    }

    [Fact]
    public async Task ServiceUnavailableTwiceThenSuccessGivesCompleteAssets()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[7].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.Status($"/bcdr/device/{serial}/asset", 503, times: 2));

        var usage = await bed.PullAsync();

        Assert.Equal([503, 503, 200], bed.Simulator.Requests.Matching($"/bcdr/device/{serial}/asset").Select(c => c.StatusCode));
        Assert.Equal(4, usage.Devices.Single(d => d.SerialNumber == serial).Assets!.Count);
        Assert.Empty(usage.Warnings);
    }

    [Theory]
    [InlineData(502)]
    [InlineData(504)]
    public async Task GatewayErrorsAreRetried(int status)
    {
        await using var bed = await DattoTestbed.StartAsync();
        bed.Simulator.Faults.Add(DattoFault.Status("/dtc/assets", status, times: 1));

        var usage = await bed.PullAsync();

        Assert.Equal([status, 200], bed.Simulator.Requests.Matching("/dtc/assets").Select(c => c.StatusCode));
        Assert.Equal(6, usage.DtcAssets!.Count);
    }

    [Fact]
    public async Task ADroppedConnectionIsRetried()
    {
        await using var bed = await DattoTestbed.StartAsync();
        bed.Simulator.Faults.Add(DattoFault.DropConnection("/bcdr/device", times: 1));

        var usage = await bed.PullAsync();

        Assert.Equal([0, 200], bed.Simulator.Requests.Matching("/bcdr/device").Select(c => c.StatusCode));
        Assert.Equal(12, usage.Devices.Count);
        Assert.Empty(usage.Warnings);
    }

    [Fact]
    public async Task AnAttemptThatHangsIsCutOffAndRetried()
    {
        await using var bed = await DattoTestbed.StartAsync(tune: o => o.AttemptTimeout = TimeSpan.FromMilliseconds(500));
        var serial = bed.Partner(p => p.Devices[2].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.Slow($"/bcdr/device/{serial}/asset", TimeSpan.FromSeconds(30), times: 1));

        var usage = await bed.PullAsync();

        Assert.Equal(2, bed.Simulator.Requests.Count($"/bcdr/device/{serial}/asset"));
        Assert.Equal(4, usage.Devices.Single(d => d.SerialNumber == serial).Assets!.Count);
        Assert.Empty(usage.Warnings);
    }

    [Fact]
    public async Task AnInternalServerErrorIsNotRetried()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[4].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.Status($"/bcdr/device/{serial}/asset", 500, times: 1));

        var usage = await bed.PullAsync();

        Assert.Equal(1, bed.Simulator.Requests.Count($"/bcdr/device/{serial}/asset"));
        Assert.True(usage.Devices.Single(d => d.SerialNumber == serial).AssetsUnknown);
        Assert.Equal(DattoWarningKind.AssetsUnavailable, Assert.Single(usage.Warnings).Kind);
    }

    [Fact]
    public async Task TheCircuitOpensWhenDattoKeepsFailingAndTheSyncStops()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.OrganizationCount = 20;
        await using var bed = await DattoTestbed.StartAsync(partner, o =>
        {
            o.CircuitBreakerMinimumThroughput = 5;
            o.CircuitBreakerFailureRatio = 0.5;
            o.CircuitBreakerBreakDuration = TimeSpan.FromSeconds(30);
            o.MaxConcurrentRequests = 1;
        });
        bed.Simulator.Faults.Add(DattoFault.Status("/bcdr/device/*/asset", 503));

        var error = await Assert.ThrowsAsync<DattoUnavailableException>(() => bed.PullAsync());

        Assert.Contains("failing repeatedly", error.Message);
        // 40 devices with 4 attempts each would be 160 calls; the circuit opens once 5 calls are in and most failed.
        Assert.InRange(bed.Simulator.Requests.Count("/bcdr/device/*/asset"), 4, 12);
    }

    [Fact]
    public async Task TheClientSideRateLimitSpacesRequests()
    {
        var partner = DattoTestbed.SmallPartner();
        partner.OrganizationCount = 2;
        partner.SaasDomainsPerOrganization = 0;
        await using var bed = await DattoTestbed.StartAsync(partner, o => o.RequestsPerSecond = 5);

        await bed.PullAsync();

        var calls = bed.Simulator.Requests.All;
        // 1 device page, 4 asset lists, DTC, EB4PC, SaaS domains.
        Assert.Equal(8, calls.Count);
        var span = calls[^1].ReceivedAt - calls[0].ReceivedAt;
        Assert.True(span >= TimeSpan.FromSeconds(7 * 0.2 * 0.8), $"8 requests took {span.TotalMilliseconds} ms at 5/s");
    }
}
