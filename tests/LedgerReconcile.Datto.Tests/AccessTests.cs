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
    public async Task AForbiddenAnswerMidSyncStillStopsTheSync()
    {
        await using var bed = await DattoTestbed.StartAsync();
        var serial = bed.Partner(p => p.Devices[6].SerialNumber);
        bed.Simulator.Faults.Add(DattoFault.Status($"/bcdr/device/{serial}/asset", 403));

        var error = await Assert.ThrowsAsync<DattoAuthorizationException>(() => bed.PullAsync());

        Assert.Equal($"bcdr/device/{serial}/asset", error.Route);
        Assert.Equal(1, bed.Simulator.Requests.Count($"/bcdr/device/{serial}/asset"));
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
