using LedgerReconcile.Datto.Usage;
using LedgerReconcile.Simulators.Datto;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LedgerReconcile.Datto.Tests;

public sealed class AccessTests
{
    [Fact]
    public async Task AWrongKeyPairStopsTheSyncNamingTheKeyPair()
    {
        await using var bed = await DattoTestbed.StartAsync(tune: o => o.SecretKey = "not-the-secret");

        var error = await Assert.ThrowsAsync<DattoAuthenticationException>(() => bed.PullAsync());

        Assert.Contains("401", error.Message);
        Assert.Contains("public/secret key pair is wrong", error.Message);
        Assert.Equal([401], bed.Simulator.Requests.All.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task AnOutOfScopeKeyStopsTheSyncNamingTheScope()
    {
        await using var bed = await DattoTestbed.StartAsync();
        bed.Simulator.Faults.Add(DattoFault.Status("/bcdr/device", 403));

        var error = await Assert.ThrowsAsync<DattoAuthorizationException>(() => bed.PullAsync());

        Assert.Contains("403", error.Message);
        Assert.Contains("valid but out of scope", error.Message);
        Assert.Contains("restricted to one client", error.Message);
        Assert.Equal(1, bed.Simulator.Requests.Count("/bcdr/device"));
    }

    [Fact]
    public async Task AForbiddenAnswerForOneDevicesAssetsLeavesOnlyThoseAssetsUnknown()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[6].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.Status($"/bcdr/device/{serial}/asset", 403));

        var usage = await bed.PullAsync();

        Assert.Null(usage.Devices.Single(d => d.SerialNumber == serial).Assets);
        Assert.All(usage.Devices.Where(d => d.SerialNumber != serial), d => Assert.NotNull(d.Assets));
        var warning = Assert.Single(usage.Warnings, w => w.Subject == serial);
        Assert.Equal(DattoWarningKind.AssetsUnavailable, warning.Kind);
        Assert.Contains("403 Forbidden", warning.Detail);
        Assert.Contains("out of scope", warning.Detail);
        Assert.Equal(1, bed.Simulator.Requests.Count($"/bcdr/device/{serial}/asset"));
    }

    [Theory]
    [InlineData("/saas/domains", 403)]
    [InlineData("/saas/domains", 404)]
    [InlineData("/bcdr/agent", 403)]
    [InlineData("/dtc/assets", 403)]
    public async Task AForbiddenOrMissingSectionIsAWarningForThatSectionOnly(string route, int status)
    {
        await using var bed = await DattoTestbed.StartAsync();
        bed.Simulator.Faults.Add(DattoFault.Status(route, status));

        var usage = await bed.PullAsync();

        var section = route switch
        {
            "/saas/domains" => (object?)usage.SaasDomains,
            "/bcdr/agent" => usage.EndpointAgents,
            _ => usage.DtcAssets,
        };
        Assert.Null(section);
        Assert.NotEmpty(usage.Devices);
        Assert.All(usage.Devices, d => Assert.NotNull(d.Assets));
        Assert.Contains(usage.Warnings, w => w.Kind == DattoWarningKind.EndpointUnavailable && w.Detail.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestConnectionReportsOkWithTheDeviceCount()
    {
        await using var bed = await DattoTestbed.StartAsync();

        var result = await bed.Client.TestConnectionAsync();

        Assert.True(result.Ok, result.Message);
        Assert.Contains("12 BCDR device(s)", result.Message);
        Assert.Single(bed.Simulator.Requests.All);
    }

    [Fact]
    public async Task TestConnectionNamesAWrongKeyPair()
    {
        await using var bed = await DattoTestbed.StartAsync(tune: o => o.PublicKey = "someone-else");

        var result = await bed.Client.TestConnectionAsync();

        Assert.Equal(DattoConnectionProblem.InvalidKeyPair, result.Problem);
        Assert.Contains("public/secret key pair is wrong", result.Message);
    }

    [Fact]
    public async Task TestConnectionNamesAnOutOfScopeKey()
    {
        await using var bed = await DattoTestbed.StartAsync();
        bed.Simulator.Faults.Add(DattoFault.Status("/bcdr/device", 403));

        var result = await bed.Client.TestConnectionAsync();

        Assert.Equal(DattoConnectionProblem.KeyOutOfScope, result.Problem);
        Assert.Contains("out of scope", result.Message);
    }

    [Fact]
    public async Task TestConnectionReportsAnUnreachableApi()
    {
        await using var bed = await DattoTestbed.StartAsync(tune: o => o.MaxRetryAttempts = 1);
        bed.Simulator.Faults.Add(DattoFault.Status("/bcdr/device", 503));

        var result = await bed.Client.TestConnectionAsync();

        Assert.Equal(DattoConnectionProblem.Unavailable, result.Problem);
        Assert.Contains("503", result.Message);
    }

    [Fact]
    public void MissingKeysAreRejectedWhenTheClientIsResolved()
    {
        var services = new ServiceCollection();
        services.AddDattoClient(o => o.PublicKey = "only-public");
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<DattoClient>());

        Assert.Contains("Datto:SecretKey is required", error.Message);
    }
}
