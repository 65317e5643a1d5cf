using System.Net;
using System.Net.Http.Headers;
using System.Text;
using LedgerReconcile.Simulators.Datto;

namespace LedgerReconcile.Datto.Tests;

// The simulator is only worth testing against if it behaves like Datto where the reference is confirmed.
public sealed class SimulatorFidelityTests
{
    [Theory]
    [InlineData("bcdr/device", null, HttpStatusCode.Unauthorized)]
    [InlineData("bcdr/nothing-here", null, HttpStatusCode.NotFound)]
    [InlineData("bcdr/device", "sim-public-key:sim-secret-key", HttpStatusCode.OK)]
    [InlineData("bcdr/device", "sim-secret-key:sim-public-key", HttpStatusCode.Unauthorized)]
    public async Task BasicAuthIsCheckedLikeDatto(string route, string? credentials, HttpStatusCode expected)
    {
        await using var simulator = await DattoSimulator.StartAsync(DattoTestbed.SmallPartner());
        using var http = new HttpClient { BaseAddress = simulator.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, route);
        if (credentials is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));

        using var response = await http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (!response.IsSuccessStatusCode) Assert.Contains("\"code\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheSamePartnerIsGeneratedFromTheSameSeed()
    {
        await using var first = await DattoSimulator.StartAsync(new DattoSimulatorOptions { OrganizationCount = 20, Seed = 7 });
        await using var second = await DattoSimulator.StartAsync(new DattoSimulatorOptions { OrganizationCount = 20, Seed = 7 });
        await using var other = await DattoSimulator.StartAsync(new DattoSimulatorOptions { OrganizationCount = 20, Seed = 8 });

        static string Fingerprint(DattoSimulator simulator) => simulator.Read(p => string.Join("|", p.Devices.Select(d =>
            $"{d.SerialNumber}:{d.OffsiteStorage}:{string.Join(",", d.Assets.Select(a => a.Volume))}")));

        Assert.Equal(Fingerprint(first), Fingerprint(second));
        Assert.NotEqual(Fingerprint(first), Fingerprint(other));
        Assert.Equal(80, first.Read(p => p.Devices.Count));
    }
}
